/**
 * What the offline model reads from a prompt: title, subject, sheet / column / section names,
 * counts, charts, tables, measures, dimensions and date ranges. The phrases come from the grammar
 * in prompt-grammar.ts (`parseTree`); this file turns its nodes into the facts the planners use.
 */
import type { Feature } from './feature-phrases';
import { NUMBER_WORDS, parseTree, tokenize, type ChartType, type Dimension, type Measure, type ParseTree } from './prompt-grammar';

export type BlueprintKind =
  | 'three-statement' | 'pnl' | 'cap-table' | 'business-plan' | 'budget' | 'forecast' | 'sales' | 'inventory' | 'project-plan' | 'invoice' | 'loan' | 'kpi' | 'okr'
  | 'balance-sheet' | 'savings' | 'attendance' | 'funnel'
  | 'memo' | 'minutes' | 'proposal' | 'policy' | 'report' | 'pitch' | 'qbr' | 'project-update' | 'training';

export interface ChartRequest {
  type?: ChartType;
  /** series names as written ("revenue"); matched to columns case-insensitively */
  series: string[];
  plural: boolean;
  /** "by region": what the categories are */
  by?: string;
}

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
  sectionCount?: number;
  wantsChart: boolean;
  chartType?: ChartType;
  charts: ChartRequest[];
  /** "charts" (plural) or a count above one */
  manyCharts: boolean;
  wantsTable: boolean;
  manyTables: boolean;
  measures: Measure[];
  each?: Dimension;
  /** every "for each / per / by" dimension, in prompt order */
  dims: Dimension[];
  range?: { from: { year: number; month?: number }; to: { year: number; month?: number } };
  /** a day the prompt gives ("starting 2027-01-04", "from 4 January 2027"): where dated rows start */
  startDate?: { year: number; month: number; day: number };
  /** the first kind the prompt names; `kinds` holds them all, in KINDS order (each planner takes the first of its format) */
  kind?: BlueprintKind;
  kinds: BlueprintKind[];
  /** "3 charts", "2 tables" */
  chartCount?: number;
  tableCount?: number;
  /** names listed after "with" without a noun ("with name, email and country"): columns of a workbook */
  implicit: string[];
  /** "table of contents", "TOC" */
  contents: boolean;
  /** spreadsheet features asked for: highlights, dropdowns, frozen panes, comments, names */
  features: Feature[];
  tree: ParseTree;
}

export function toNumber(s: string | undefined): number | undefined {
  if (!s) return undefined;
  const n = /^\d+$/.test(s) ? Number(s) : NUMBER_WORDS[s.toLowerCase()];
  return n !== undefined && Number.isFinite(n) ? n : undefined;
}

export function cleanName(s: string): string {
  return s
    .trim()
    .replace(/^["“'‘`]+|["”'’`]+$/g, '')
    .replace(/^(the|a|an)\s+/i, '')
    .replace(/\s+(sheet|tab|column|section)s?$/i, '')
    .trim();
}

/** "A, B and C" / "A, B, C" / "A and B" → names, by the grammar's list rule (quotes stripped). */
export function splitList(s: string): string[] {
  return readListOf(s).map(cleanName).filter((x) => x.length > 0 && x.length <= 60);
}

function readListOf(s: string): string[] {
  const toks = tokenize(s);
  const items: string[] = [];
  // a list on its own: every item separated by the list separators (the grammar's list rule)
  let cur: string[] = [];
  const flush = () => {
    if (cur.length) items.push(cur.join(' ').replace(/\s+%/g, ' %'));
    cur = [];
  };
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i]!;
    if (t.kind === 'quote') {
      flush();
      items.push(t.text);
    } else if ((t.kind === 'punct' && /[,;/]/.test(t.text)) || (t.kind === 'word' && (t.lower === 'and' || t.lower === 'or' || t.lower === '&'))) flush();
    else if (t.kind === 'punct') flush();
    else if (!(cur.length === 0 && /^(the|a|an)$/.test(t.lower))) cur.push(t.text);
  }
  flush();
  return items;
}

export function capitalize(s: string): string {
  return s ? s[0]!.toUpperCase() + s.slice(1) : s;
}

/** Articles, conjunctions and short prepositions stay lower case inside a title ("Sales by Region"). */
const TITLE_SMALL = new Set(['a', 'an', 'and', 'or', 'nor', 'but', 'of', 'the', 'for', 'to', 'in', 'on', 'at', 'by', 'per', 'via', 'as', 'vs', 'vs.', 'with', 'from', 'into']);

export function titleCase(s: string): string {
  const small = TITLE_SMALL;
  return s
    .split(/\s+/)
    // a small word stays small, unless the prompt wrote it in capitals ("Series A", "Plan B")
    // ("Sales By Region" → "Sales by Region"; a one-letter word keeps its capital: "Plan A")
    // (after a colon or a dash a new title starts: "Memo: The Plan")
    .map((w, i, all) => {
      const inside = i > 0 && !/[:—–-]$/.test(all[i - 1]!);
      if (inside && small.has(w)) return w;
      if (inside && w.length > 1 && /^[A-Z][a-z]+\.?$/.test(w) && small.has(w.toLowerCase())) return w.toLowerCase();
      return /[A-Z0-9]/.test(w.slice(1)) ? w : capitalize(w);
    })
    .join(' ');
}

const FORMAT_NOUNS = /\b(excel\s+)?(workbook|spreadsheet|sheet|deck|presentation|slides?|slideshow|document|doc|word\s+document|file)\b/i;
const LEAD = /^(please|kindly|could|can|would|will|you|like|help|us|we|put|together|set|up|create|make|build|generate|write|draft|prepare|produce|design|give|me|i|i'd|need|want|an?|the|our|my|new|excel|word|simple|basic|detailed|quick|short|long|professional|one-page|slide|slides|deck|spreadsheet|workbook|document|presentation|file|sheet)$/i;
const SUBJECT_STOP = new Set(['with', 'including', 'that', 'which', 'using', 'where', 'for', 'titled', 'entitled', 'called', 'named', 'containing', 'having', 'showing', 'of', 'in', 'by', 'per', 'from', 'as', 'and', 'to', 'on', 'about']);

/** The subject: an "about X" phrase, else the leading noun phrase (unconsumed words up to a stop word). */
function subjectOf(tree: ParseTree): string {
  const about = tree.nodes.find((n) => n.type === 'about');
  if (about && about.type === 'about') return cleanName(about.text);
  // a period that qualifies the subject ("Q3 sales report", "2026 budget") stays in it
  const rest = new Set([...tree.rest, ...tree.qualifiers]);
  const words: string[] = [];
  const firstWord = tree.tokens.findIndex((t) => t.kind === 'word');
  let fallback: string | undefined;
  for (let i = 0; i < tree.tokens.length; i++) {
    const t = tree.tokens[i]!;
    if (!rest.has(i)) {
      // "my personal monthly budget": a period adjective inside the subject stays in it
      if (words.length && /^(monthly|quarterly|weekly|daily|annual|yearly)$/i.test(t.text) && rest.has(i + 1) && tree.tokens[i + 1]!.kind === 'word' && !SUBJECT_STOP.has(tree.tokens[i + 1]!.lower)) {
        words.push(t.text);
        continue;
      }
      if (words.length) break;
      // "a spreadsheet of 50 customers": the counted noun
      const noun = tree.tokens[i]!;
      if (noun.kind === 'word' && /^(customers|products|employees|orders|tasks|invoices|deals|people|projects|accounts|transactions|skus)$/i.test(noun.text) && !rest.has(i - 1)) return noun.text;
      continue;
    }
    // "2025-2026 revenue forecast": the dash of a period stays in the subject
    if (t.kind === 'punct' && t.text === '-' && tree.qualifiers.includes(i)) {
      if (words.length) words.push('–');
      continue;
    }
    if (t.kind === 'punct' || t.kind === 'quote') {
      if (words.length) break;
      continue;
    }
    if (!words.length && /^(spreadsheet|workbook|document|presentation|deck|report|memo|file)$/i.test(t.text)) fallback ??= t.text;
    if (!words.length && (LEAD.test(t.text) || (i === firstWord && /^(track|log|record|monitor|compare|calculate|list|show|add|set)$/i.test(t.text)) || /^(tracking|listing|showing|logging|recording|monitoring|comparing)$/i.test(t.text))) continue;
    if (!words.length && /^(with|including|containing)$/i.test(t.text)) break;
    // "a spreadsheet to track vacation days": the purpose is the subject
    if (!words.length && t.lower === 'to' && /^(track|manage|plan|record|log|calculate|monitor|compare|organi[sz]e|list|follow)$/i.test(tree.tokens[i + 1]?.text ?? '')) {
      i++;
      continue;
    }
    // "a travel and expenses policy", "sales and marketing training": "and" joins two words of one subject before its noun
    if (t.lower === 'and' && words.length && words.length <= 3 && [1, 2].some((d) => rest.has(i + d) && /^(policy|policies|handbook|guide|guidelines|procedures?|strategy|report|proposal|training|presentation|deck|memo)$/i.test(tree.tokens[i + d]?.text ?? '') && (d === 1 || (rest.has(i + 1) && tree.tokens[i + 1]!.kind === 'word' && !SUBJECT_STOP.has(tree.tokens[i + 1]!.lower)))) && tree.tokens[i + 1]?.kind === 'word' && !SUBJECT_STOP.has(tree.tokens[i + 1]!.lower)) {
      words.push(t.text);
      continue;
    }
    if (SUBJECT_STOP.has(t.lower)) {
      if (words.length) {
        // "a pitch deck for Acme", "a budget for the marketing team": the "for" phrase completes the subject
        if ((t.lower === 'for' || (t.lower === 'of' && /^(minutes|notes|summary|review|analysis|overview)$/i.test(words[words.length - 1]!))) && words.length <= 5) {
          const tail: string[] = [];
          for (let k = i + 1; k < tree.tokens.length && rest.has(k) && tail.length < 5; k++) {
            const w = tree.tokens[k]!;
            if ((w.kind !== 'word' && w.kind !== 'num') || (SUBJECT_STOP.has(w.lower) && w.lower !== 'the') || /^(each|every)$/.test(w.lower)) break;
            tail.push(w.text);
          }
          // "for the next six months", "for our 12 products": words left before a counted noun say nothing
          while (tail.length && /^(the|our|my|your|their|its|a|an|next|coming|upcoming|following|first|last|this|these|those|all|some)$/i.test(tail[tail.length - 1]!)) tail.pop();
          if (tail.length) words.push(t.lower, ...tail);
        }
        break;
      }
      continue;
    }
    words.push(t.text);
    if (words.length >= 8) break;
  }
  // a period the prompt gives elsewhere ("… by channel for Q1 2026") still qualifies the subject
  const quals = tree.qualifiers.map((k) => tree.tokens[k]!.text);
  const subject = words.join(' ').replace(/\s*–\s*/g, '–');
  if (subject && quals.length && !quals.some((q) => /\w/.test(q) && subject.includes(q)) && quals.length <= 3) return `${subject} ${quals.join(' ').replace(/\s*(?:\band\b|\bto\b|\bthrough\b|\buntil\b|-)\s*/i, '–')}`;
  return subject || fallback?.toLowerCase() || 'the requested topic';
}

const KINDS: Array<[RegExp, BlueprintKind]> = [
  [/\b(3|three)[- ]statements?\b|\bfinancial model\b|\b(income statement|p&l|profit (and|&) loss)\b.*\bbalance sheet\b|\bbalance sheet\b.*\b(income statement|p&l|profit (and|&) loss)\b/i, 'three-statement'],
  [/\bp&l\b|\bprofit (and|&) loss\b|\bincome statement\b/i, 'pnl'],
  [/\bbalance sheets?\b/i, 'balance-sheet'],
  [/\bcap(italization)? table\b/i, 'cap-table'],
  [/\bbusiness plan\b/i, 'business-plan'],
  [/\b(loan|mortgage|amorti[sz]ation|repayment schedule)\b/i, 'loan'],
  [/\binvoice\b/i, 'invoice'],
  [/\b(inventory|stock list|stock levels|warehouse)\b/i, 'inventory'],
  [/\bokrs?\b|\bobjectives and key results\b/i, 'okr'],
  [/\bkpi\b|\bdashboard\b/i, 'kpi'],
  [/\bbudget\b/i, 'budget'],
  [/\bsavings?\s+(plan|planner|schedule|tracker|goal|calculator|projection|forecast|account|spreadsheet|sheet|workbook|table|model)s?\b|\b(?:save|saving)\s+(?:up\s+)?(?:for|towards?)\b|\bsav(?:e|ing)\s+(?:about\s+|around\s+)?[$€£]?\d[\d,]*(?:\.\d+)?\s?k?\b(?![\d.,]|\s?%)|\bcompound interest\b|\b(sinking|emergency|rainy[- ]day|college|retirement|holiday|vacation|house deposit) (fund|savings)\b/i, 'savings'],
  [/\battendance\b|\broll call\b|\bsign-in sheet\b/i, 'attendance'],
  [/\bfunnels?\b/i, 'funnel'],
  [/\b(project plan|project schedule|gantt|timeline|project tracker|task tracker)\b/i, 'project-plan'],
  [/\b(forecast|projection)s?\b/i, 'forecast'],
  [/\bqbr\b|\bquarterly business review\b/i, 'qbr'],
  [/\bpitch\b/i, 'pitch'],
  [/\bproject update\b|\bstatus update\b/i, 'project-update'],
  [/\btraining\b/i, 'training'],
  [/\bmemo\b/i, 'memo'],
  [/\bminutes\b/i, 'minutes'],
  [/\bproposal\b/i, 'proposal'],
  [/\bpolicy\b/i, 'policy'],
  [/\b(sales|revenue)\b/i, 'sales'],
  [/\breport\b/i, 'report'],
];

export function parsePrompt(text: string): PromptFacts {
  const t = text.replace(/[ \t]+/g, ' ').trim();
  const tree = parseTree(t);
  const facts: PromptFacts = { text: t.replace(/\s+/g, ' '), subject: subjectOf(tree), sheets: [], columns: [], sections: [], wantsChart: false, charts: [], manyCharts: false, wantsTable: false, manyTables: false, measures: [], dims: [], kinds: [], contents: false, implicit: [], features: [], tree };
  const firstQuote = tree.tokens.find((x) => x.kind === 'quote');
  for (const n of tree.nodes) {
    switch (n.type) {
      case 'title':
        facts.title ??= n.text;
        break;
      case 'list': {
        const items = n.items.map((x) => capitalize(cleanName(x))).filter((x) => x.length > 0 && x.length <= 60);
        if (n.of === 'sheet') facts.sheets.push(...items);
        else if (n.of === 'column') facts.columns.push(...items);
        else if (n.of === 'section') facts.sections.push(...items);
        else facts.implicit.push(...items);
        break;
      }
      case 'count':
        if (n.of === 'row' && facts.rows === undefined) facts.rows = n.n;
        else if ((n.of === 'month' || n.of === 'quarter' || n.of === 'week' || n.of === 'year') && facts.rows === undefined) facts.rows = n.n;
        else if ((n.of === 'slide' || n.of === 'page') && facts.slides === undefined) facts.slides = n.n;
        else if (n.of === 'sheet') facts.sheetCount = n.n;
        else if (n.of === 'section') facts.sectionCount = n.n;
        else if (n.of === 'chart') {
          facts.chartCount = n.n;
          if (n.n > 1) facts.manyCharts = true;
        } else if (n.of === 'table') {
          facts.tableCount = n.n;
          if (n.n > 1) facts.manyTables = true;
        }
        break;
      case 'chart':
        facts.wantsChart = true;
        facts.charts.push({ ...(n.chartType ? { type: n.chartType } : {}), series: n.series, plural: n.plural, ...(n.by ? { by: n.by } : {}) });
        if (n.chartType && !facts.chartType) facts.chartType = n.chartType;
        if (n.plural) facts.manyCharts = true;
        break;
      case 'table':
        facts.wantsTable = true;
        if (n.plural) facts.manyTables = true;
        break;
      case 'measure':
        if (!facts.measures.includes(n.measure)) facts.measures.push(n.measure);
        break;
      case 'each':
        facts.each ??= n.dim;
        if (!facts.dims.includes(n.dim)) facts.dims.push(n.dim);
        break;
      case 'range':
        facts.range ??= { from: n.from, to: n.to };
        break;
      case 'contents':
        facts.contents = true;
        break;
      case 'feature':
        facts.features.push(n.feature);
        break;
      default:
        break;
    }
  }
  const start = startDateOf(facts.text);
  if (start) facts.startDate = start;
  // a quoted string no phrase claimed is the title ("a deck: "Q3 review"")
  if (!facts.title && firstQuote && !tree.nodes.some((n) => n.type === 'list' && n.items.includes(firstQuote.text))) facts.title = firstQuote.text;
  facts.sheets = [...new Map(facts.sheets.map((s) => [s.toLowerCase(), s])).values()];
  facts.columns = [...new Map(facts.columns.map((s) => [s.toLowerCase(), s])).values()].slice(0, 26);
  facts.sections = facts.sections.slice(0, 30);
  if (facts.rows === undefined) {
    const r = facts.range;
    if (facts.dims.includes('month')) facts.rows = r ? Math.max(1, (r.to.year - r.from.year) * 12 + (r.to.month ?? 12) - (r.from.month ?? 1) + 1) : 12;
    else if (facts.dims.includes('quarter')) facts.rows = 4 * (r ? r.to.year - r.from.year + 1 : 1);
  }
  // the kind of document: from the prompt's words, not from names it lists ("sheets "Revenue", "Costs"")
  const listed = new Set(tree.nodes.flatMap((n) => (n.type === 'list' ? n.items : [])));
  const unlisted = facts.text.replace(/["“]([^"”]*)["”]/g, (m, q: string) => (listed.has(q.trim()) ? ' ' : m));
  facts.kinds = KINDS.filter(([re]) => re.test(unlisted)).map(([, k]) => k);
  if (facts.kinds[0]) facts.kind = facts.kinds[0];
  return facts;
}

const MONTH_OF: Record<string, number> = { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 };

/** A full date in the prompt: "2027-01-04", "4 January 2027", "January 4, 2027" (a real calendar day). */
function startDateOf(text: string): PromptFacts['startDate'] {
  const iso = /\b((?:19|20)\d\d)-(\d{1,2})-(\d{1,2})\b/.exec(text);
  const dmy = /\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?,?\s+((?:19|20)\d\d)\b/i.exec(text);
  const mdy = /\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+((?:19|20)\d\d)\b/i.exec(text);
  const d = iso ? { year: Number(iso[1]), month: Number(iso[2]), day: Number(iso[3]) } : dmy ? { year: Number(dmy[3]), month: MONTH_OF[dmy[2]!.toLowerCase()]!, day: Number(dmy[1]) } : mdy ? { year: Number(mdy[3]), month: MONTH_OF[mdy[1]!.toLowerCase()]!, day: Number(mdy[2]) } : undefined;
  if (!d) return undefined;
  const t = new Date(Date.UTC(d.year, d.month - 1, d.day));
  return t.getUTCMonth() === d.month - 1 && t.getUTCDate() === d.day ? d : undefined;
}

export const WORKBOOK_KINDS: BlueprintKind[] = ['three-statement', 'pnl', 'balance-sheet', 'cap-table', 'loan', 'invoice', 'inventory', 'okr', 'kpi', 'budget', 'savings', 'attendance', 'funnel', 'project-plan', 'forecast', 'sales'];
export const DOCUMENT_KINDS: BlueprintKind[] = ['business-plan', 'memo', 'minutes', 'proposal', 'policy', 'report'];
export const DECK_KINDS: BlueprintKind[] = ['pitch', 'qbr', 'project-update', 'training'];

/** The facts with `kind` set to the first kind the prompt names among those of a format. */
export function forFormat(facts: PromptFacts, kinds: BlueprintKind[]): PromptFacts {
  const kind = facts.kinds.find((k) => kinds.includes(k));
  const { kind: _, ...rest } = facts;
  void _;
  return kind ? { ...rest, kind } : rest;
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
