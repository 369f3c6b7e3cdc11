// Conditional formats of the model, evaluated over the grid's current values: which cells get a
// fill (cellIs, expression, text, top/bottom, above/below average, duplicates, blanks, errors,
// colour scales), which a data bar and which an icon (icon sets). The grid draws them from this map (spreadsheet-editor.tsx,
// in its cell render hook); fortune-sheet's own conditional formats cover few of these kinds.
import type { CellMatrix } from '@fortune-sheet/core';
import { columnToNumber, parseRange } from '@/lib/workbook/cell-ref';
import type { ConditionalFormat, Sheet } from '@/server/documents/workbook/schema';
import { iconCount } from './cf-icons';

export interface CfPaint {
  fill?: string;
  color?: string;
  /** data bar: its colour and length (0–1 of the cell's width) */
  bar?: { color: string; len: number };
  /** icon set: the set's name (Excel's, e.g. "3Arrows") and the icon's index (0: lowest values) */
  icon?: { set: string; index: number };
  /** a data bar or icon set that shows no value: the cell's text is not drawn */
  hideValue?: boolean;
}

type Val = number | string | boolean | null;
const MAX_CF_CELLS = 200_000;

function valueAt(data: CellMatrix | undefined, r: number, c: number): Val {
  const cell = data?.[r]?.[c];
  const v = cell?.v;
  if (v === undefined || v === null || v === '') return null;
  if (typeof v === 'string' && cell?.ct?.t === 'n' && v.trim() !== '' && !Number.isNaN(Number(v))) return Number(v);
  return v;
}

interface Area {
  r1: number;
  c1: number;
  r2: number;
  c2: number;
}

function areas(sqref: string): Area[] {
  const out: Area[] = [];
  for (const part of sqref.trim().split(/\s+/)) {
    try {
      const r = parseRange(part);
      out.push({ r1: r.from.row - 1, c1: r.from.col - 1, r2: r.to.row - 1, c2: r.to.col - 1 });
    } catch {
      /* a range the grid cannot show */
    }
  }
  return out;
}

function* cellsOf(list: Area[], maxRow: number): Generator<[number, number]> {
  let n = 0;
  for (const a of list) {
    for (let r = a.r1; r <= Math.min(a.r2, maxRow); r++) {
      for (let c = a.c1; c <= a.c2; c++) {
        if (++n > MAX_CF_CELLS) return;
        yield [r, c];
      }
    }
  }
}

// ---- a small formula evaluator for expression rules (the common forms: comparisons, arithmetic,
// AND/OR/NOT/IF, ISBLANK/ISNUMBER/ISTEXT, ROW/COLUMN/MOD, SUM/AVERAGE/MIN/MAX/COUNT, LEN, …) ----

type Tok = { t: 'num'; v: number } | { t: 'str'; v: string } | { t: 'ref'; v: string } | { t: 'fn'; v: string } | { t: 'op'; v: string } | { t: 'bool'; v: boolean };
const TOK =
  /\s*(?:(\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|"((?:[^"]|"")*)"|(?:(?:'[^']+'|[A-Za-z_][\w.]*)!)?(\$?[A-Za-z]{1,3}\$?\d+(?::\$?[A-Za-z]{1,3}\$?\d+)?)(?![\w(])|([A-Za-z_][\w.]*)\(|(TRUE|FALSE)(?![\w(])|(<>|<=|>=|[-+*/^&=<>(),%]))/iy;

function tokenize(src: string): Tok[] | null {
  const out: Tok[] = [];
  let pos = 0;
  while (pos < src.length) {
    if (!src.slice(pos).trim()) break;
    TOK.lastIndex = pos;
    const m = TOK.exec(src);
    if (!m) return null;
    pos = TOK.lastIndex;
    if (m[1] !== undefined) out.push({ t: 'num', v: Number(m[1]) });
    else if (m[2] !== undefined) out.push({ t: 'str', v: m[2].replace(/""/g, '"') });
    else if (m[3] !== undefined) out.push({ t: 'ref', v: m[3].toUpperCase() });
    else if (m[4] !== undefined) out.push({ t: 'fn', v: m[4].toUpperCase().replace(/^_XLFN\./, '') });
    else if (m[5] !== undefined) out.push({ t: 'bool', v: m[5].toUpperCase() === 'TRUE' });
    else out.push({ t: 'op', v: m[6]! });
  }
  return out;
}

interface Ctx {
  data: CellMatrix | undefined;
  /** offset of the evaluated cell from the rule range's top-left */
  dr: number;
  dc: number;
  row: number;
  col: number;
}

type Node = (x: Ctx) => Val | Val[];

function refPos(ref: string, x: Ctx): [number, number] {
  const m = /^(\$?)([A-Z]{1,3})(\$?)(\d+)$/.exec(ref)!;
  const c = columnToNumber(m[2]!) - 1 + (m[1] ? 0 : x.dc);
  const r = Number(m[4]) - 1 + (m[3] ? 0 : x.dr);
  return [r, c];
}

function num(v: Val | Val[]): number {
  const s = Array.isArray(v) ? v[0] : v;
  if (typeof s === 'number') return s;
  if (typeof s === 'boolean') return s ? 1 : 0;
  if (s === null || s === '') return 0;
  const n = Number(s);
  return Number.isNaN(n) ? NaN : n;
}

const scalar = (v: Val | Val[]): Val => (Array.isArray(v) ? (v[0] ?? null) : v);
const truthy = (v: Val | Val[]) => {
  const s = scalar(v);
  return typeof s === 'string' ? s.toUpperCase() === 'TRUE' : num(s) !== 0 && !Number.isNaN(num(s));
};

function compare(a: Val, b: Val, op: string): boolean {
  let x: number | string;
  let y: number | string;
  if (typeof a === 'string' || typeof b === 'string') {
    x = (a ?? '').toString().toLowerCase();
    y = (b ?? '').toString().toLowerCase();
  } else {
    x = num(a);
    y = num(b);
  }
  switch (op) {
    case '=':
      return x === y;
    case '<>':
      return x !== y;
    case '<':
      return x < y;
    case '>':
      return x > y;
    case '<=':
      return x <= y;
    default:
      return x >= y;
  }
}

const FUNCS: Record<string, (args: Array<Val | Val[]>, x: Ctx) => Val> = {
  AND: (a) => a.every((v) => (Array.isArray(v) ? v.every((w) => truthy(w)) : truthy(v))),
  OR: (a) => a.some((v) => (Array.isArray(v) ? v.some((w) => truthy(w)) : truthy(v))),
  NOT: (a) => !truthy(a[0] ?? null),
  IF: (a) => (truthy(a[0] ?? null) ? scalar(a[1] ?? true) : scalar(a[2] ?? false)),
  ISBLANK: (a) => scalar(a[0] ?? null) === null,
  ISNUMBER: (a) => typeof scalar(a[0] ?? null) === 'number',
  ISTEXT: (a) => typeof scalar(a[0] ?? null) === 'string',
  ISERROR: (a) => /^#/.test(String(scalar(a[0] ?? null) ?? '')),
  ROW: (a, x) => (a.length ? NaN : x.row + 1),
  COLUMN: (a, x) => (a.length ? NaN : x.col + 1),
  MOD: (a) => {
    const n = num(a[0] ?? 0);
    const d = num(a[1] ?? 1);
    return n - d * Math.floor(n / d);
  },
  ABS: (a) => Math.abs(num(a[0] ?? 0)),
  LEN: (a) => String(scalar(a[0] ?? '') ?? '').length,
  UPPER: (a) => String(scalar(a[0] ?? '') ?? '').toUpperCase(),
  LOWER: (a) => String(scalar(a[0] ?? '') ?? '').toLowerCase(),
  LEFT: (a) => String(scalar(a[0] ?? '') ?? '').slice(0, a.length > 1 ? num(a[1]!) : 1),
  RIGHT: (a) => {
    const s = String(scalar(a[0] ?? '') ?? '');
    return s.slice(Math.max(0, s.length - (a.length > 1 ? num(a[1]!) : 1)));
  },
  SUM: (a) => a.flat().reduce<number>((s, v) => s + (typeof v === 'number' ? v : 0), 0),
  COUNT: (a) => a.flat().filter((v) => typeof v === 'number').length,
  AVERAGE: (a) => {
    const ns = a.flat().filter((v): v is number => typeof v === 'number');
    return ns.length ? ns.reduce((s, v) => s + v, 0) / ns.length : NaN;
  },
  MIN: (a) => Math.min(...a.flat().filter((v): v is number => typeof v === 'number')),
  MAX: (a) => Math.max(...a.flat().filter((v): v is number => typeof v === 'number')),
  TODAY: () => Math.floor(Date.now() / 86_400_000) + 25_569,
};

/** Compiles an expression (without "="), or null when it uses something this evaluator lacks. */
export function compileExpression(src: string): Node | null {
  const toks = tokenize(src.replace(/^=/, ''));
  if (!toks) return null;
  let i = 0;
  const peek = () => toks[i];
  const isOp = (v: string) => peek()?.t === 'op' && (peek() as { v: string }).v === v;
  const binary = (next: () => Node, ops: string[], apply: (op: string, a: Val, b: Val) => Val): (() => Node) => () => {
    let left = next();
    while (peek()?.t === 'op' && ops.includes((peek() as { v: string }).v)) {
      const op = (toks[i++] as { v: string }).v;
      const l = left;
      const r = next();
      left = (x) => apply(op, scalar(l(x)), scalar(r(x)));
    }
    return left;
  };
  const primary = (): Node => {
    const t = toks[i++];
    if (!t) throw new Error('end');
    if (t.t === 'num' || t.t === 'str' || t.t === 'bool') return () => t.v;
    if (t.t === 'ref') {
      if (t.v.includes(':')) {
        const [a, b] = t.v.split(':') as [string, string];
        return (x) => {
          const [r1, c1] = refPos(a, x);
          const [r2, c2] = refPos(b, x);
          const out: Val[] = [];
          for (let r = Math.min(r1, r2); r <= Math.max(r1, r2) && out.length < 100_000; r++) for (let c = Math.min(c1, c2); c <= Math.max(c1, c2); c++) out.push(valueAt(x.data, r, c));
          return out;
        };
      }
      return (x) => {
        const [r, c] = refPos(t.v, x);
        return valueAt(x.data, r, c);
      };
    }
    if (t.t === 'fn') {
      const f = FUNCS[t.v];
      if (!f) throw new Error(`function ${t.v}`);
      const args: Node[] = [];
      if (!isOp(')')) {
        for (;;) {
          args.push(comparison());
          if (isOp(',')) i++;
          else break;
        }
      }
      if (!isOp(')')) throw new Error(')');
      i++;
      return (x) => f(args.map((a) => a(x)), x);
    }
    if (t.v === '(') {
      const e = comparison();
      if (!isOp(')')) throw new Error(')');
      i++;
      return e;
    }
    if (t.v === '-') {
      const e = primary();
      return (x) => -num(e(x));
    }
    if (t.v === '+') return primary();
    throw new Error(`unexpected ${t.v}`);
  };
  const percent = (): Node => {
    const e = primary();
    if (isOp('%')) {
      i++;
      return (x) => num(e(x)) / 100;
    }
    return e;
  };
  const power = binary(percent, ['^'], (_o, a, b) => num(a) ** num(b));
  const mul = binary(power, ['*', '/'], (o, a, b) => (o === '*' ? num(a) * num(b) : num(a) / num(b)));
  const add = binary(mul, ['+', '-'], (o, a, b) => (o === '+' ? num(a) + num(b) : num(a) - num(b)));
  const concat = binary(add, ['&'], (_o, a, b) => `${a ?? ''}${b ?? ''}`);
  const comparison = binary(concat, ['=', '<>', '<', '>', '<=', '>='], (o, a, b) => compare(a, b, o));
  try {
    const root = comparison();
    return i === toks.length ? root : null;
  } catch {
    return null;
  }
}

// ---- rules ----

function hexRgb(h: string): [number, number, number] {
  const s = h.replace('#', '');
  return [parseInt(s.slice(0, 2), 16), parseInt(s.slice(2, 4), 16), parseInt(s.slice(4, 6), 16)];
}

function mix(a: string, b: string, t: number): string {
  const x = hexRgb(a);
  const y = hexRgb(b);
  return `#${x.map((v, k) => Math.round(v + (y[k]! - v) * Math.min(1, Math.max(0, t))).toString(16).padStart(2, '0')).join('')}`.toUpperCase();
}

const hash = (c: string) => (c.startsWith('#') ? c : `#${c}`);

function threshold(cfvo: { type: string; value?: number | string } | undefined, fallback: 'min' | 'max' | 'mid', nums: number[]): number {
  const sorted = nums;
  const min = sorted[0] ?? 0;
  const max = sorted[sorted.length - 1] ?? 0;
  const pct = (p: number) => {
    if (!sorted.length) return 0;
    const k = (sorted.length - 1) * p;
    const lo = Math.floor(k);
    return sorted[lo]! + (sorted[Math.min(lo + 1, sorted.length - 1)]! - sorted[lo]!) * (k - lo);
  };
  const type = cfvo?.type ?? (fallback === 'mid' ? 'percentile' : fallback);
  const v = Number(cfvo?.value ?? 50);
  switch (type) {
    case 'min':
    case 'autoMin':
      return min;
    case 'max':
    case 'autoMax':
      return max;
    case 'num':
      return Number.isFinite(v) ? v : fallback === 'max' ? max : min;
    case 'percent':
      return min + ((max - min) * v) / 100;
    case 'percentile':
      return pct(v / 100);
    default:
      return fallback === 'max' ? max : fallback === 'min' ? min : pct(0.5);
  }
}

function literal(v: number | string, x: Ctx): Val {
  if (typeof v === 'number') return v;
  const s = v.trim();
  if (/^".*"$/.test(s)) return s.slice(1, -1).replace(/""/g, '"');
  if (s !== '' && !Number.isNaN(Number(s))) return Number(s);
  const e = compileExpression(s);
  return e ? scalar(e(x)) : s;
}

function cellIs(op: string, v: Val, a: Val, b: Val): boolean {
  if (v === null && op !== 'equal' && op !== 'notEqual') return false;
  switch (op) {
    case 'greaterThan':
      return compare(v, a, '>');
    case 'lessThan':
      return compare(v, a, '<');
    case 'greaterThanOrEqual':
      return compare(v, a, '>=');
    case 'lessThanOrEqual':
      return compare(v, a, '<=');
    case 'equal':
      return compare(v, a, '=');
    case 'notEqual':
      return compare(v, a, '<>');
    case 'between':
      return compare(v, a, '>=') && compare(v, b, '<=') || compare(v, b, '>=') && compare(v, a, '<=');
    default:
      return !(compare(v, a, '>=') && compare(v, b, '<=') || compare(v, b, '>=') && compare(v, a, '<='));
  }
}

/** The paint of every cell a conditional format of the sheet applies to, keyed "r_c". */
export function computeConditionalFormats(sheet: Pick<Sheet, 'conditionalFormats'>, data: CellMatrix | undefined): Map<string, CfPaint> {
  const out = new Map<string, CfPaint>();
  const rules = [...sheet.conditionalFormats].map((cf, k) => ({ cf, k })).sort((a, b) => (a.cf.priority ?? a.k + 1) - (b.cf.priority ?? b.k + 1));
  const maxRow = (data?.length ?? 0) - 1;
  for (const { cf } of rules) {
    try {
      applyRule(cf, data, maxRow, out);
    } catch {
      /* a rule the grid cannot evaluate is not drawn */
    }
  }
  return out;
}

function paint(out: Map<string, CfPaint>, r: number, c: number, p: CfPaint): void {
  const key = `${r}_${c}`;
  const cur = out.get(key) ?? {};
  // the rule with the higher priority (earlier) wins each attribute
  out.set(key, { ...p, ...cur });
}

function applyRule(cf: ConditionalFormat, data: CellMatrix | undefined, maxRow: number, out: Map<string, CfPaint>): void {
  const list = areas(cf.range);
  if (!list.length) return;
  const top = Math.min(...list.map((a) => a.r1));
  const left = Math.min(...list.map((a) => a.c1));
  const rule = cf.rule;
  const cells = [...cellsOf(list, Math.max(maxRow, top))];
  const vals = cells.map(([r, c]) => valueAt(data, r, c));
  const nums = vals.filter((v): v is number => typeof v === 'number').sort((a, b) => a - b);
  const styleOf = (s: { fill?: string; color?: string }): CfPaint => ({ ...(s.fill ? { fill: hash(s.fill) } : {}), ...(s.color ? { color: hash(s.color) } : {}) });
  const each = (test: (v: Val, r: number, c: number) => boolean, p: CfPaint) => {
    if (!p.fill && !p.color) return;
    cells.forEach(([r, c], k) => {
      if (test(vals[k]!, r, c)) paint(out, r, c, p);
    });
  };
  const ctx = (r: number, c: number): Ctx => ({ data, dr: r - top, dc: c - left, row: r, col: c });
  switch (rule.type) {
    case 'cellIs':
      each((v, r, c) => cellIs(rule.operator, v, literal(rule.values[0]!, ctx(r, c)), rule.values[1] !== undefined ? literal(rule.values[1], ctx(r, c)) : null), styleOf(rule.style));
      return;
    case 'expression': {
      const e = compileExpression(rule.formula);
      if (e) each((_v, r, c) => truthy(e(ctx(r, c))), styleOf(rule.style));
      return;
    }
    case 'text': {
      const t = rule.text.toLowerCase();
      each((v) => {
        const s = v === null ? '' : String(v).toLowerCase();
        return rule.operator === 'containsText' ? s.includes(t) : rule.operator === 'notContains' ? !s.includes(t) : rule.operator === 'beginsWith' ? s.startsWith(t) : s.endsWith(t);
      }, styleOf(rule.style));
      return;
    }
    case 'top10': {
      const n = rule.percent ? Math.max(1, Math.floor((nums.length * rule.rank) / 100)) : rule.rank;
      const cut = rule.bottom ? nums[Math.min(n, nums.length) - 1] : nums[Math.max(0, nums.length - n)];
      if (cut !== undefined) each((v) => typeof v === 'number' && (rule.bottom ? v <= cut : v >= cut), styleOf(rule.style));
      return;
    }
    case 'aboveAverage': {
      if (!nums.length) return;
      const avg = nums.reduce((s, v) => s + v, 0) / nums.length;
      const sd = rule.stdDev ? Math.sqrt(nums.reduce((s, v) => s + (v - avg) ** 2, 0) / nums.length) * rule.stdDev : 0;
      const line = rule.below ? avg - sd : avg + sd;
      each((v) => typeof v === 'number' && (rule.below ? (rule.equal ? v <= line : v < line) : rule.equal ? v >= line : v > line), styleOf(rule.style));
      return;
    }
    case 'duplicateValues':
    case 'uniqueValues': {
      const counts = new Map<string, number>();
      for (const v of vals) if (v !== null) counts.set(String(v).toLowerCase(), (counts.get(String(v).toLowerCase()) ?? 0) + 1);
      each((v) => v !== null && (rule.type === 'duplicateValues' ? counts.get(String(v).toLowerCase())! > 1 : counts.get(String(v).toLowerCase()) === 1), styleOf(rule.style));
      return;
    }
    case 'containsBlanks':
    case 'notContainsBlanks':
      each((v) => (v === null || String(v).trim() === '') === (rule.type === 'containsBlanks'), styleOf(rule.style));
      return;
    case 'containsErrors':
    case 'notContainsErrors':
      each((v) => (typeof v === 'string' && /^#[A-Z0-9/!?]+/.test(v)) === (rule.type === 'containsErrors'), styleOf(rule.style));
      return;
    case 'colorScale': {
      if (!nums.length) return;
      const [c0, c1, c2] = rule.colors.map(hash);
      const lo = threshold(rule.cfvo?.[0], 'min', nums);
      const hi = threshold(rule.cfvo?.[rule.colors.length - 1], 'max', nums);
      const mid = rule.colors.length === 3 ? threshold(rule.cfvo?.[1], 'mid', nums) : null;
      cells.forEach(([r, c], k) => {
        const v = vals[k];
        if (typeof v !== 'number') return;
        let fill: string;
        if (mid === null || c2 === undefined) fill = mix(c0!, c1!, hi === lo ? 1 : (v - lo) / (hi - lo));
        else if (v <= mid) fill = mix(c0!, c1!, mid === lo ? 1 : (v - lo) / (mid - lo));
        else fill = mix(c1!, c2, hi === mid ? 1 : (v - mid) / (hi - mid));
        paint(out, r, c, { fill });
      });
      return;
    }
    case 'dataBar': {
      if (!nums.length) return;
      const lo = Math.min(threshold(rule.cfvo?.[0], 'min', nums), 0 <= nums[0]! && !rule.cfvo ? 0 : Infinity);
      const hi = threshold(rule.cfvo?.[1], 'max', nums);
      const color = hash(rule.color);
      cells.forEach(([r, c], k) => {
        const v = vals[k];
        if (typeof v !== 'number') return;
        const t = hi === lo ? 1 : Math.min(1, Math.max(0, (v - lo) / (hi - lo)));
        paint(out, r, c, { bar: { color, len: 0.1 + 0.9 * t }, ...(rule.showValue === false ? { hideValue: true } : {}) });
      });
      return;
    }
    case 'iconSet': {
      if (!nums.length) return;
      const n = iconCount(rule.iconSet);
      // the thresholds of icons 1…n-1 (icon 0 takes the rest): percents of the range unless the rule says
      const cuts = Array.from({ length: n - 1 }, (_, i) => {
        const cfvo = rule.cfvo?.[i + 1] ?? { type: 'percent', value: Math.round(((i + 1) * 100) / n) };
        return { at: threshold(cfvo, 'min', nums), gte: cfvo.gte !== false };
      });
      cells.forEach(([r, c], k) => {
        const v = vals[k];
        if (typeof v !== 'number') return;
        let index = 0;
        cuts.forEach((cut, i) => {
          if (cut.gte ? v >= cut.at : v > cut.at) index = i + 1;
        });
        if (rule.reverse) index = n - 1 - index;
        paint(out, r, c, { icon: { set: rule.iconSet, index }, ...(rule.showValue === false ? { hideValue: true } : {}) });
      });
      return;
    }
    default:
      return;
  }
}
