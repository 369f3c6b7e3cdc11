// (Pure code shared by the server's save merge and the slide editor's live update and undo: no server imports.)
// Three-way merge building blocks shared by the per-format merges (merge-workbook/document/deck):
// an edit made on `base` ("yours") is merged with what was stored since ("theirs"). A part changed
// on one side only takes that side; a part changed on both sides to different values is a conflict,
// which the person resolves by choosing one side (`choose(target)`); until then the merge fails
// with the list of conflicts and nothing is written.
import { diff3Merge } from 'node-diff3';

export type Side = 'yours' | 'theirs';

export interface MergeConflict {
  /** Stable for a given (base, yours, theirs): what a choice names. */
  target: string;
  /** What it is, for people ("Sheet1!B2", "Paragraph 3", "Slide 2, element 1"). */
  label: string;
  /** Your value and theirs as text, for people to choose between. */
  yours: string;
  theirs: string;
}

/** The person's choice for a conflict target (undefined: not chosen yet → a conflict). */
export type Chooser = (target: string) => Side | undefined;

export class MergeResult<T> {
  constructor(
    readonly value: T,
    readonly conflicts: MergeConflict[],
  ) {}
}

/** Objects with their keys sorted: PostgreSQL's jsonb reorders keys, the editor's JSON does not. */
const sortKeys = (_key: string, x: unknown): unknown =>
  x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.keys(x).sort().map((k) => [k, (x as Record<string, unknown>)[k]])) : x;

/** A value as text for comparing: the same value gives the same text whatever the order of its keys. */
export const json = (v: unknown): string => (v === undefined ? '\u0000undefined' : JSON.stringify(v, sortKeys));

export function sameValue(a: unknown, b: unknown): boolean {
  return a === b || json(a) === json(b);
}

/** Plain text of a model fragment (the strings it holds), for showing a conflict to people. */
export function preview(v: unknown, max = 400): string {
  if (v === undefined || v === null) return '(empty)';
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return String(v).slice(0, max);
  const parts: string[] = [];
  const walk = (x: unknown) => {
    if (parts.join(' ').length > max) return;
    if (typeof x === 'string') parts.push(x);
    else if (typeof x === 'number') parts.push(String(x));
    else if (Array.isArray(x)) x.forEach(walk);
    else if (x && typeof x === 'object') {
      for (const [k, val] of Object.entries(x)) {
        // ids, kinds, colours and positions are not what people recognise a thing by
        if (['id', 'kind', 'type', 'color', 'fill', 'x', 'y', 'w', 'h', 'src', 'layout', 'level'].includes(k) && typeof val !== 'object') continue;
        walk(val);
      }
    }
  };
  walk(v);
  const text = parts.join(' ').replace(/\s+/g, ' ').trim();
  return (text || JSON.stringify(v)).slice(0, max);
}

/** One value, three ways: `undefined` as a result means "absent". */
export function mergeValue<T>(base: T, yours: T, theirs: T, target: string, label: string, choose: Chooser, show: (v: T) => string = preview): MergeResult<T> {
  if (sameValue(yours, base) || sameValue(yours, theirs)) return new MergeResult(theirs, []);
  if (sameValue(theirs, base)) return new MergeResult(yours, []);
  const c = choose(target);
  if (c) return new MergeResult(c === 'yours' ? yours : theirs, []);
  return new MergeResult(theirs, [{ target, label, yours: show(yours), theirs: show(theirs) }]);
}

/** Merges objects key by key (`mergeKey` for keys that need more than a whole-value merge). */
export function mergeRecord(
  base: Record<string, unknown>,
  yours: Record<string, unknown>,
  theirs: Record<string, unknown>,
  mergeKey: (key: string, b: unknown, y: unknown, t: unknown) => MergeResult<unknown>,
): MergeResult<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  const conflicts: MergeConflict[] = [];
  const keys = new Set([...Object.keys(theirs), ...Object.keys(yours), ...Object.keys(base)]);
  for (const k of keys) {
    const b = base[k];
    const y = yours[k];
    const t = theirs[k];
    const r = y === t || y === b ? new MergeResult(t, []) : t === b ? new MergeResult(y, []) : mergeKey(k, b, y, t);
    conflicts.push(...r.conflicts);
    if (r.value !== undefined) out[k] = r.value;
  }
  return new MergeResult(out, conflicts);
}

/**
 * A sequence merged three ways (diff3 over the items' JSON): insertions, deletions and changes on
 * either side land; where both sides changed the same stretch, `mergeItem` merges item by item when
 * the stretch has the same length on all three sides (each side changed different items, or the
 * same item in different places), else the stretch is one conflict (`region(k)` names it).
 */
export function mergeSequence<T>(
  base: readonly T[],
  yours: readonly T[],
  theirs: readonly T[],
  opts: {
    key?: (item: T) => string;
    mergeItem?: (b: T, y: T, t: T, index: number) => MergeResult<T>;
    /** a stretch both sides changed, merged as a whole (null: a conflict) */
    mergeRegion?: (b: T[], y: T[], t: T[]) => T[] | null;
    region: (k: number, theirsIndex: number) => { target: string; label: string };
    choose: Chooser;
    show?: (items: T[]) => string;
  },
): MergeResult<T[]> {
  const key = opts.key ?? json;
  const byKey = new Map<string, T>();
  const keys = (xs: readonly T[]) =>
    xs.map((x) => {
      const k = key(x);
      byKey.set(k, x);
      return k;
    });
  const o = keys(base);
  const a = keys(yours);
  const b = keys(theirs);
  const out: T[] = [];
  const conflicts: MergeConflict[] = [];
  let k = 0;
  const show = opts.show ?? ((xs: T[]) => (xs.length ? xs.map((x) => preview(x)).join('\n') : '(removed)'));
  for (const region of diff3Merge(a, o, b, { excludeFalseConflicts: true })) {
    if (region.ok) {
      out.push(...region.ok.map((s) => byKey.get(s)!));
      continue;
    }
    const c = region.conflict!;
    const ys = yours.slice(c.aIndex, c.aIndex + c.a.length);
    const ts = theirs.slice(c.bIndex, c.bIndex + c.b.length);
    const bs = base.slice(c.oIndex, c.oIndex + c.o.length);
    if (opts.mergeItem && ys.length === ts.length && ts.length === bs.length) {
      ts.forEach((t, i) => {
        const r = opts.mergeItem!(bs[i]!, ys[i]!, t, c.bIndex + i);
        conflicts.push(...r.conflicts);
        out.push(r.value);
      });
      continue;
    }
    if (!bs.length) {
      // both sides inserted at the same place: both insertions land (theirs first)
      out.push(...ts, ...ys);
      continue;
    }
    const aligned = opts.mergeRegion ? opts.mergeRegion(bs, ys, ts) : opts.mergeItem ? alignInPlace(bs, ys, ts, key) : null;
    if (aligned) {
      out.push(...aligned);
      continue;
    }
    const { target, label } = opts.region(k++, c.bIndex);
    const choice = opts.choose(target);
    if (choice) out.push(...(choice === 'yours' ? ys : ts));
    else {
      conflicts.push({ target, label, yours: show(ys), theirs: show(ts) });
      out.push(...ts);
    }
  }
  return new MergeResult(out, conflicts);
}

/** Matched index pairs (i in xs, j in ys) of a longest common subsequence of two short key lists. */
function commonPairs(xs: string[], ys: string[]): Array<[number, number]> | null {
  if (xs.length * ys.length > 250_000) return null;
  const n = xs.length;
  const m = ys.length;
  const dp = Array.from({ length: n + 1 }, () => new Int32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) dp[i]![j] = xs[i] === ys[j] ? dp[i + 1]![j + 1]! + 1 : Math.max(dp[i + 1]![j]!, dp[i]![j + 1]!);
  const pairs: Array<[number, number]> = [];
  for (let i = 0, j = 0; i < n && j < m; ) {
    if (xs[i] === ys[j]) pairs.push([i++, j++]);
    else if (dp[i + 1]![j]! >= dp[i]![j + 1]!) i++;
    else j++;
  }
  return pairs;
}

/**
 * A stretch where one side changed items in place (same length as base) and the other inserted or
 * deleted around them: the other side's sequence, with the items the first side changed taken from
 * it — when the other side kept every one of those items as it was. Else null (a conflict).
 */
function alignInPlace<T>(bs: T[], ys: T[], ts: T[], key: (x: T) => string): T[] | null {
  const inPlace = ys.length === bs.length ? ys : ts.length === bs.length ? ts : null;
  if (!inPlace) return null;
  const other = inPlace === ys ? ts : ys;
  const bk = bs.map(key);
  const pairs = commonPairs(bk, other.map(key));
  if (!pairs) return null;
  const at = new Map(pairs.map(([i, j]) => [j, i] as const));
  const matched = new Set(pairs.map(([i]) => i));
  if (inPlace.some((x, i) => key(x) !== bk[i] && !matched.has(i))) return null;
  return other.map((x, j) => (at.has(j) ? inPlace[at.get(j)!]! : x));
}
