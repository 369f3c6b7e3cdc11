// Text edits and formatting on a paragraph's runs (the deck model's {text, bold, italic, …} pieces)
// that keep the formatting of everything not touched: the slide editor (browser) and the editor API
// (server) both turn "the paragraph's new text" into runs here instead of flattening the paragraph
// to one run. Pure code: no DOM, no Node.
import type { Run } from '../../server/documents/deck/schema';

export type RunFormat = Omit<Run, 'text'>;
/** A format change: a key set to undefined removes that formatting. */
export type RunPatch = { [K in keyof RunFormat]?: RunFormat[K] | undefined };

const FORMAT_KEYS = ['bold', 'italic', 'underline', 'color', 'size', 'font', 'link'] as const satisfies ReadonlyArray<keyof RunFormat>;

/** Control characters a run never holds (C0 except tab, line feed and carriage return; DEL). */
 
export const RUN_CONTROL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

/** Text as a run may hold it: control characters (NUL…) are dropped. */
export const cleanRunText = (t: string): string => t.replace(RUN_CONTROL_CHARS, '');

export const runsText = (runs: readonly Run[]): string => runs.map((r) => r.text).join('');

export function formatOf(r: Run): RunFormat {
  const f: RunFormat = {};
  for (const k of FORMAT_KEYS) if (r[k] !== undefined) (f as Record<string, unknown>)[k] = r[k];
  return f;
}

/** Same formatting (false and absent count as the same for bold / italic / underline). */
export function sameFormat(a: RunFormat, b: RunFormat): boolean {
  return FORMAT_KEYS.every((k) => {
    const x = a[k] === false ? undefined : a[k];
    const y = b[k] === false ? undefined : b[k];
    return x === y;
  });
}

/**
 * Empty runs dropped and neighbours with the same formatting joined; a paragraph keeps at least one
 * run (an empty one with `fallback`'s formatting, so typing into an emptied paragraph keeps it).
 */
export function normalizeRuns(runs: readonly Run[], fallback?: RunFormat): Run[] {
  const out: Run[] = [];
  for (const r of runs) {
    if (r.text === '') continue;
    const last = out[out.length - 1];
    if (last && sameFormat(last, r)) out[out.length - 1] = { ...last, text: last.text + r.text };
    else out.push(r);
  }
  if (!out.length) return [{ ...(fallback ?? (runs[0] ? formatOf(runs[0]) : {})), text: '' }];
  return out;
}

/**
 * The formatting at a caret position: the run of the character before it (what typing there
 * continues), the first non-empty run at the start of the paragraph.
 */
export function formatAt(runs: readonly Run[], offset: number): RunFormat {
  let pos = 0;
  let first: Run | undefined;
  for (const r of runs) {
    if (r.text === '') continue;
    first ??= r;
    const end = pos + r.text.length;
    if (offset > pos && offset <= end) return formatOf(r);
    pos = end;
  }
  const any = first ?? runs[0];
  return any ? formatOf(any) : {};
}

/** The part [start, end) of the runs, each piece with its run's formatting (at least one run). */
export function sliceRuns(runs: readonly Run[], start: number, end = Infinity): Run[] {
  const out: Run[] = [];
  let pos = 0;
  for (const r of runs) {
    const a = Math.max(start, pos);
    const b = Math.min(end, pos + r.text.length);
    if (b > a) out.push(a === pos && b === pos + r.text.length ? r : { ...r, text: r.text.slice(a - pos, b - pos) });
    pos += r.text.length;
  }
  return normalizeRuns(out, formatAt(runs, start));
}

/** Two paragraphs' runs one after the other (joining two lines). */
export const concatRuns = (a: readonly Run[], b: readonly Run[]): Run[] =>
  normalizeRuns([...a, ...b], formatOf(a[0] ?? b[0] ?? { text: '' }));

/**
 * Replaces [start, start + deleteCount) with `insert`: untouched runs keep their formatting,
 * deleted text goes from the runs it was in, inserted text takes the formatting of the run it is
 * typed into (`format`, else the run of the first replaced character, else the run before the
 * caret). Control characters of `insert` are dropped.
 */
export function spliceRuns(runs: readonly Run[], start: number, deleteCount: number, insert: string, format?: RunFormat): Run[] {
  const total = runsText(runs).length;
  const a = Math.max(0, Math.min(start, total));
  const b = Math.max(a, Math.min(a + deleteCount, total));
  const text = cleanRunText(insert);
  const fmt = format ?? (b > a ? formatAt(runs, a + 1) : formatAt(runs, a));
  const before = a > 0 ? sliceRuns(runs, 0, a) : [];
  const after = b < total ? sliceRuns(runs, b) : [];
  return normalizeRuns([...before, { ...fmt, text }, ...after], fmt);
}

const isHigh = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number) => c >= 0xdc00 && c <= 0xdfff;

/**
 * Where two texts differ: the common prefix and suffix are kept, the middle is replaced. `caret` (the
 * caret after the edit, in the new text) places an ambiguous edit ("hello" → "helllo"): the change
 * ends at the caret. Surrogate pairs (emoji) are never split.
 */
export function textChange(oldText: string, newText: string, caret?: number): { start: number; deleteCount: number; insert: string } {
  const max = Math.min(oldText.length, newText.length);
  let p = 0;
  let s = 0;
  const prefix = (limit: number) => {
    let i = 0;
    while (i < limit && oldText.charCodeAt(i) === newText.charCodeAt(i)) i++;
    return i;
  };
  const suffix = (limit: number) => {
    let i = 0;
    while (i < limit && oldText.charCodeAt(oldText.length - 1 - i) === newText.charCodeAt(newText.length - 1 - i)) i++;
    return i;
  };
  if (caret !== undefined && caret >= 0 && caret <= newText.length) {
    s = suffix(Math.min(max, newText.length - caret));
    p = prefix(max - s);
  } else {
    p = prefix(max);
    s = suffix(max - p);
  }
  if (p > 0 && isHigh(oldText.charCodeAt(p - 1))) p--;
  if (s > 0 && isLow(oldText.charCodeAt(oldText.length - s))) s--;
  return { start: p, deleteCount: oldText.length - p - s, insert: newText.slice(p, newText.length - s) };
}

/**
 * The runs of a paragraph whose text became `newText`: the difference to the old text is spliced in
 * (see spliceRuns), so a typo fixed in "Revenue **grew 12%** in Q3" keeps the bold. The same runs
 * come back when the text did not change.
 */
export function editRuns(runs: readonly Run[], newText: string, caret?: number): Run[] {
  const oldText = runsText(runs);
  const clean = cleanRunText(newText);
  if (clean === oldText) return runs as Run[];
  const c = textChange(oldText, clean, caret === undefined ? undefined : Math.min(caret, clean.length));
  return spliceRuns(runs, c.start, c.deleteCount, c.insert);
}

/** Formatting `patch` on [start, end) only: runs are split at the ends, neighbours alike are joined. */
export function formatRange(runs: readonly Run[], start: number, end: number, patch: RunPatch): Run[] {
  const total = runsText(runs).length;
  const a = Math.max(0, Math.min(start, total));
  const b = Math.max(a, Math.min(end, total));
  if (a === b) return runs as Run[];
  const apply = (r: Run): Run => {
    const next: Record<string, unknown> = { ...r, ...patch };
    for (const k of Object.keys(patch)) if ((patch as Record<string, unknown>)[k] === undefined) delete next[k];
    return next as Run;
  };
  const mid = sliceRuns(runs, a, b).map(apply);
  return normalizeRuns([...(a > 0 ? sliceRuns(runs, 0, a) : []), ...mid, ...(b < total ? sliceRuns(runs, b) : [])]);
}

/** The runs (pieces) covering [start, end), or the run at the caret when the range is empty. */
export function runsIn(runs: readonly Run[], start: number, end: number): Run[] {
  if (end <= start) return [{ ...formatAt(runs, start), text: '' }];
  return sliceRuns(runs, start, end).filter((r) => r.text !== '');
}

/** Whether every character of [start, end) (or the run at the caret) has a mark. */
export function allHave(runs: readonly Run[], start: number, end: number, mark: 'bold' | 'italic' | 'underline'): boolean {
  const parts = runsIn(runs, start, end);
  return parts.length > 0 && parts.every((r) => r[mark] === true);
}
