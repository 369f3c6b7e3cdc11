// Pending edits accumulate between autosaves: a later edit of the same cell / slide field wins.
import type { DeckEdit, EditorEdit } from './editor-types';

type SlideEdit = NonNullable<DeckEdit['slides']>[number];

function mergeSlide(a: SlideEdit, b: SlideEdit): SlideEdit {
  const elements = new Map((a.elements ?? []).map((e) => [e.index, e] as const));
  for (const e of b.elements ?? []) elements.set(e.index, { ...elements.get(e.index), ...e });
  const out: SlideEdit = { ...a, ...b };
  if (elements.size) out.elements = [...elements.values()];
  return out;
}

export function mergeEdits(a: EditorEdit | null, b: EditorEdit): EditorEdit {
  if (!a || a.kind !== b.kind) return b;
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
    return { kind: 'deck', ...(order ? { order } : {}), ...(slides.size ? { slides: [...slides.values()] } : {}) };
  }
  return b;
}
