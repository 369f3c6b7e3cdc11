/** What the offline model can read from a prompt: title, subject, sheet / column / section names, counts. */

export interface PromptFacts {
  text: string;
  title?: string;
  subject: string;
  sheets: string[];
  sheetCount?: number;
  columns: string[];
  rows?: number;
  slides?: number;
  sections: string[];
  wantsChart: boolean;
  chartType?: 'bar' | 'column' | 'line' | 'pie';
  wantsTable: boolean;
}

const WORDS: Record<string, number> = {
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19, twenty: 20,
  thirty: 30,
};
const NUM = `(\\d{1,3}|${Object.keys(WORDS).join('|')})`;

export function toNumber(s: string | undefined): number | undefined {
  if (!s) return undefined;
  const n = /^\d+$/.test(s) ? Number(s) : WORDS[s.toLowerCase()];
  return n !== undefined && Number.isFinite(n) ? n : undefined;
}

const STOP_START = /^(with|each|containing|of|for|that|which|in|to|and|the|a|an|per|including)\b/i;

export function cleanName(s: string): string {
  return s
    .trim()
    .replace(/^["“'‘`]+|["”'’`]+$/g, '')
    .replace(/^(the|a|an)\s+/i, '')
    .replace(/\s+(sheet|tab|column|section)s?$/i, '')
    .trim();
}

/** "A, B and C" / "A, B, C" / "A and B" → names (quotes stripped). */
export function splitList(s: string): string[] {
  return s
    .split(/\s*,\s*(?:and\s+)?|\s+and\s+|\s*;\s*|\s*\/\s*/i)
    .map(cleanName)
    .filter((x) => x.length > 0 && x.length <= 60 && !STOP_START.test(x));
}

export function capitalize(s: string): string {
  return s ? s[0]!.toUpperCase() + s.slice(1) : s;
}

export function titleCase(s: string): string {
  const small = new Set(['a', 'an', 'and', 'or', 'of', 'the', 'for', 'to', 'in', 'on', 'vs', 'with']);
  return s
    .split(/\s+/)
    .map((w, i) => (i > 0 && small.has(w.toLowerCase()) ? w.toLowerCase() : /[A-Z0-9]/.test(w.slice(1)) ? w : capitalize(w)))
    .join(' ');
}

function firstQuoted(text: string): string | undefined {
  const named = /\b(?:titled|entitled|called|named|title)\s*:?\s*["“]([^"”]{2,120})["”]/i.exec(text);
  if (named) return named[1]!.trim();
  return /["“]([^"”]{2,120})["”]/.exec(text)?.[1]?.trim();
}

const FORMAT_NOUNS = /\b(excel\s+)?(workbook|spreadsheet|sheet|deck|presentation|slides?|slideshow|document|doc|word\s+document|memo|report|file)\b/i;

function subjectOf(text: string): string {
  const about = /\b(?:about|on|covering|regarding|explaining|describing)\s+(.+?)(?=\s+(?:with|including|that|which|using|where|and\s+(?:add|include|a|an))\b|[,.;:\n!?]|$)/i.exec(text);
  if (about && !/^\d/.test(about[1]!)) return cleanName(about[1]!.replace(/^(how|why|what)\s+/i, (m) => m));
  let s = text.replace(/^\s*(please\s+)?(create|make|build|generate|write|draft|prepare|produce|design|give me|i need)\s+(me\s+)?/i, '');
  s = s.replace(/^(a|an|the)\s+/i, '').replace(new RegExp(`^${NUM}[-\\s](?:slides?|pages?|sheets?)\\s+`, 'i'), '');
  s = s.split(/\s+(?:with|including|that|which|using|for\s+the)\b|[,.;:\n!?]/i)[0] ?? s;
  s = s.replace(/\s*\(.*$/, '').trim();
  return s || 'the requested topic';
}

export function parsePrompt(text: string): PromptFacts {
  const t = text.replace(/\s+/g, ' ').trim();
  const facts: PromptFacts = { text: t, subject: subjectOf(t), sheets: [], columns: [], sections: [], wantsChart: /\b(chart|graph|plot)\b/i.test(t), wantsTable: /\btables?\b/i.test(t) };
  const title = firstQuoted(t) ?? /\b(?:titled|entitled)\s+([^,.;"“]+)/i.exec(t)?.[1]?.trim();
  if (title) facts.title = title;

  const chartType = /\b(bar|column|line|pie)\s+(?:chart|graph)/i.exec(t)?.[1]?.toLowerCase();
  if (chartType) facts.chartType = chartType as PromptFacts['chartType'];

  // The list ends at the next clause: "…, columns A, B", "…, 6 rows each", "… with …".
  const sheets = /\b(?:sheets|tabs)\s*(?:named|called|:)?\s+(.+?)(?=,?\s+(?:with|each|containing|that|where|having|columns?|rows?)\b|,\s*\d|[.;:\n]|$)/i.exec(t);
  if (sheets) facts.sheets = splitList(sheets[1]!);
  if (!facts.sheets.length) {
    const one = /\b(?:sheet|tab)\s+(?:named|called)\s+["“]?([^"”,.;]+?)["”]?(?=\s+(?:with|each|containing)\b|[,.;]|$)/i.exec(t);
    if (one) facts.sheets = [cleanName(one[1]!)];
  }
  const sheetCount = new RegExp(`\\b${NUM}\\s+(?:sheets|tabs)\\b`, 'i').exec(t);
  if (sheetCount) facts.sheetCount = toNumber(sheetCount[1]);

  const cols = /\bcolumns?\s*(?:named|called|for|:)?\s+(.+?)(?=\s+(?:and\s+)?(?:\d+|with|for|on|in|per|over|across)\s|[.;:\n]|$)/i.exec(t);
  if (cols) facts.columns = splitList(cols[1]!).slice(0, 26);

  const rows = new RegExp(`\\b${NUM}\\s+(?:data\\s+)?(?:rows|records|entries|lines|items|products|employees|customers)\\b`, 'i').exec(t);
  const months = new RegExp(`\\b${NUM}\\s+months\\b`, 'i').exec(t);
  if (rows) facts.rows = toNumber(rows[1]);
  else if (months) facts.rows = toNumber(months[1]);
  else if (/\bmonthly|by month|per month|each month\b/i.test(t)) facts.rows = 12;
  else if (/\bquarterly|by quarter|per quarter\b/i.test(t)) facts.rows = 4;

  const slides = new RegExp(`\\b${NUM}[-\\s](?:slides?|pages?)\\b`, 'i').exec(t);
  if (slides) facts.slides = toNumber(slides[1]);

  const sections = /\bsections?\s*(?:named|called|titled|on|:)?\s+(.+?)(?=[.;\n]|$)/i.exec(t);
  if (sections) facts.sections = splitList(sections[1]!.replace(/\s+(?:and\s+)?(?:add|include|with)\s+.*$/i, '')).slice(0, 30);
  return facts;
}

/** The subject without format nouns ("Q3 sales report" → "Q3 sales"), for titles and text. */
export function topicOf(facts: PromptFacts): string {
  const s = facts.subject.replace(FORMAT_NOUNS, '').replace(/\s{2,}/g, ' ').trim();
  return s || facts.subject;
}

export function hashString(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return h >>> 0;
}

/** Deterministic pseudo-random numbers (mulberry32) seeded from a string. */
export function seededRandom(seed: string): () => number {
  let a = hashString(seed);
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
