/**
 * Details a deck prompt gives beyond its slide count and kind: the slides it names ("with slides
 * Problem, Causes, Options", "covering A, B and C", "…: status, milestones, risks"), a two-column
 * comparison ("on-prem vs cloud"), an agenda slide, speaker notes, a company name ("a startup
 * called FreshBox") and the number of training modules.
 */
import { NUMBER_WORDS } from './prompt-grammar';
import { capitalize, splitList, toNumber } from './parse-prompt';

const NAME_END = '(?=\\s*[.;!?](?:\\s|$)|\\s*,?\\s+(?:with|including|plus|and\\s+(?:an?|the|some)\\s|in\\s+(?:\\d+|one|two|three|four|five|six|seven|eight|nine|ten|twelve)\\b|using|that|where|for\\s+(?:the|our|a|an)\\s)|\\s*,\\s*(?:\\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty)\\b|\\s*$)';

/** Names the prompt gives for the content slides, in order; [] when it gives none. */
export function namedSlides(text: string, sections: string[]): { names: string[]; via?: 'covering' | 'colon' | 'slides' | 'sections' } {
  const t = text.replace(/\s+/g, ' ').trim();
  const clean = (items: string[]) =>
    items
      .map((x) => x.replace(/^(?:a|an|the|one|slides?)\s+(?:slide\s+)?(?:on|about|for)?\s*/i, '').replace(/\s+slides?$/i, '').trim())
      .filter((x) => x && x.split(/\s+/).length <= 6 && !/^(charts?|tables?|speaker notes|notes|agenda|images?)$/i.test(x));
  // "with slides Problem, Causes, Options and Recommendation", "slides: A, B, C", "slides titled A, B"
  const slides = new RegExp(`\\b(?:(?:with|including|containing|having)\\s+(?:the\\s+)?slides?\\s*(?:titled|called|named|:)?\\s*(?!on\\b|about\\b|for\\b)|slides?\\s*(?:titled\\s+|called\\s+|named\\s+|:\\s*))(.+?)${NAME_END}`, 'i').exec(t);
  if (slides) {
    const names = clean(splitList(slides[1]!));
    if (names.length >= 2) return { names, via: 'slides' };
  }
  if (sections.length >= 2) return { names: sections, via: 'sections' };
  // "covering financial results, hiring and strategy"
  const covering = new RegExp(`\\b(?:covering|cover(?:s)?|on\\s+the\\s+topics?|topics?\\s*:|agenda\\s*:)\\s+(.+?)${NAME_END}`, 'i').exec(t);
  if (covering) {
    const names = clean(splitList(covering[1]!));
    if (names.length >= 2) return { names, via: 'covering' };
  }
  // "project update on the warehouse programme: status, milestones, risks and next steps"
  const colon = new RegExp(`^[^:]{3,120}:\\s*(.+?)${NAME_END}`, 'i').exec(t);
  if (colon && !/["“]/.test(colon[1]!)) {
    const names = clean(splitList(colon[1]!));
    if (names.length >= 3 && names.every((n) => n.split(/\s+/).length <= 4)) return { names, via: 'colon' };
  }
  return { names: [] };
}

/** The words before the named slide list ("slides for a board meeting covering …" → "slides for a board meeting"). */
export function beforeList(text: string, via: 'covering' | 'colon' | 'slides' | 'sections' | undefined): string | undefined {
  if (via === 'covering') return /^(.*?)\s*,?\s+\b(?:covering|covers?|on\s+the\s+topics?|topics?\s*:|agenda\s*:)/i.exec(text)?.[1];
  if (via === 'colon') return text.split(':')[0];
  return undefined;
}

/** "a two-column comparison of on-prem vs cloud", "compare Plan A and Plan B": the two sides. */
export function comparison(text: string): { left: string; right: string } | undefined {
  const t = text.replace(/\s+/g, ' ');
  const side = "([\\w&'+.-]+(?:\\s+[\\w&'+.-]+){0,3}?)";
  const vs = new RegExp(`${side}\\s+(?:vs\\.?|versus)\\s+${side}(?=\\s*[,.;]|\\s+(?:with|and|in|for|on|slide|as)\\b|\\s*$)`, 'i').exec(t);
  const between = new RegExp(`\\b(?:compar(?:e|ing|ison)\\s+(?:of\\s+|between\\s+)?(?:the\\s+)?)${side}\\s+(?:and|with|to)\\s+(?:the\\s+)?${side}(?=\\s*[,.;]|\\s+(?:with|in|for|on|slide|as)\\b|\\s*$)`, 'i').exec(t);
  // "a chart of revenue vs target": the series of a chart, not two sides to compare
  const charted = (x: RegExpExecArray | null) => !!x && (/\b(?:charts?|graphs?|plots?)\b/i.test(x[1]!) || /\b(?:charts?|graphs?|plots?)\s+(?:of|showing|comparing|for)\s+(?:the\s+)?$/i.test(t.slice(0, x.index + (x[0].length - x[0].trimStart().length))));
  const m = (charted(vs) ? null : vs) ?? between;
  if (m) {
    const strip = (s: string) => {
      let x = s.trim();
      for (let prev = ''; prev !== x; ) {
        prev = x;
        // "deck comparing AWS", "a presentation on cloud": the format and its verb are not a side
        x = x.replace(/^(?:a|an|the|of|between|comparison|comparing|compare|compares|two-column|2-column|side-by-side|slide|slides|deck|presentation|slideshow|on|about|covering)\s+/i, '');
      }
      return /^[a-z]+[A-Z]/.test(x) ? x : capitalize(x);
    };
    const left = strip(m[1]!);
    const right = strip(m[2]!);
    if (left && right && left.toLowerCase() !== right.toLowerCase()) return { left, right };
  }
  if (/\b(two|2)[- ]column\b|\bside[- ]by[- ]side\b|\bcomparison\b|\bpros and cons\b|\bbefore and after\b/i.test(t)) {
    if (/\bpros and cons\b/i.test(t)) return { left: 'Pros', right: 'Cons' };
    if (/\bbefore and after\b/i.test(t)) return { left: 'Before', right: 'After' };
    return { left: 'Option A', right: 'Option B' };
  }
  return undefined;
}

export const wantsAgenda = (text: string) => /\bagenda\b/i.test(text);
export const wantsNotes = (text: string) => /\b(?:speaker|speaker's|speakers'|presenter|presenter's|talking|speaking)\s+notes\b|\bwith\s+notes\b|\bnotes\s+for\s+the\s+(?:speaker|presenter)\b/i.test(text);

/** "a startup called FreshBox", "our app named Tally": the name (an unquoted capitalised name). */
export function companyName(text: string): string | undefined {
  return /\b(?:called|named)\s+([A-Z][\w&.'-]*(?:\s+[A-Z][\w&.'-]*){0,2})/.exec(text)?.[1]?.replace(/[.,]+$/, '');
}

/** "with 5 modules", "in four modules". */
export function moduleCount(text: string): number | undefined {
  const m = new RegExp(`\\b(\\d{1,2}|${Object.keys(NUMBER_WORDS).join('|')})\\s+(?:training\\s+)?modules\\b`, 'i').exec(text);
  const n = m?.[1] ? toNumber(m[1]) : undefined;
  return n && n >= 1 && n <= 12 ? n : undefined;
}
