/**
 * Phrases of a prompt that ask for a spreadsheet feature rather than for structure: conditional
 * highlighting ("highlight values over 1000 in red"), a dropdown ("a dropdown for Status with
 * Open/Closed"), frozen panes ("freeze the header row"), a cell comment ("add a comment on B2
 * saying …") and defined names ("named ranges", "name B2 TaxRate"). The grammar takes them out of
 * the prompt before it reads the structure, so their words never become sheet or column names.
 */

export type HighlightOp = '>' | '<' | '>=' | '<=' | 'between' | '=';
export type Feature =
  | { kind: 'highlight'; op: HighlightOp; values: number[]; color: string; target?: string }
  | { kind: 'highlight'; op: 'top' | 'bottom'; values: number[]; color: string; target?: string }
  /** "highlight rows where Stock is below the Reorder level": one column compared with another, per row */
  | { kind: 'highlightCompare'; left: string; op: Exclude<HighlightOp, 'between'>; right: string; rows: boolean; color: string }
  | { kind: 'dropdown'; column: string; values: string[] }
  | { kind: 'freeze'; rows: boolean; cols: number }
  | { kind: 'comment'; cell: string; text: string }
  | { kind: 'names'; name?: string; ref?: string };

export interface FeaturePhrase {
  feature: Feature;
  /** the words of the prompt the phrase covered */
  text: string;
}

/** Fill and text colours of a highlight, as Excel's presets ("Light red fill with dark red text"). */
export const HIGHLIGHT_COLORS: Record<string, { fill: string; color: string }> = {
  red: { fill: '#FFC7CE', color: '#9C0006' },
  green: { fill: '#C6EFCE', color: '#006100' },
  yellow: { fill: '#FFEB9C', color: '#9C5700' },
  amber: { fill: '#FFEB9C', color: '#9C5700' },
  orange: { fill: '#FCD5B4', color: '#974706' },
  blue: { fill: '#DDEBF7', color: '#1F4E79' },
  bold: { fill: '#FFC7CE', color: '#9C0006' },
};

function amount(s: string): number {
  const m = /^[$€£]?\s*([\d,]*\.?\d+)\s*(k|m)?%?$/i.exec(s.trim());
  if (!m) return Number.NaN;
  const n = Number(m[1]!.replace(/,/g, ''));
  const pct = s.trim().endsWith('%') ? 0.01 : 1;
  return n * (m[2]?.toLowerCase() === 'k' ? 1000 : m[2]?.toLowerCase() === 'm' ? 1_000_000 : 1) * pct;
}

const NUM = String.raw`[$€£]?\s?[\d,]*\.?\d+(?:\s?(?:k|m)\b)?%?`;
const OPS: Array<[RegExp, HighlightOp]> = [
  [/^(over|above|greater than|more than|higher than|exceeding|>)$/i, '>'],
  [/^(at least|>=|greater than or equal to)$/i, '>='],
  [/^(under|below|less than|lower than|<)$/i, '<'],
  [/^(at most|<=|less than or equal to)$/i, '<='],
  [/^(between)$/i, 'between'],
  [/^(equal to|equals|=)$/i, '='],
];
const OP_WORDS = String.raw`greater than or equal to|less than or equal to|over|above|greater than|more than|higher than|exceeding|at least|at most|under|below|less than|lower than|between|equal to|equals|>=|<=|>|<|=`;
const COLOR_WORDS = Object.keys(HIGHLIGHT_COLORS).join('|');
const VERBS = String.raw`highlight|colou?r|flag|mark|shade`;
const END = String.raw`(?=$|[.;!?\n]|,\s|\s+(?:and\s+)?(?:then\s+)?(?:add|with|freeze|highlight|include|plus|as|a|an)\b)`;

const HIGHLIGHT = new RegExp(
  String.raw`\b(?:${VERBS})\s+(?:(?:all|any)\s+)?(?:the\s+)?(?:(.{1,40}?)\s+)?(?:(?:that|which)\s+(?:are|is)\s+|where\s+(?:the\s+)?(?:value\s+)?(?:is\s+)?|if\s+)?(${OP_WORDS})\s+(${NUM})(?:\s+and\s+(${NUM}))?(?:\s+(?:in|with|as)\s+(${COLOR_WORDS})(?:\s+(?:fill|text|font|colou?r))?)?`,
  'gi',
);
const NEGATIVE = new RegExp(String.raw`\b(?:${VERBS})\s+(?:(?:all|any)\s+)?(?:the\s+)?negative\s+(values?|numbers?|amounts?|cells?|[a-z]+?)(?:\s+in\s+(?:the\s+)?(.{1,30}?)\s+column)?(?:\s+(?:in|with|as)\s+(${COLOR_WORDS}))?\b`, 'gi');
// "highlight the top 5 revenue values", or after another highlight: "… and the top 3 actual values in green"
const TOP = new RegExp(String.raw`\b(?:(?:${VERBS})\s+(?:the\s+)?(top|bottom)\s+(\d{1,3}%?)\s*(?:(.{1,30}?))?(?:\s+(?:in|with|as)\s+(${COLOR_WORDS}))?${END}|(?:the\s+)?(top|bottom)\s+(\d{1,3}%?)\s+(.{1,30}?)\s+(?:in|with|as)\s+(${COLOR_WORDS})\b)`, 'gi');
// "highlight rows where stock is below the reorder level", "flag products whose Actual is over Budget in amber"
const COMPARE = new RegExp(
  String.raw`\b(?:${VERBS})\s+(?:(?:all|any|each)\s+)?(?:the\s+)?(rows?|lines?|records?|items?|products?|entries|cells?)\s+(?:where|when|if|whose|in\s+which)\s+(?:the\s+)?([A-Za-z][\w%-]*(?:\s+[A-Za-z][\w%-]*){0,2}?)\s+(?:is\s+|are\s+)?(${OP_WORDS})\s+(?:the\s+|its\s+|their\s+)?(?![$€£]?\s?\d)([A-Za-z][\w%-]*(?:\s+[A-Za-z][\w%-]*){0,2}?)(?:\s+(?:in|with|as)\s+(${COLOR_WORDS})(?:\s+(?:fill|text|font|colou?r))?)?${END}`,
  'gi',
);
const DROPDOWN = new RegExp(
  String.raw`\b(?:an?\s+)?(?:drop-?\s?down(?:\s+list|\s+menu)?|pick-?\s?list|select(?:ion)?\s+list|data\s+validation(?:\s+list)?|validation\s+list)\s+(?:(?:for|on|in)\s+(?:the\s+)?(?:column\s+)?["“]?([\w%][\w %-]{0,30}?)["”]?(?:\s+column)?\s*(?:with|of|:|containing|offering|listing|showing|\()\s*(?:the\s+)?(?:values?|options?|choices?)?\s*:?\s*((?:["“]?[\w][\w -]{0,30}?["”]?)(?:\s*(?:/|,|\bor\b|\band\b)\s*["“]?[\w][\w -]{0,30}?["”]?)+?)\)?)(?=$|[.;!?\n)]|,?\s+(?:and\s+)?(?:then\s+)?(?:add|with|freeze|highlight|include|plus|as|a|an|the)\b)`,
  'gi',
);
// "Status is a dropdown (To do, Doing, Done)", "make Priority a dropdown with High/Low"
const NOT_NAME = String.raw`(?!(?:where|with|and|the|for|make|a|an|of|in|on|is|as|column|field|plus|also)\b)`;
const DROPDOWN_AFTER = new RegExp(
  String.raw`\b(?:make\s+(?:the\s+)?)?["“]?(${NOT_NAME}[A-Za-z][\w%-]*(?:\s+${NOT_NAME}[A-Za-z][\w%-]*){0,2}?)["”]?(?:\s+(?:column|field))?\s+(?:(?:is|as|should\s+be|becomes?)\s+)?an?\s+(?:drop-?\s?down|pick-?\s?list|select(?:ion)?\s+list)(?:\s+list|\s+menu)?\s*(?:with|of|offering|listing|:|\()\s*(?:the\s+)?(?:values?|options?|choices?)?\s*:?\s*((?:["“]?[\w][\w -]{0,30}?["”]?)(?:\s*(?:/|,|\bor\b|\band\b)\s*["“]?[\w][\w -]{0,30}?["”]?)+?)\)?(?=$|[.;!?\n)]|,?\s+(?:and\s+)?(?:then\s+)?(?:add|with|freeze|highlight|include|plus|as|a|an|the)\b)`,
  'gi',
);
const FREEZE = /\bfreeze\s+(?:the\s+)?(?:(header|top|first|title)\s+rows?(?:\s+and\s+(?:the\s+)?first\s+column)?|(first|left)\s+column(?:\s+and\s+(?:the\s+)?(?:header|top|first)\s+rows?)?|panes?|headers?)\b/gi;
const COMMENT = /\b(?:add\s+|with\s+|put\s+|insert\s+)?(?:an?\s+)?(?:comment|note)\s+(?:on|to|in|at|for)\s+(?:cell\s+)?(?:([A-Za-z][\w ]{0,30}?)!)?\$?([A-Z]{1,3})\$?(\d{1,7})\b\s*(?:saying|that says|which says|reading|with the text|with text|:|-|—)?\s*(?:["“]([^"”]{1,500})["”]|(.{1,300}?)(?=$|[.;!?\n]|\s+(?:and\s+)?(?:then\s+)?(?:freeze|highlight|add)\b))/gi;
const NAMES = /\b(?:with\s+|add\s+|create\s+|define\s+)?(?:(?:named\s+ranges?|defined\s+names?|range\s+names?)(?:\s+for\s+(?:the\s+|each\s+|every\s+)?(?:numeric\s+)?(?:columns?|inputs?))?|name\s+(?:cell\s+|range\s+)?(\$?[A-Z]{1,3}\$?\d{1,7}(?::\$?[A-Z]{1,3}\$?\d{1,7})?)\s+(?:as\s+)?["“]?([A-Za-z_][\w.]{0,60})["”]?)/gi;

function listOf(s: string): string[] {
  return s
    .split(/\s*(?:\/|,|\bor\b|\band\b)\s*/i)
    .map((x) => x.trim().replace(/^["“]|["”]$/g, '').trim())
    .filter((x) => x.length > 0 && x.length <= 40);
}

/** The feature phrases of a prompt, and the prompt with them blanked out (a sentence end each). */
export function featurePhrases(text: string): { features: FeaturePhrase[]; rest: string } {
  const found: Array<{ at: number; end: number; feature: Feature }> = [];
  const taken = (a: number, b: number) => found.some((f) => a < f.end && b > f.at);
  const add = (m: RegExpExecArray, feature: Feature | undefined) => {
    if (!feature || taken(m.index, m.index + m[0].length)) return;
    // "a training on how to freeze panes", "a deck about named ranges": the topic, not a request
    if (/\b(?:on|about|how\s+to|explaining|covering|regarding|teaching|learning|introduction\s+to|guide\s+to)\s+(?:[^\s;,.]+\s+){0,2}$/i.test(text.slice(Math.max(0, m.index - 40), m.index))) return;
    found.push({ at: m.index, end: m.index + m[0].length, feature });
  };
  for (const m of text.matchAll(COMMENT)) add(m, { kind: 'comment', cell: `${m[1] ? `${m[1].trim()}!` : ''}${m[2]!.toUpperCase()}${m[3]}`, text: (m[4] ?? m[5] ?? '').trim() });
  for (const m of text.matchAll(DROPDOWN)) {
    const values = listOf(m[2] ?? '');
    if (m[1] && values.length >= 2) add(m, { kind: 'dropdown', column: m[1].trim(), values });
  }
  for (const m of text.matchAll(DROPDOWN_AFTER)) {
    const values = listOf(m[2] ?? '');
    if (m[1] && values.length >= 2) add(m, { kind: 'dropdown', column: m[1].trim(), values });
  }
  for (const m of text.matchAll(NEGATIVE)) {
    // "negative variances": the column; "negative values in the Profit column": that one
    const target = m[2]?.trim() ?? (/^(values?|numbers?|amounts?|cells?)$/i.test(m[1]!) ? undefined : m[1]!);
    add(m, { kind: 'highlight', op: '<', values: [0], color: (m[3] ?? 'red').toLowerCase(), ...(target ? { target } : {}) });
  }
  for (const m of text.matchAll(TOP)) {
    const [which, n, what, color] = m[1] ? [m[1], m[2]!, m[3], m[4]] : [m[5]!, m[6]!, m[7], m[8]];
    const target = what && !/^(values?|rows?|cells?|items?)$/i.test(what.trim()) ? what.trim().replace(/^(values?|rows?|cells?)\s+(?:of|in)\s+(?:the\s+)?/i, '').replace(/\s+(values?|rows?|cells?|amounts?)$/i, '') : undefined;
    add(m, { kind: 'highlight', op: which.toLowerCase() as 'top' | 'bottom', values: [n.endsWith('%') ? Number(n.slice(0, -1)) : Number(n)], color: (color ?? 'green').toLowerCase(), ...(target ? { target } : {}) });
  }
  for (const m of text.matchAll(COMPARE)) {
    const op = OPS.find(([re]) => re.test(m[3]!.trim()))?.[1];
    if (!op || op === 'between') continue;
    add(m, { kind: 'highlightCompare', left: m[2]!.trim(), op, right: m[4]!.trim(), rows: !/^cells?$/i.test(m[1]!), color: (m[5] ?? 'red').toLowerCase() });
  }
  for (const m of text.matchAll(HIGHLIGHT)) {
    const op = OPS.find(([re]) => re.test(m[2]!.trim()))?.[1];
    const a = amount(m[3]!);
    const b = m[4] ? amount(m[4]) : undefined;
    if (!op || !Number.isFinite(a) || (op === 'between' && (b === undefined || !Number.isFinite(b)))) continue;
    // "values over 1000", "cells in Revenue over 1000", "Revenue over 1000": the column, when one is named
    const target = m[1]?.trim().replace(/^(?:values?|cells?|numbers?|amounts?|figures?|rows?)\s+(?:in|of)\s+(?:the\s+)?/i, '').replace(/^(?:values?|cells?|numbers?|figures?|rows?)$/i, '').replace(/\s+(?:column|values?|cells?)$/i, '').trim();
    add(m, { kind: 'highlight', op, values: op === 'between' ? [a, b!] : [a], color: (m[5] ?? 'red').toLowerCase(), ...(target ? { target } : {}) });
  }
  for (const m of text.matchAll(FREEZE)) {
    const w = m[0].toLowerCase();
    const cols = /column/.test(w) ? 1 : 0;
    const rows = /row|pane|header/.test(w) || !cols;
    add(m, { kind: 'freeze', rows, cols });
  }
  for (const m of text.matchAll(NAMES)) add(m, m[1] && m[2] ? { kind: 'names', name: m[2], ref: m[1].toUpperCase() } : { kind: 'names' });
  found.sort((x, y) => x.at - y.at);
  let rest = '';
  let at = 0;
  for (const f of found) {
    rest += `${text.slice(at, f.at)} . `;
    at = f.end;
  }
  rest += text.slice(at);
  return { features: found.map((f) => ({ feature: f.feature, text: text.slice(f.at, f.end) })), rest: found.length ? rest.replace(/\s+(with|and|,)\s+\.\s/gi, ' . ').replace(/[ \t]{2,}/g, ' ') : text };
}
