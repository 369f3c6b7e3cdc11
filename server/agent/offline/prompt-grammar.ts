/**
 * The offline model's prompt interpreter: a small lexicon and a phrase grammar over the tokens of a
 * prompt. `parseTree` returns the phrases it recognised (a flat parse tree: one node per phrase, in
 * prompt order); words it does not recognise are only ever used for the subject, never as sheet,
 * column or section names (those come from explicit lists: "sheets A, B", "columns X and Y").
 */

import { featurePhrases, type Feature } from './feature-phrases';

export type TokenKind = 'word' | 'num' | 'quote' | 'punct';
export interface Token {
  kind: TokenKind;
  text: string;
  lower: string;
  n?: number;
}

export type ChartType = 'bar' | 'column' | 'line' | 'pie' | 'area' | 'scatter' | 'doughnut';
export type Measure = 'total' | 'average' | 'growth' | 'variance' | 'variancePct' | 'share' | 'rank';
export type Dimension = 'day' | 'month' | 'quarter' | 'year' | 'week' | 'region' | 'product' | 'department' | 'category' | 'channel' | 'country' | 'team' | 'customer' | 'segment' | 'store';
export type ListOf = 'sheet' | 'column' | 'section' | 'implicit';
export type CountOf = 'sheet' | 'column' | 'row' | 'slide' | 'page' | 'section' | 'chart' | 'table' | 'month' | 'quarter' | 'year' | 'week';

export type PromptNode =
  | { type: 'list'; of: ListOf; items: string[] }
  | { type: 'count'; of: CountOf; n: number }
  | { type: 'chart'; chartType?: ChartType; plural: boolean; series: string[]; by?: string }
  | { type: 'table'; plural: boolean }
  | { type: 'title'; text: string }
  | { type: 'measure'; measure: Measure }
  | { type: 'each'; dim: Dimension }
  | { type: 'range'; from: { year: number; month?: number }; to: { year: number; month?: number } }
  | { type: 'about'; text: string }
  | { type: 'contents' }
  | { type: 'feature'; feature: Feature };

export interface ParseTree {
  tokens: Token[];
  nodes: PromptNode[];
  /** indices of the tokens no phrase consumed */
  rest: number[];
  /** indices of the tokens of a period that qualifies the subject ("Q3", "Q1 2026", "2026", "FY25"): kept in titles */
  qualifiers: number[];
}

// ---------------------------------------------------------------- lexicon

export const NUMBER_WORDS: Record<string, number> = {
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19,
  twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, hundred: 100, dozen: 12,
};

const NOUNS: Record<string, CountOf> = {
  sheet: 'sheet', sheets: 'sheet', tab: 'sheet', tabs: 'sheet', worksheet: 'sheet', worksheets: 'sheet',
  column: 'column', columns: 'column', field: 'column', fields: 'column', headers: 'column',
  row: 'row', rows: 'row', record: 'row', records: 'row', entry: 'row', entries: 'row', line: 'row', lines: 'row', item: 'row', items: 'row',
  products: 'row', employees: 'row', customers: 'row', reps: 'row', salespeople: 'row', agents: 'row', students: 'row', pupils: 'row', clients: 'row', contacts: 'row', suppliers: 'row', vendors: 'row', members: 'row', leads: 'row', candidates: 'row', assets: 'row', staff: 'row', transactions: 'row', orders: 'row', tasks: 'row', skus: 'row', invoices: 'row', deals: 'row', people: 'row', projects: 'row', accounts: 'row',
  slide: 'slide', slides: 'slide', page: 'page', pages: 'page',
  section: 'section', sections: 'section', chapter: 'section', chapters: 'section',
  chart: 'chart', charts: 'chart', graph: 'chart', graphs: 'chart', plot: 'chart', plots: 'chart',
  table: 'table', tables: 'table',
  month: 'month', months: 'month', quarter: 'quarter', quarters: 'quarter', year: 'year', years: 'year', week: 'week', weeks: 'week',
};
/** nouns that open a name list */
const LIST_NOUNS: Record<string, ListOf> = {
  sheets: 'sheet', tabs: 'sheet', worksheets: 'sheet', sheet: 'sheet', tab: 'sheet',
  columns: 'column', fields: 'column', column: 'column', field: 'column', headers: 'column',
  sections: 'section', section: 'section', chapters: 'section', chapter: 'section',
};
const CHART_TYPES: Record<string, ChartType> = { bar: 'bar', column: 'column', line: 'line', pie: 'pie', area: 'area', scatter: 'scatter', doughnut: 'doughnut', donut: 'doughnut' };
const TITLE_VERBS = new Set(['titled', 'entitled', 'called', 'named', 'title']);
/** words that end a name and never start one */
const STOP = new Set([
  'with', 'including', 'include', 'includes', 'containing', 'contains', 'each', 'that', 'which', 'where', 'having', 'plus', 'as', 'for', 'per', 'by', 'from', 'to',
  'over', 'across', 'showing', 'using', 'a', 'an', 'the', 'and', 'or', 'then', 'also', 'add', 'make', 'create', 'build', 'please', 'into', 'about', 'on', 'in', 'of', 'at', 'is', 'are', 'should', 'must', 'will',
  'titled', 'entitled', 'called', 'named',
]);
/** words that do not start a subject phrase on their own */
const DETERMINERS = new Set(['every', 'all', 'some', 'this', 'these', 'its', 'their', 'our', 'my', 'your']);
/** connectors allowed inside a multi-word name ("Cost of goods", "Sales in EUR") */
const INNER = new Set(['of', 'in', 'per', 'vs', 'to', 'on', 'for']);
const DIMENSIONS: Record<string, Dimension> = {
  day: 'day', days: 'day', daily: 'day',
  month: 'month', months: 'month', monthly: 'month', quarter: 'quarter', quarters: 'quarter', quarterly: 'quarter', year: 'year', years: 'year', yearly: 'year', annual: 'year', annually: 'year',
  week: 'week', weeks: 'week', weekly: 'week', region: 'region', regions: 'region', product: 'product', products: 'product', department: 'department', departments: 'department', category: 'category', categories: 'category',
  channel: 'channel', channels: 'channel', country: 'country', countries: 'country', team: 'team', teams: 'team', customer: 'customer', customers: 'customer', segment: 'segment', segments: 'segment', store: 'store', stores: 'store',
};
const MEASURE_WORDS = new Set(['total', 'totals', 'sum', 'subtotal', 'subtotals', 'average', 'averages', 'avg', 'mean', 'growth', 'yoy', 'variance', 'variances', 'share', 'percent', 'percentage', 'rank', 'ranking', 'chart', 'charts', 'graph', 'table', 'tables', 'formulas', 'formatting', 'colors', 'colours', 'notes', 'comments', 'examples', 'sample', 'data']);
const MONTH_WORDS = new Set(['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december', 'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday']);
const MONTH_NAMES = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

export function numberOf(t: Token | undefined): number | undefined {
  if (!t) return undefined;
  if (t.kind === 'num') return t.n;
  if (t.kind === 'word') return NUMBER_WORDS[t.lower];
  return undefined;
}

// ---------------------------------------------------------------- tokenizer

export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  const re = /["“”]([^"“”]{1,160})["“”]|‘([^’]{1,160})’|(\d+(?:[.,]\d+)?)-(?=[A-Za-z])|(\d+(?:[.,]\d+)?%?)|([A-Za-zÀ-ÿ][\w&'’À-ÿ.-]*%?|%|\$|€|£|#)|([,;:/.!?()\n-])/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    if (m[1] !== undefined || m[2] !== undefined) {
      const q = (m[1] ?? m[2]!).trim();
      out.push({ kind: 'quote', text: q, lower: q.toLowerCase() });
    } else if (m[3] !== undefined || m[4] !== undefined) {
      const s = m[3] ?? m[4]!;
      if (s.endsWith('%')) out.push({ kind: 'word', text: s, lower: s });
      else out.push({ kind: 'num', text: s, lower: s, n: Number(s.replace(',', '.')) });
    } else if (m[5] !== undefined) {
      let w = m[5];
      // a trailing full stop ends the sentence, except in abbreviations like "e.g."
      let dot = false;
      if (w.endsWith('.') && !/\.\w/.test(w)) {
        w = w.slice(0, -1);
        dot = true;
      }
      if (w) out.push({ kind: 'word', text: w, lower: w.toLowerCase().replace(/’/g, "'") });
      if (dot) out.push({ kind: 'punct', text: '.', lower: '.' });
    } else if (m[6] !== undefined) {
      out.push({ kind: 'punct', text: m[6], lower: m[6] });
    }
  }
  return out;
}

// ---------------------------------------------------------------- grammar

const isSep = (t: Token | undefined) => !!t && ((t.kind === 'punct' && (t.text === ',' || t.text === ';' || t.text === '/')) || (t.kind === 'word' && (t.lower === 'and' || t.lower === 'or' || t.lower === '&')));
const isEnd = (t: Token | undefined) => !t || (t.kind === 'punct' && /[.:!?()\n]/.test(t.text));
const isNoun = (t: Token | undefined, ...of: CountOf[]) => !!t && t.kind === 'word' && NOUNS[t.lower] !== undefined && (of.length === 0 || of.includes(NOUNS[t.lower]!));
const isChartType = (toks: Token[], i: number) => toks[i]?.kind === 'word' && CHART_TYPES[toks[i].lower] !== undefined && isNoun(toks[i + 1], 'chart');

/** Is the token at i the start of a structure phrase (a count, a list noun, a chart, a table…)? */
function startsPhrase(toks: Token[], i: number): boolean {
  const t = toks[i];
  if (!t) return true;
  if (numberOf(t) !== undefined && (isNoun(toks[i + 1]) || isNoun(toks[i + 2]))) return true;
  if (isChartType(toks, i)) return true;
  if (t.kind === 'word' && (NOUNS[t.lower] === 'chart' || NOUNS[t.lower] === 'table' || NOUNS[t.lower] === 'slide' || ['rows', 'records', 'entries'].includes(t.lower))) return true;
  if (t.kind === 'word' && LIST_NOUNS[t.lower] !== undefined && /s$/.test(t.lower)) return true;
  if (t.kind === 'word' && (t.lower === 'totals' || t.lower === 'total' && isNoun(toks[i + 1], 'row'))) return true;
  return false;
}

/**
 * A name list from i: items separated by "," ";" "/" "and" "or"; an item is 1–5 words, a quoted
 * string, or a word followed by "%"; the list ends at a stop word, a structure phrase or the end of
 * the sentence. Returns the items and the index after the list.
 */
export function readList(toks: Token[], i: number, maxItems = 30): { items: string[]; next: number } {
  const items: string[] = [];
  let j = i;
  while (j < toks.length && items.length < maxItems) {
    const t = toks[j];
    if (!t || isEnd(t)) break;
    if (t.kind === 'quote') {
      items.push(t.text);
      j++;
    } else {
      if (t.kind === 'punct' || STOP.has(t.lower) || startsPhrase(toks, j)) break;
      const words: string[] = [];
      let k = j;
      while (k < toks.length) {
        const w = toks[k]!;
        if (w.kind === 'quote' || isEnd(w) || isSep(w)) break;
        if (w.kind === 'punct') break;
        if (words.length && startsPhrase(toks, k)) break;
        if (STOP.has(w.lower)) {
          // an inner connector continues the name only when a name word follows it
          const nx = toks[k + 1];
          if (words.length && INNER.has(w.lower) && nx && nx.kind === 'word' && !STOP.has(nx.lower) && !startsPhrase(toks, k + 1) && NOUNS[nx.lower] === undefined && DIMENSIONS[nx.lower] === undefined) {
            words.push(w.text);
            k++;
            continue;
          }
          break;
        }
        // "Revenue sheet" / "Amount column": the noun names the kind, not part of the name
        if (words.length && (LIST_NOUNS[w.lower] !== undefined) && (isSep(toks[k + 1]) || isEnd(toks[k + 1]) || STOP.has(toks[k + 1]?.lower ?? ''))) {
          k++;
          break;
        }
        words.push(w.text);
        k++;
        if (words.length > 5) break;
      }
      if (!words.length || words.length > 5) break;
      items.push(words.join(' ').replace(/\s+%/g, ' %'));
      j = k;
    }
    // separator, then the next item — unless what follows starts another phrase
    const sep = toks[j];
    if (!isSep(sep)) break;
    let k = j + 1;
    if (toks[j]?.kind === 'punct' && (toks[k]?.lower === 'and' || toks[k]?.lower === 'or')) k++;
    const nx = toks[k];
    if (!nx || isEnd(nx) || (nx.kind === 'word' && STOP.has(nx.lower)) || startsPhrase(toks, k)) break;
    j = k;
  }
  return { items, next: j };
}

function dateAt(toks: Token[], i: number): { at: { year: number; month?: number }; next: number } | undefined {
  const t = toks[i];
  if (!t) return undefined;
  const mi = t.kind === 'word' ? MONTH_NAMES.indexOf(t.lower.slice(0, 3)) : -1;
  if (mi >= 0 && t.lower.length >= 3 && /^[a-z]+$/.test(t.lower)) {
    const y = toks[i + 1];
    if (y?.kind === 'num' && y.n! >= 1990 && y.n! <= 2100) return { at: { year: y.n!, month: mi + 1 }, next: i + 2 };
    return undefined;
  }
  if (t.kind === 'num' && t.n! >= 1990 && t.n! <= 2100 && Number.isInteger(t.n)) return { at: { year: t.n! }, next: i + 1 };
  const fy = t.kind === 'word' ? /^fy(\d{2}|\d{4})$/.exec(t.lower) : null;
  if (fy) return { at: { year: fy[1]!.length === 2 ? 2000 + Number(fy[1]) : Number(fy[1]) }, next: i + 1 };
  return undefined;
}

/** Month words: full names and their usual abbreviations ("may" is one of each). */
const MONTH_INDEX: Record<string, number> = Object.fromEntries(
  ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'].flatMap((m, k): Array<[string, number]> => [[m, k + 1], [m.slice(0, 3), k + 1], ...(m === 'september' ? [['sept', 9] as [string, number]] : [])]),
);
const isYear = (t: Token | undefined) => t?.kind === 'num' && Number.isInteger(t.n) && t.n! >= 1990 && t.n! <= 2100;

/**
 * A month or a run of months: "January 2026", "Jan-Mar 2026", "January to March 2026", "March"
 * after "for / in / during / of" (this year). "May" on its own is a verb, not a month.
 */
function monthsAt(toks: Token[], i: number): { from: { year: number; month: number }; to: { year: number; month: number }; next: number } | undefined {
  const t = toks[i];
  if (t?.kind !== 'word') return undefined;
  const pair = /^([a-z]+)-([a-z]+)$/.exec(t.lower);
  let m1 = MONTH_INDEX[t.lower];
  let m2: number | undefined;
  let k = i + 1;
  if (pair) {
    m1 = MONTH_INDEX[pair[1]!];
    m2 = MONTH_INDEX[pair[2]!];
    if (!m1 || !m2) return undefined;
  }
  if (!m1) return undefined;
  let y1 = isYear(toks[k]) ? toks[k++]!.n! : undefined;
  if (!m2 && ((toks[k]?.kind === 'punct' && toks[k]!.text === '-') || ['to', 'through', 'until', 'till'].includes(toks[k]?.lower ?? '')) && MONTH_INDEX[toks[k + 1]?.lower ?? '']) {
    m2 = MONTH_INDEX[toks[k + 1]!.lower];
    k += 2;
  }
  const y2 = m2 && isYear(toks[k]) ? toks[k++]!.n! : undefined;
  y1 ??= y2;
  if (y1 === undefined) {
    // a month without a year: only where a period is expected ("for March", "in June")
    if (!['for', 'in', 'during', 'of', 'from'].includes(toks[i - 1]?.lower ?? '') || (t.lower === 'may' && !m2)) return undefined;
    y1 = new Date().getUTCFullYear();
  }
  const to = m2 ? { year: y2 ?? y1, month: m2 } : { year: y1, month: m1 };
  // "Nov to Feb 2026": the run crosses a new year
  const from = { year: m2 && y2 === undefined ? y1 : m2 && m2 < m1 && (y2 ?? y1) === y1 ? y1 - 1 : y1, month: m1 };
  return { from, to, next: k };
}

export function parseTree(text: string): ParseTree {
  // feature phrases ("highlight values over 1000 in red", "freeze the header row") first: their words are no names
  // "formatted as a table", "set up as an Excel table": the table phrase, no name
  // "Jan–Mar 2026", "2025–2026": an en dash between two words or numbers is a hyphen
  const phrases = featurePhrases(text.replace(/(\w)\s?–\s?(?=\w)/g, '$1-').replace(/\b(?:formatted|styled|set up|laid out|format(?:ted)? it)\s+as\s+(an?\s+)?(excel\s+)?tables?\b/gi, 'as a table'));
  const toks = tokenize(phrases.rest);
  const nodes: PromptNode[] = [];
  const used = new Set<number>();
  const qualifiers: number[] = [];
  const qualify = (from: number, to: number) => {
    for (let k = from; k < to; k++) qualifiers.push(k);
  };
  const take = (from: number, to: number) => {
    for (let k = from; k < to; k++) used.add(k);
  };
  let i = 0;
  while (i < toks.length) {
    const t = toks[i]!;
    const lw = t.lower;
    const next = toks[i + 1];

    // titles: titled "X" / called "X" / titled X (to the next stop word)
    if (t.kind === 'word' && TITLE_VERBS.has(lw) && next) {
      const q = next.kind === 'quote' ? next : next.kind === 'punct' && next.text === ':' && toks[i + 2]?.kind === 'quote' ? toks[i + 2]! : undefined;
      if (q) {
        nodes.push({ type: 'title', text: q.text });
        const end = toks.indexOf(q) + 1;
        take(i, end);
        i = end;
        continue;
      }
      if ((lw === 'titled' || lw === 'entitled') && next.kind === 'word' && !STOP.has(next.lower)) {
        const words: string[] = [];
        let k = i + 1;
        while (k < toks.length && toks[k]!.kind !== 'punct' && !(toks[k]!.kind === 'word' && STOP.has(toks[k]!.lower)) && words.length < 8) words.push(toks[k++]!.text);
        nodes.push({ type: 'title', text: words.join(' ') });
        take(i, k);
        i = k;
        continue;
      }
    }

    // counts: "12 rows", "a 7-slide deck", "500 data rows", "three sheets"
    const n = numberOf(t);
    if (n !== undefined && !(t.kind === 'num' && n >= 1900 && n <= 2100)) {
      let k = i + 1;
      while (k < i + 3 && toks[k]?.kind === 'word' && !isNoun(toks[k]) && !STOP.has(toks[k]!.lower) && !isChartType(toks, k)) k++;
      if (isChartType(toks, k)) k++;
      const noun = toks[k];
      if (isNoun(noun) && k - i <= 2) {
        const of = NOUNS[noun!.lower]!;
        nodes.push({ type: 'count', of, n });
        if (of === 'chart') nodes.push({ type: 'chart', ...(isChartType(toks, k - 1) ? { chartType: CHART_TYPES[toks[k - 1]!.lower]! } : {}), plural: n > 1, series: [] });
        if (of === 'table') nodes.push({ type: 'table', plural: n > 1 });
        // "3 sheets: A, B, C" / "4 columns named …"
        take(i, k + 1);
        i = k + 1;
        const lo = LIST_NOUNS[noun!.lower];
        if (lo) {
          let s = i;
          if (toks[s]?.kind === 'word' && (toks[s]!.lower === 'named' || toks[s]!.lower === 'called')) s++;
          else if (toks[s]?.kind === 'punct' && toks[s]!.text === ':') s++;
          else if (toks[s]?.kind !== 'quote') continue;
          const l = readList(toks, s);
          if (l.items.length) {
            nodes.push({ type: 'list', of: lo, items: l.items });
            take(i, l.next);
            i = l.next;
          }
        }
        continue;
      }
    }

    // charts: "[a] [bar] chart[s] [of|for|showing|on] Series[, …] [by X]"
    if ((isChartType(toks, i) || (t.kind === 'word' && NOUNS[lw] === 'chart')) && toks[i - 1]?.lower !== 'gantt') {
      const typed = isChartType(toks, i);
      const chartType = typed ? CHART_TYPES[lw] : undefined;
      const nounAt = typed ? i + 1 : i;
      const plural = /s$/.test(toks[nounAt]!.lower);
      let k = nounAt + 1;
      let series: string[] = [];
      let by: string | undefined;
      if (toks[k]?.kind === 'word' && ['of', 'for', 'showing', 'on', 'comparing', 'plotting'].includes(toks[k]!.lower)) {
        const s = toks[k + 1]?.kind === 'word' && toks[k + 1]!.lower === 'the' ? k + 2 : k + 1;
        const l = readList(toks, s, 6);
        if (l.items.length) {
          series = l.items;
          k = l.next;
        }
      }
      if (toks[k]?.kind === 'word' && (toks[k]!.lower === 'by' || toks[k]!.lower === 'per') && toks[k + 1]?.kind === 'word') {
        by = toks[k + 1]!.text;
        k += 2;
      }
      nodes.push({ type: 'chart', ...(chartType ? { chartType } : {}), plural, series, ...(by ? { by } : {}) });
      take(i, k);
      i = k;
      continue;
    }

    // "table of contents" / "contents page" / "TOC": a contents list, not a table
    if (t.kind === 'word' && ((lw === 'table' && next?.lower === 'of' && toks[i + 2]?.lower === 'contents') || lw === 'toc')) {
      const len = lw === 'toc' ? 1 : 3;
      nodes.push({ type: 'contents' });
      take(i, i + len);
      i += len;
      continue;
    }

    // tables
    if (t.kind === 'word' && NOUNS[lw] === 'table') {
      nodes.push({ type: 'table', plural: lw === 'tables' });
      take(i, i + 1);
      i++;
      continue;
    }

    // name lists: "sheets A, B and C", "columns: X, Y", "tab named Z", "sections on A, B"
    const lo = t.kind === 'word' ? LIST_NOUNS[lw] : undefined;
    // a list before the noun: "with date, vendor, category and amount columns"
    if (lo && /s$/.test(lw) && i > 0 && toks[i - 1]?.kind === 'word' && !STOP.has(toks[i - 1]!.lower) && !used.has(i - 1)) {
      let start = i - 1;
      while (start > 0 && !used.has(start - 1) && toks[start - 1]!.kind !== 'quote' && !(toks[start - 1]!.kind === 'punct' && /[.:!?()\n]/.test(toks[start - 1]!.text)) && !(toks[start - 1]!.kind === 'word' && STOP.has(toks[start - 1]!.lower) && !['and', 'or'].includes(toks[start - 1]!.lower))) start--;
      const l = readList(toks.slice(start, i), 0);
      if (l.items.length >= 2 && l.next === i - start) {
        nodes.push({ type: 'list', of: lo, items: l.items });
        take(start, i + 1);
        i++;
        continue;
      }
    }
    // "with name, email, country and lifetime value": three or more plain names after "with" are columns
    if (t.kind === 'word' && (lw === 'with' || lw === 'including' || lw === 'containing') && next?.kind === 'word' && !STOP.has(next.lower) && !startsPhrase(toks, i + 1) && !MEASURE_WORDS.has(next.lower)) {
      const l = readList(toks, i + 1, 26);
      // "…, unit price and total": a total or an average at the end of a list of plain names is a column too
      const measureItem = (x: string) => /^(total|average)$/i.test(x);
      const plain = l.items.every((x, k) => (k === l.items.length - 1 && k >= 3 && measureItem(x)) || (x.split(' ').length <= 3 && !x.split(' ').some((w) => MEASURE_WORDS.has(w.toLowerCase()) || NOUNS[w.toLowerCase()] !== undefined)));
      if (l.items.length >= 3 && plain && !LIST_NOUNS[toks[l.next]?.lower ?? '']) {
        nodes.push({ type: 'list', of: 'implicit', items: l.items });
        take(i, l.next);
        i = l.next;
        continue;
      }
    }
    if (lo) {
      let s = i + 1;
      const intro = toks[s];
      if (intro?.kind === 'word' && ['named', 'called', 'titled', 'for', 'like', 'on', 'of'].includes(intro.lower)) s++;
      else if (intro?.kind === 'punct' && intro.text === ':') s++;
      else if (intro?.kind === 'word' && intro.lower === 'such' && toks[s + 1]?.lower === 'as') s += 2;
      // a singular noun takes a name only with an intro word or a quoted name ("a sheet named X", "sheet "X"")
      const singular = !/s$/.test(lw) || lw === 'headers';
      // "an attendance sheet for my class", "a sheet for the team": a purpose, not a name
      // "a balance sheet for Acme", "an expense sheet for the team": a compound noun ("balance sheet") names a kind of document, not a sheet
      const prev = toks[i - 1];
      const compound = !!prev && prev.kind === 'word' && !STOP.has(prev.lower) && !DETERMINERS.has(prev.lower) && !['new', 'another', 'extra', 'separate', 'second', 'third', 'one', 'single', 'each'].includes(prev.lower) && numberOf(prev) === undefined;
      const purpose = singular && s > i + 1 && ['for', 'on', 'of', 'like'].includes(intro?.lower ?? '') && ((toks[s]?.kind === 'word' && (DETERMINERS.has(toks[s]!.lower) || STOP.has(toks[s]!.lower))) || compound);
      if (!purpose && (!singular || s > i + 1 || toks[s]?.kind === 'quote')) {
        const l = readList(toks, s, singular && lw !== 'headers' ? 1 : 30);
        if (l.items.length) {
          nodes.push({ type: 'list', of: lo, items: l.items });
          take(i, l.next);
          i = l.next;
          continue;
        }
      }
    }

    // "a Summary sheet" / "an Assumptions tab": a name before a singular sheet noun, after an article
    if (t.kind === 'word' && (lw === 'a' || lw === 'an') && toks[i + 1]?.kind === 'word' && !STOP.has(toks[i + 1]!.lower) && !startsPhrase(toks, i + 1)) {
      const words: string[] = [];
      let k = i + 1;
      while (k < i + 4 && toks[k]?.kind === 'word' && !STOP.has(toks[k]!.lower) && !NOUNS[toks[k]!.lower]) words.push(toks[k++]!.text);
      if (words.length && (toks[k]?.lower === 'sheet' || toks[k]?.lower === 'tab') && /^[A-Z]/.test(words[0]!)) {
        nodes.push({ type: 'list', of: 'sheet', items: [words.join(' ')] });
        take(i, k + 1);
        i = k + 1;
        continue;
      }
    }

    // measures
    if (t.kind === 'word') {
      let measure: Measure | undefined;
      let len = 1;
      if (lw === 'variance' && (next?.lower === '%' || next?.lower === 'percent' || next?.lower === 'percentage' || next?.lower === 'pct')) [measure, len] = ['variancePct', 2];
      else if (lw === 'variance%') measure = 'variancePct';
      else if (lw === 'variance' || lw === 'variances') measure = 'variance';
      else if (lw === 'total' || lw === 'totals' || lw === 'sum' || lw === 'subtotals' || lw === 'subtotal') measure = 'total';
      else if (lw === 'average' || lw === 'averages' || lw === 'avg' || lw === 'mean') measure = 'average';
      else if (lw === 'growth' || lw === 'yoy' || lw === 'mom' || (lw === '%' && next?.lower === 'change')) measure = 'growth';
      else if (lw === 'share' || ((lw === 'percent' || lw === 'percentage' || lw === '%') && next?.lower === 'of')) measure = 'share';
      else if (lw === 'rank' || lw === 'ranking' || lw === 'ranked' || (lw === 'top' && numberOf(next) !== undefined)) measure = 'rank';
      if (measure) {
        nodes.push({ type: 'measure', measure });
        take(i, i + len);
        i += len;
        continue;
      }
    }

    // for each month / per quarter / by region / monthly
    if (t.kind === 'word' && (lw === 'each' || lw === 'per' || lw === 'by' || lw === 'every') && next?.kind === 'word' && DIMENSIONS[next.lower]) {
      nodes.push({ type: 'each', dim: DIMENSIONS[next.lower]! });
      let k = i + 2;
      // "by region and month", "per product, region and quarter": one dimension per name
      for (;;) {
        let s = k;
        if (toks[s]?.kind === 'punct' && toks[s]!.text === ',') s++;
        if (toks[s]?.kind === 'word' && (toks[s]!.lower === 'and' || toks[s]!.lower === '&')) s++;
        if (s === k) break;
        if (toks[s]?.kind === 'word' && ['by', 'per', 'each', 'every'].includes(toks[s]!.lower)) s++;
        const d = toks[s]?.kind === 'word' ? DIMENSIONS[toks[s]!.lower] : undefined;
        if (!d) break;
        nodes.push({ type: 'each', dim: d });
        k = s + 1;
      }
      take(i, k);
      i = k;
      continue;
    }
    if (t.kind === 'word' && ['daily', 'monthly', 'quarterly', 'weekly', 'yearly', 'annual'].includes(lw)) {
      nodes.push({ type: 'each', dim: DIMENSIONS[lw]! });
      take(i, i + 1);
      i++;
      continue;
    }

    // date ranges: "from Jan 2025 to Jun 2026", "2024-2026", "for 2025", "FY2026"
    if (t.kind === 'word' && (lw === 'from' || lw === 'between')) {
      const a = dateAt(toks, i + 1);
      if (a && (toks[a.next]?.lower === 'to' || toks[a.next]?.lower === 'and' || toks[a.next]?.lower === 'until' || toks[a.next]?.lower === 'through')) {
        const b = dateAt(toks, a.next + 1);
        if (b) {
          nodes.push({ type: 'range', from: a.at, to: b.at });
          take(i, b.next);
          i = b.next;
          continue;
        }
      }
    }
    // a quarter: "Q3", "Q3 2026" → its three months (this year when none is given)
    const quarter = t.kind === 'word' ? /^q([1-4])$/.exec(lw) : null;
    if (quarter) {
      const q = Number(quarter[1]);
      const yearTok = toks[i + 1];
      const year = yearTok?.kind === 'num' && /^(19|20)\d\d$/.test(yearTok.text) ? Number(yearTok.text) : new Date().getUTCFullYear();
      nodes.push({ type: 'range', from: { year, month: (q - 1) * 3 + 1 }, to: { year, month: q * 3 } });
      const end = yearTok?.kind === 'num' && /^(19|20)\d\d$/.test(yearTok.text) ? i + 2 : i + 1;
      take(i, end);
      qualify(i, end);
      i = end;
      continue;
    }
    // a month or a run of months: "January 2026 expense report", "for March", "Jan-Mar 2026"
    const months = monthsAt(toks, i);
    if (months) {
      nodes.push({ type: 'range', from: months.from, to: months.to });
      take(i, months.next);
      qualify(i, months.next);
      i = months.next;
      continue;
    }
    const d = dateAt(toks, i);
    if (d && (t.kind === 'num' || /^fy/.test(lw))) {
      const dash = toks[d.next];
      const e = (dash?.kind === 'punct' && dash.text === '-') || ['to', 'and', 'through', 'until'].includes(dash?.lower ?? '') ? dateAt(toks, d.next + 1) : undefined;
      if (e) {
        nodes.push({ type: 'range', from: d.at, to: e.at });
        take(i, e.next);
        qualify(i, e.next);
        i = e.next;
      } else {
        nodes.push({ type: 'range', from: d.at, to: d.at });
        take(i, d.next);
        qualify(i, d.next);
        i = d.next;
      }
      continue;
    }

    // subject: "about X", "on X", "covering X"
    if (t.kind === 'word' && ['about', 'covering', 'regarding', 'explaining', 'describing', 'on'].includes(lw) && next && (next.kind === 'word' || next.kind === 'quote') && (!STOP.has(next.lower) || DETERMINERS.has(next.lower) || ['the', 'how'].includes(next.lower)) && !(lw === 'on' && (numberOf(next) !== undefined || MONTH_WORDS.has(next.lower))) && !startsPhrase(toks, i + 1)) {
      const words: string[] = [];
      let k = i + 1;
      while (k < toks.length) {
        const w = toks[k]!;
        if (w.kind === 'punct' || (w.kind === 'word' && (['with', 'including', 'that', 'which', 'using', 'where', 'for', 'titled', 'called', 'named', 'and'].includes(w.lower) || startsPhrase(toks, k)))) break;
        if (numberOf(w) !== undefined && isNoun(toks[k + 1])) break;
        words.push(w.text);
        k++;
      }
      if (words.length && (lw !== 'on' || words.length <= 6)) {
        nodes.push({ type: 'about', text: words.join(' ') });
        take(i, k);
        i = k;
        continue;
      }
    }
    i++;
  }
  const rest: number[] = [];
  toks.forEach((_, k) => {
    if (!used.has(k)) rest.push(k);
  });
  nodes.push(...phrases.features.map((f) => ({ type: 'feature' as const, feature: f.feature })));
  return { tokens: toks, nodes, rest, qualifiers };
}
