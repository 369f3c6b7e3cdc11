/**
 * Rough widths of text in Excel column-width units (the width of the digit "0" in the workbook's
 * default font, which is what a column width of 8.43 counts), and how many lines wrapped text
 * takes. Proportions are those of Calibri; good to a character or so on ordinary labels.
 */

const NARROW = new Set([...'iljI.,:;\'!|`']);
const SEMI = new Set([...'frt()[]{}-/\\" ']);
const WIDE = new Set([...'mwMW@%&']);

/** Width of one character relative to a digit. */
export function charUnits(code: number, ch: string): number {
  if (code >= 48 && code <= 57) return 1;
  if (NARROW.has(ch)) return 0.45;
  if (SEMI.has(ch)) return 0.6;
  if (WIDE.has(ch)) return 1.45;
  if (code >= 65 && code <= 90) return 1.15;
  if (code >= 97 && code <= 122) return 0.92;
  // CJK, Hangul, full-width forms, emoji
  if (code >= 0x1100) return 1.9;
  return 0.95;
}

/** Width of a line of text at `fontSize` (relative to the default font size), bold a little wider. */
export function lineWidth(text: string, fontSize: number, bold: boolean, baseSize = 11): number {
  let w = 0;
  for (const ch of text) w += charUnits(ch.codePointAt(0)!, ch);
  return w * (fontSize / baseSize) * (bold ? 1.07 : 1);
}

/** Width of the widest line of a text. */
export function textWidth(text: string, fontSize: number, bold: boolean, baseSize = 11): number {
  if (!text.includes('\n')) return lineWidth(text, fontSize, bold, baseSize);
  let max = 0;
  for (const line of text.split('\n')) max = Math.max(max, lineWidth(line, fontSize, bold, baseSize));
  return max;
}

/** Lines the text takes when wrapped at `width` units (words kept whole unless one is wider than a line). */
export function wrappedLines(text: string, width: number, fontSize: number, bold: boolean, baseSize = 11): number {
  const space = lineWidth(' ', fontSize, bold, baseSize);
  const avail = Math.max(width, 0.5);
  let lines = 0;
  for (const para of text.split('\n')) {
    let used = 0;
    let count = 1;
    for (const word of para.split(/ +/)) {
      if (!word) continue;
      const w = lineWidth(word, fontSize, bold, baseSize);
      if (used === 0) {
        count += Math.max(0, Math.ceil(w / avail) - 1);
        used = w > avail ? w % avail : w;
      } else if (used + space + w <= avail) used += space + w;
      else {
        count += Math.ceil(w / avail);
        used = w > avail ? w % avail : w;
      }
    }
    lines += count;
  }
  return lines;
}

/** Height of one line of text in points (15 pt for 11 pt Calibri). */
export function lineHeight(fontSize: number): number {
  return (fontSize * 15) / 11;
}
