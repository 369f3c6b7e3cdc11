/**
 * Text measurement with the advance widths of the fonts our documents are drawn with (the
 * metric-compatible faces of font-metrics-data.ts, generated from the TrueType files): which face a
 * font name is measured with, the width of a string, and greedy word wrapping of styled runs to a
 * width, the way office applications break lines (at spaces; a word longer than the line breaks
 * between characters).
 */
import { FONT_METRICS, type FaceMetrics } from './font-metrics-data';

export type FaceKey = keyof typeof FONT_METRICS;

/** The measured face for a font name: Calibri → Carlito, Cambria → Caladea, Times → Liberation Serif… */
export function faceKeyFor(font: string): FaceKey {
  const f = font.toLowerCase();
  if (/calibri|carlito/.test(f)) return 'carlito';
  if (/cambria|caladea/.test(f)) return 'caladea';
  if (/mono|courier|consolas|menlo/.test(f)) return 'liberationMono';
  if (/times|georgia|garamond|palatino|antiqua|tinos|serif/.test(f) && !/sans/.test(f)) return 'liberationSerif';
  if (/dejavu|verdana|tahoma/.test(f)) return 'dejaVuSans';
  // Arial, Helvetica, Liberation Sans, Arimo, and fonts we do not ship (measured as Arial-wide)
  return 'liberationSans';
}

function face(font: string, bold: boolean): FaceMetrics {
  const f = FONT_METRICS[faceKeyFor(font)];
  return bold ? f.bold : f.regular;
}

function charWidth(m: FaceMetrics, cp: number): number {
  if (cp < 32) return 0;
  if (cp === 0xa0) return m.widths[0]!;
  if (cp <= 255) return m.widths[cp - 32] || (cp >= 127 && cp < 160 ? 0 : m.fallback);
  return m.extra[cp] ?? m.fallback;
}

/** Width of `text` in points at `sizePt`. */
export function textWidthPt(text: string, font: string, sizePt: number, bold = false): number {
  const m = face(font, bold);
  let units = 0;
  for (const ch of text) units += charWidth(m, ch.codePointAt(0)!);
  return (units * sizePt) / 1000;
}

/** Height of one line of single-spaced text, points (the face's ascent + descent). */
export function lineHeightPt(font: string, sizePt: number): number {
  return FONT_METRICS[faceKeyFor(font)].regular.lineHeight * sizePt;
}

export interface StyledRun {
  text: string;
  font: string;
  sizePt: number;
  bold?: boolean;
}

export interface WrappedParagraph {
  /** lines the paragraph takes (at least 1, even when empty) */
  lines: number;
  /** lines × line height of the paragraph's largest run, points */
  heightPt: number;
  /** width of the longest line, points */
  widestLinePt: number;
  /** width of the longest single word, points (wider than the line: the word is broken) */
  longestWordPt: number;
}

interface Piece {
  width: number;
  space: boolean;
  /** a line break ("\n") */
  newline: boolean;
}

/** Words and spaces with their widths; a word that spans runs ("Rich" bold + "er" plain) stays one word. */
function pieces(runs: StyledRun[]): Piece[] {
  const out: Piece[] = [];
  for (const r of runs) {
    for (const tok of r.text.match(/\n|[^\S\n]+|[^\s]+/g) ?? []) {
      if (tok === '\n') {
        out.push({ width: 0, space: false, newline: true });
        continue;
      }
      const space = /^\s/.test(tok);
      const width = textWidthPt(tok, r.font, r.sizePt, !!r.bold);
      const last = out[out.length - 1];
      if (last && !last.space && !last.newline && !space) last.width += width;
      else out.push({ width, space, newline: false });
    }
  }
  return out;
}

/** Lines a paragraph of runs wraps to in a line `widthPt` wide. */
export function wrapParagraph(runs: StyledRun[], widthPt: number): WrappedParagraph {
  const width = Math.max(widthPt, 1);
  let lines = 1;
  let line = 0;
  let pendingSpace = 0;
  let widest = 0;
  let longestWord = 0;
  for (const p of pieces(runs)) {
    if (p.newline) {
      widest = Math.max(widest, line);
      lines++;
      line = 0;
      pendingSpace = 0;
      continue;
    }
    if (p.space) {
      pendingSpace += p.width;
      continue;
    }
    longestWord = Math.max(longestWord, p.width);
    if (line > 0 && line + pendingSpace + p.width > width) {
      widest = Math.max(widest, line);
      lines++;
      line = 0;
    } else if (line > 0) line += pendingSpace;
    pendingSpace = 0;
    // a word longer than the line breaks between characters
    let w = p.width;
    while (line + w > width && line === 0 && w > width) {
      widest = width;
      lines++;
      w -= width;
    }
    line += w;
  }
  widest = Math.max(widest, line);
  const size = Math.max(...runs.map((r) => r.sizePt), 1);
  const font = runs.find((r) => r.sizePt === size)?.font ?? 'Calibri';
  return { lines, heightPt: lines * lineHeightPt(font, size), widestLinePt: widest, longestWordPt: longestWord };
}
