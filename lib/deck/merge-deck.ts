// (Pure code shared by the server's save merge and the slide editor's live update and undo: no server imports.)
// Three-way merge of decks, on the model (whatever edit produced it): slides are matched by id —
// added, deleted and reordered slides of both sides land (diff3 over the id order); within a slide
// every field (title, subtitle, notes, layout, background…) merges on its own, bullets bullet by
// bullet and elements element by element, down to their fields (one side moves a box while the
// other edits its text: both land), a text box's paragraphs paragraph by paragraph and a paragraph
// both sides changed word by word with each word's run formatting (one side bolds a word, the other
// fixes a typo elsewhere in it: both land). Both sides changing the same thing differently is a
// conflict.
import { json, mergeRecord, mergeSequence, mergeValue, MergeResult, preview, sameValue, type Chooser, type MergeConflict } from '../merge/three-way-merge';
import type { Run, Slide as DeckSlide } from '../../server/documents/deck/schema';
import { compactRuns, dropStaleRuns, seedFormat } from './layout-runs';

type Para = Record<string, unknown> & { runs: Array<Record<string, unknown> & { text: string }> };
const isPara = (p: unknown): p is Para =>
  !!p && typeof p === 'object' && Array.isArray((p as Para).runs) && (p as Para).runs.every((r) => !!r && typeof r === 'object' && typeof r.text === 'string');

interface RunToken {
  key: string;
  run: Record<string, unknown> & { text: string };
}

/** A paragraph's runs as tokens: each word and each stretch of spaces with its run's formatting. */
function runTokens(p: Para): RunToken[] {
  const out: RunToken[] = [];
  for (const r of p.runs) {
    const { text, ...format } = r;
    for (const w of text.match(/\s+|[^\s]+/g) ?? []) out.push({ key: json([w, format]), run: { ...format, text: w } });
  }
  return out;
}

/** Tokens back into runs (neighbours of the same formatting joined; at least one run). */
function tokenRuns(ts: RunToken[], fallback: Para): Para['runs'] {
  const out: Para['runs'] = [];
  for (const { run } of ts) {
    const last = out[out.length - 1];
    const { text: _a, ...fa } = last ?? { text: '' };
    const { text: _b, ...fb } = run;
    void _a;
    void _b;
    if (last && json(fa) === json(fb)) out[out.length - 1] = { ...last, text: last.text + run.text };
    else out.push(run);
  }
  if (out.length) return out;
  const { text: _t, ...format } = fallback.runs[0] ?? { text: '' };
  void _t;
  return [{ ...format, text: '' }];
}

const paraText = (p: unknown) => (isPara(p) ? p.runs.map((r) => r.text).join('') : preview(p));

/** One paragraph both sides changed: settings key by key, the runs word by word; else the whole paragraph. */
function mergeParagraph(b: unknown, y: unknown, t: unknown, target: string, label: string, choose: Chooser): MergeResult<unknown> {
  const whole = () => mergeValue(b, y, t, target, label, choose, paraText);
  if (!isPara(b) || !isPara(y) || !isPara(t)) return whole();
  const { runs: _rb, ...rb } = b;
  const { runs: _ry, ...ry } = y;
  const { runs: _rt, ...rt } = t;
  void _rb;
  void _ry;
  void _rt;
  const settings = mergeRecord(rb, ry, rt, (k, fb, fy, ft) => mergeValue(fb, fy, ft, `${target}:${k}`, `${label}: ${k}`, choose));
  const words = mergeSequence(runTokens(b), runTokens(y), runTokens(t), { key: (x) => x.key, region: () => ({ target, label }), choose, show: () => '' });
  if (words.conflicts.length) return whole();
  return new MergeResult({ ...settings.value, runs: tokenRuns(words.value, t) }, settings.conflicts);
}

type Slide = Record<string, unknown> & { id: string };
type Deck = Record<string, unknown> & { slides?: Slide[] };

function slideName(s: Slide | undefined, index: number): string {
  const title = typeof s?.title === 'string' && s.title.trim() ? ` (“${s.title.trim().slice(0, 40)}”)` : '';
  return `Slide ${index + 1}${title}`;
}

const FIELD_LABEL: Record<string, string> = { title: 'title', subtitle: 'subtitle', notes: 'speaker notes', bullets: 'bullets', columns: 'columns', layout: 'layout', background: 'background' };

const LAYOUT_TEXTS = [
  ['title', 'titleRuns'],
  ['subtitle', 'subtitleRuns'],
] as const;
const asDeckSlide = (s: Slide) => ({ layout: s.layout, elements: Array.isArray(s.elements) ? (s.elements as unknown[]) : [] }) as Pick<DeckSlide, 'layout' | 'elements'>;

/**
 * A slide's title, subtitle and bullets as paragraphs of runs (a plain text: one run with its
 * layout's formatting, lib/deck/layout-runs.ts), so that they merge word by word with their
 * formatting as a text box's paragraphs do; `fromParagraphs` turns them back.
 */
function toParagraphs(s: Slide): Slide {
  const out: Slide = { ...s };
  for (const [key, runsKey] of LAYOUT_TEXTS) {
    delete out[runsKey];
    const text = s[key];
    if (typeof text === 'string') out[key] = { runs: (s[runsKey] as Run[] | undefined) ?? [{ ...seedFormat(asDeckSlide(s), { kind: key }), text }] };
  }
  if (Array.isArray(s.bullets))
    out.bullets = s.bullets.map((b: unknown) => {
      if (typeof b === 'string') return { plain: true, level: 0, runs: [{ text: b }] };
      if (!b || typeof b !== 'object' || typeof (b as { text?: unknown }).text !== 'string') return b;
      const { text, runs, ...rest } = b as { text: string; runs?: Run[] };
      return { ...rest, runs: runs ?? [{ text }] };
    });
  return out;
}

function fromParagraphs(s: Slide): Slide {
  const out: Slide = { ...s };
  for (const [key, runsKey] of LAYOUT_TEXTS) {
    const p = s[key];
    if (!isPara(p)) continue;
    out[key] = paraText(p);
    const kept = compactRuns(p.runs, seedFormat(asDeckSlide(s), { kind: key }));
    if (kept) out[runsKey] = kept;
  }
  if (Array.isArray(s.bullets))
    out.bullets = s.bullets.map((b: unknown) => {
      if (!isPara(b)) return b;
      const { runs, plain, ...rest } = b as Para & { plain?: boolean; level?: number };
      const text = paraText(b);
      const kept = compactRuns(runs, {});
      if (plain && !kept && !rest.level) return text;
      return { text, ...rest, ...(kept ? { runs: kept } : {}) };
    });
  // the text of one side and the formatting of the other (a table cell): the formatting goes
  return Array.isArray(out.elements) ? dropStaleRuns(out as unknown as DeckSlide) : out;
}

function mergeSlide(base: Slide, yours: Slide, theirs: Slide, index: number, choose: Chooser): MergeResult<Slide> {
  const r = mergeSlideParagraphs(toParagraphs(base), toParagraphs(yours), toParagraphs(theirs), slideName(theirs, index), choose);
  return new MergeResult(fromParagraphs(r.value), r.conflicts);
}

function mergeSlideParagraphs(base: Slide, yours: Slide, theirs: Slide, name: string, choose: Chooser): MergeResult<Slide> {
  const r = mergeRecord(base, yours, theirs, (key, b, y, t) => {
    const target = `slide:${theirs.id}:${key}`;
    if (key === 'elements' && Array.isArray(b) && Array.isArray(y) && Array.isArray(t)) {
      return mergeSequence<unknown>(b, y, t, {
        mergeItem: (be, ye, te, i) =>
          be && ye && te && typeof be === 'object' && typeof ye === 'object' && typeof te === 'object'
            ? mergeRecord(be as Record<string, unknown>, ye as Record<string, unknown>, te as Record<string, unknown>, (field, fb, fy, ft) =>
                field === 'paragraphs' && Array.isArray(fb) && Array.isArray(fy) && Array.isArray(ft)
                  ? mergeSequence<unknown>(fb, fy, ft, {
                      mergeItem: (bp, yp, tp, k) => mergeParagraph(bp, yp, tp, `${target}:${i}:p${k}`, `${name}, element ${i + 1}, paragraph ${k + 1}`, choose),
                      region: (k) => ({ target: `${target}:${i}:paragraphs:r${k}`, label: `${name}, element ${i + 1}: paragraphs` }),
                      choose,
                      show: (xs) => (xs.length ? xs.map(paraText).join('\n') : '(removed)'),
                    })
                  : mergeValue(fb, fy, ft, `${target}:${i}:${field}`, `${name}, element ${i + 1}${field === 'x' || field === 'y' ? ' (position)' : field === 'w' || field === 'h' ? ' (size)' : ''}`, choose),
              )
            : mergeValue(be, ye, te, `${target}:${i}`, `${name}, element ${i + 1}`, choose),
        region: (k) => ({ target: `${target}:r${k}`, label: `${name}: elements` }),
        choose,
      });
    }
    if (key === 'bullets' && Array.isArray(b) && Array.isArray(y) && Array.isArray(t)) {
      return mergeSequence<unknown>(b, y, t, {
        mergeItem: (bb, yb, tb, i) => mergeParagraph(bb, yb, tb, `${target}:${i}`, `${name}, bullet ${i + 1}`, choose),
        region: (k) => ({ target: `${target}:r${k}`, label: `${name}: bullets` }),
        choose,
        show: (xs) => (xs.length ? xs.map(paraText).join('\n') : '(removed)'),
      });
    }
    if ((key === 'title' || key === 'subtitle') && (isPara(b) || isPara(y) || isPara(t))) return mergeParagraph(b, y, t, target, `${name}: ${FIELD_LABEL[key]}`, choose);
    return mergeValue(b, y, t, target, `${name}: ${FIELD_LABEL[key] ?? key}`, choose);
  });
  return new MergeResult(r.value as Slide, r.conflicts);
}

/**
 * A stretch of the slide order both sides changed: slides added by either side all land, deleted
 * ones go (whether a deleted slide stays is decided per slide), and a reorder by one side is kept —
 * only both sides reordering the same slides differently is a conflict.
 */
function mergeOrder(bs: string[], ys: string[], ts: string[]): string[] | null {
  const common = bs.filter((id) => ys.includes(id) && ts.includes(id));
  const oy = ys.filter((id) => common.includes(id));
  const ot = ts.filter((id) => common.includes(id));
  const yMoved = json(oy) !== json(common);
  const tMoved = json(ot) !== json(common);
  if (yMoved && tMoved && json(oy) !== json(ot)) return null;
  const [primary, secondary] = yMoved ? [ys, ts] : [ts, ys];
  const out = primary.filter((id) => !(bs.includes(id) && !secondary.includes(id)));
  for (const id of secondary) if (!bs.includes(id) && !out.includes(id)) out.push(id);
  return out;
}

export function mergeDeckModels(base: Deck, yours: Deck, theirs: Deck, choose: Chooser): MergeResult<Deck> {
  const conflicts: MergeConflict[] = [];
  const slidesOf = (d: Deck) => new Map((d.slides ?? []).map((s, i) => [s.id, { s, i }] as const));
  const B = slidesOf(base);
  const Y = slidesOf(yours);
  const T = slidesOf(theirs);
  const titleOf = (id: string) => {
    const s = (T.get(id) ?? Y.get(id) ?? B.get(id))?.s;
    return typeof s?.title === 'string' && s.title ? s.title : id;
  };
  const order = mergeSequence(
    (base.slides ?? []).map((s) => s.id),
    (yours.slides ?? []).map((s) => s.id),
    (theirs.slides ?? []).map((s) => s.id),
    { key: (id) => id, mergeRegion: mergeOrder, region: (k) => ({ target: `order:${k}`, label: 'Slide order' }), choose, show: (ids) => ids.map(titleOf).join(' · ') || '(removed)' },
  );
  conflicts.push(...order.conflicts);
  const ids = [...order.value];
  const merged = new Map<string, Slide>();
  for (const id of new Set([...B.keys(), ...Y.keys(), ...T.keys()])) {
    const b = B.get(id);
    const y = Y.get(id);
    const t = T.get(id);
    if (b && y && t) {
      const r = mergeSlide(b.s, y.s, t.s, t.i, choose);
      conflicts.push(...r.conflicts);
      merged.set(id, r.value);
    } else if (!b) {
      // added on one side (or both, with the same id)
      const r = y && t ? mergeValue<Slide | undefined>(undefined, y.s, t.s, `slide:${id}`, slideName(t.s, t.i), choose) : new MergeResult(y?.s ?? t?.s, []);
      conflicts.push(...r.conflicts);
      if (r.value) merged.set(id, r.value);
    } else {
      // deleted on one side (or both): a deletion of a slide the other side changed is a conflict
      const kept = y ?? t;
      if (!kept || sameValue(kept.s, b.s)) continue;
      const r = mergeValue<Slide | undefined>(b.s, y?.s, t?.s, `slide:${id}`, slideName(kept.s, kept.i), choose, (v) => (v ? preview(v) : '(slide deleted)'));
      conflicts.push(...r.conflicts);
      if (r.value) {
        merged.set(id, r.value);
        if (!ids.includes(id)) ids.splice(Math.min(kept.i, ids.length), 0, id);
      }
    }
  }
  const deck = mergeRecord(base, yours, theirs, (key, b, y, t) => (key === 'slides' ? new MergeResult(t, []) : mergeValue(b, y, t, `deck:${key}`, key === 'theme' ? 'Theme' : `Deck ${key}`, choose)));
  conflicts.push(...deck.conflicts);
  const slides = ids.filter((id) => merged.has(id)).map((id) => merged.get(id)!);
  return new MergeResult({ ...deck.value, slides }, conflicts);
}
