// Pending edits accumulate between autosaves: a later edit of the same cell / slide field wins.
import type { WorkbookOp } from '@/server/documents/workbook/edit-ops';

const STRUCTURE = new Set<WorkbookOp['op']>(['insertRows', 'deleteRows', 'insertColumns', 'deleteColumns', 'sortRange', 'addSheet', 'renameSheet', 'deleteSheet']);
import type { DeckEdit, EditorEdit } from './editor-types';

type SlideEdit = NonNullable<DeckEdit['slides']>[number];

function mergeSlide(a: SlideEdit, b: SlideEdit): SlideEdit {
  const elements = new Map((a.elements ?? []).map((e) => [e.index, e] as const));
  for (const e of b.elements ?? []) elements.set(e.index, { ...elements.get(e.index), ...e });
  const out: SlideEdit = { ...a, ...b };
  if (elements.size) out.elements = [...elements.values()];
  return out;
}

type Op = WorkbookOp;
type DeckOp = NonNullable<DeckEdit['ops']>[number];

/** Deck ops in order; a run of sets of the same element (or fields of the same slide) keeps only the last. */
function mergeDeckOps(a: DeckOp[], b: DeckOp[]): DeckOp[] {
  const out: DeckOp[] = [];
  for (const op of [...a, ...b]) {
    const prev = out[out.length - 1];
    if (prev && prev.op === 'setElement' && op.op === 'setElement' && prev.slide === op.slide && prev.index === op.index) out[out.length - 1] = op;
    else if (prev && prev.op === 'setElements' && (op.op === 'setElements' || op.op === 'setElement') && prev.slide === op.slide) {
      out[out.length - 1] = op.op === 'setElements' ? op : { ...prev, elements: prev.elements.map((e, i) => (i === op.index ? op.element : e)) };
    } else if (prev && prev.op === 'updateSlide' && op.op === 'updateSlide' && prev.id === op.id) out[out.length - 1] = { ...prev, set: { ...prev.set, ...op.set } };
    else out.push(op);
  }
  return out;
}

/**
 * Ops in order; a value set of a cell that a later set of the same cell overwrites is dropped (only
 * within a stretch without structural ops: an inserted row moves what an address means).
 */
function mergeOps(a: Op[], b: Op[]): Op[] {
  const all = [...a, ...b];
  const lastSet = new Map<string, number>();
  let era = 0;
  const eras = all.map((op) => (STRUCTURE.has(op.op) ? ++era : era));
  all.forEach((op, i) => {
    if (op.op === 'set') lastSet.set(`${eras[i]}\u0000${op.sheet}\u0000${op.cell}`, i);
  });
  return all.filter((op, i) => op.op !== 'set' || lastSet.get(`${eras[i]}\u0000${op.sheet}\u0000${op.cell}`) === i);
}

const asOps = (e: EditorEdit): Op[] | null =>
  e.kind === 'workbook' ? e.ops : e.kind === 'cells' ? e.changes.map((c) => ({ op: 'set' as const, sheet: c.sheet, cell: c.cell, value: c.value, formula: c.formula })) : null;

export function mergeEdits(a: EditorEdit | null, b: EditorEdit): EditorEdit {
  if (a && a.kind !== b.kind && (a.kind === 'workbook' || b.kind === 'workbook')) {
    const x = asOps(a);
    const y = asOps(b);
    if (x && y) return { kind: 'workbook', ops: mergeOps(x, y) };
  }
  if (!a || a.kind !== b.kind) return b;
  if (a.kind === 'workbook' && b.kind === 'workbook') return { kind: 'workbook', ops: mergeOps(a.ops, b.ops) };
  if (a.kind === 'cells' && b.kind === 'cells') {
    const byCell = new Map<string, (typeof a.changes)[number]>();
    for (const c of [...a.changes, ...b.changes]) {
      const k = `${c.sheet}\u0000${c.cell}`;
      byCell.delete(k); // keep insertion order = latest edit last
      byCell.set(k, c);
    }
    return { kind: 'cells', changes: [...byCell.values()] };
  }
  if (a.kind === 'deck' && b.kind === 'deck') {
    const slides = new Map((a.slides ?? []).map((s) => [s.id, s] as const));
    for (const s of b.slides ?? []) {
      const prev = slides.get(s.id);
      slides.set(s.id, prev ? mergeSlide(prev, s) : s);
    }
    const order = b.order ?? a.order;
    const ops = mergeDeckOps(a.ops ?? [], b.ops ?? []);
    return { kind: 'deck', ...(order ? { order } : {}), ...(slides.size ? { slides: [...slides.values()] } : {}), ...(ops.length ? { ops } : {}) };
  }
  return b;
}
