/** The offline model's answers without tools: slide outlines, workbook answers and text tasks. */
import { parsePrompt, seededRandom, titleCase, topicOf } from './parse-prompt';
import { deckOutline } from './plan-deck';

const tag = (text: string, name: string): string | undefined => new RegExp(`<${name}>\\n?([\\s\\S]*?)\\n?</${name}>`).exec(text)?.[1];

function sentences(text: string): string[] {
  return (text.replace(/\s+/g, ' ').match(/[^.!?]+[.!?]+(?=\s|$)|[^.!?]+$/g) ?? []).map((s) => s.trim()).filter(Boolean);
}

function summarize(text: string): string {
  const paras = text.split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean);
  const picked = paras.length > 1 ? paras.map((p) => sentences(p)[0] ?? '').filter(Boolean) : sentences(text).slice(0, 3);
  const out = picked.slice(0, 5).join(' ');
  return out || text.slice(0, 300);
}

const CONTRACTIONS: Array<[RegExp, string]> = [
  [/\bcan't\b/gi, 'cannot'],
  [/\bwon't\b/gi, 'will not'],
  [/\bn't\b/gi, ' not'],
  [/\bit's\b/gi, 'it is'],
  [/\bwe're\b/gi, 'we are'],
  [/\bthey're\b/gi, 'they are'],
  [/\byou're\b/gi, 'you are'],
  [/\bI'm\b/g, 'I am'],
  [/\blet's\b/gi, 'let us'],
];
const FILLERS = /\b(really|very|just|basically|actually|quite|simply|literally|in order)\s+/gi;

function rewrite(text: string, style: string): string {
  let t = text.replace(/[ \t]+/g, ' ').replace(/\s+([,.;:!?])/g, '$1').trim();
  const s = style.toLowerCase();
  if (/formal|professional/.test(s)) for (const [re, rep] of CONTRACTIONS) t = t.replace(re, rep);
  if (/concise|short|brief|simple/.test(s)) t = t.replace(FILLERS, '');
  if (/bullet/.test(s)) t = sentences(t).map((x) => `- ${x}`).join('\n');
  return t.replace(/(^|[.!?]\s+)([a-z])/g, (_, p: string, c: string) => p + c.toUpperCase());
}

function generate(prompt: string): string {
  const facts = parsePrompt(prompt);
  const topic = topicOf(facts);
  const rand = seededRandom(prompt);
  const angles = ['what it is', 'why it matters', 'how to get started', 'what to watch out for'];
  const start = Math.floor(rand() * angles.length);
  const body = [0, 1, 2].map((k) => {
    const a = angles[(start + k) % angles.length]!;
    return `${titleCase(a)}: ${topic} is best approached step by step — be clear about ${a}, agree on owners, and review progress regularly.`;
  });
  return `${titleCase(topic)}\n\n${body.join('\n\n')}\n\n(Draft written by the offline model; review and add specifics.)`;
}

export function respondText(system: string, user: string): string {
  const text = tag(user, 'text') ?? '';
  const prompt = tag(user, 'request') ?? user;
  if (/Task: summarize/i.test(system)) return summarize(text || prompt);
  if (/Task: rewrite/i.test(system)) return rewrite(text || prompt, tag(user, 'style') ?? prompt);
  return generate(prompt);
}

interface CellLine {
  sheet: string;
  ref: string;
  value: string | number;
}

/** Parses the "<workbook>" dump built by analyze-workbook: `Sheet "Name"` lines, then `A1=value | B1=value` rows. */
function parseDump(dump: string): CellLine[] {
  const cells: CellLine[] = [];
  let sheet = '';
  for (const line of dump.split('\n')) {
    const s = /^Sheet "(.*)"/.exec(line);
    if (s) {
      sheet = s[1]!;
      continue;
    }
    if (line === 'Defined names') break;
    for (const part of line.replace(/^\(hidden row\) /, '').split(' | ')) {
      const m = /^([A-Z]{1,3}\d+)=(.*)$/.exec(part);
      if (!m) continue;
      const raw = m[2]!;
      const num = Number(raw);
      cells.push({ sheet, ref: m[1]!, value: raw !== '' && Number.isFinite(num) ? num : raw });
    }
  }
  return cells;
}

function analyze(user: string): { answer: string; cells_used: Array<{ sheet: string; ref: string; value: string | number }> } {
  const question = (tag(user, 'question') ?? '').trim();
  const cells = parseDump(tag(user, 'workbook') ?? '');
  const q = question.toLowerCase();
  // the header cell whose text appears in the question (longest match wins)
  const headers = cells.filter((c) => typeof c.value === 'string' && c.value.length > 1 && q.includes(c.value.toLowerCase()));
  headers.sort((a, b) => String(b.value).length - String(a.value).length);
  const header = headers.find((h) => {
    const col = h.ref.replace(/\d+/g, '');
    const row = Number(h.ref.replace(/\D+/g, ''));
    return cells.some((c) => c.sheet === h.sheet && c.ref.replace(/\d+/g, '') === col && Number(c.ref.replace(/\D+/g, '')) > row && typeof c.value === 'number');
  });
  if (!header) return { answer: `The offline model could not match the question to a column of the workbook. (offline model)`, cells_used: [] };
  const col = header.ref.replace(/\d+/g, '');
  const row0 = Number(header.ref.replace(/\D+/g, ''));
  const below = cells.filter((c) => c.sheet === header.sheet && c.ref.replace(/\d+/g, '') === col && Number(c.ref.replace(/\D+/g, '')) > row0);
  const labelOf = (ref: string) => cells.find((c) => c.sheet === header.sheet && c.ref === `A${ref.replace(/\D+/g, '')}`);
  // leave out a totals row
  const data = below.filter((c) => typeof c.value === 'number' && !/^total/i.test(String(labelOf(c.ref)?.value ?? '')));
  const nums = data.map((c) => c.value as number);
  const name = String(header.value);
  const fmt = (n: number) => (Math.round(n * 100) / 100).toLocaleString('en-US');
  if (/\b(average|mean|avg)\b/.test(q)) return { answer: `The average ${name} is ${fmt(nums.reduce((a, b) => a + b, 0) / Math.max(nums.length, 1))} over ${nums.length} rows. (offline model)`, cells_used: data };
  if (/\b(max|maximum|highest|largest|biggest|best|top|most)\b/.test(q) || /\b(min|minimum|lowest|smallest|least|worst)\b/.test(q)) {
    const isMax = /\b(max|maximum|highest|largest|biggest|best|top|most)\b/.test(q);
    const pick = data.reduce<CellLine | undefined>((best, c) => (!best || (isMax ? (c.value as number) > (best.value as number) : (c.value as number) < (best.value as number)) ? c : best), undefined);
    if (!pick) return { answer: 'No numbers found. (offline model)', cells_used: [] };
    const label = labelOf(pick.ref);
    return {
      answer: `The ${isMax ? 'highest' : 'lowest'} ${name} is ${fmt(pick.value as number)}${label && label.ref !== pick.ref ? ` (${String(label.value)})` : ''}. (offline model)`,
      cells_used: [pick, ...(label && label.ref !== pick.ref ? [label] : [])],
    };
  }
  if (/\b(count|how many)\b/.test(q)) return { answer: `There are ${nums.length} values of ${name}. (offline model)`, cells_used: data };
  return { answer: `The total ${name} is ${fmt(nums.reduce((a, b) => a + b, 0))} (sum of ${nums.length} rows). (offline model)`, cells_used: data };
}

export function respondJson(name: string, _system: string, user: string): unknown {
  if (name === 'slide_outline') {
    const request = tag(user, 'request') ?? user;
    const count = Number(tag(user, 'slide_count')) || parsePrompt(request).slides || 6;
    return deckOutline(parsePrompt(request), count);
  }
  if (name === 'workbook_answer') return analyze(user);
  return {};
}
