// A paragraph's runs drawn as spans inside a contentEditable, outside React (React never re-renders
// the text while the user types). The runs each element shows are remembered, so an input is
// spliced into them and a change from outside (the toolbar) is told from an echo of typing. Only
// text is ever read back from the DOM: markup the browser or a paste adds is dropped on the next draw.
import type { CSSProperties } from 'react';
import type { Run } from '@/server/documents/deck/schema';
import { selectionOffsets, setSelection } from './caret';

/** The runs each rich editable shows now. */
export const shownRuns = new WeakMap<HTMLElement, Run[]>();

/** A run's formatting as CSS (sizes in pt = px on the 72 px-per-inch slide). */
export function runStyle(r: Run): CSSProperties {
  const st: CSSProperties = {};
  if (r.bold) st.fontWeight = 700;
  if (r.italic) st.fontStyle = 'italic';
  if (r.underline) st.textDecoration = 'underline';
  if (r.color) st.color = r.color;
  if (r.size) st.fontSize = r.size;
  if (r.font) st.fontFamily = `"${r.font.replace(/["\\]/g, '')}", var(--deck-body-font)`;
  return st;
}

function applyStyle(span: HTMLElement, r: Run): void {
  const st = runStyle(r);
  if (st.fontWeight) span.style.fontWeight = String(st.fontWeight);
  if (st.fontStyle) span.style.fontStyle = String(st.fontStyle);
  if (st.textDecoration) span.style.textDecoration = String(st.textDecoration);
  if (st.color) span.style.color = String(st.color);
  if (st.fontSize) span.style.fontSize = `${st.fontSize}px`;
  if (st.fontFamily) span.style.fontFamily = String(st.fontFamily);
  if (r.link) span.dataset.link = 'true';
}

function fill(el: HTMLElement, runs: readonly Run[]): void {
  const doc = el.ownerDocument;
  const frag = doc.createDocumentFragment();
  for (const r of runs) {
    if (!r.text) continue;
    const span = doc.createElement('span');
    applyStyle(span, r);
    span.textContent = r.text;
    frag.append(span);
  }
  el.replaceChildren(frag);
}

/**
 * Shows `runs` in `el`: the spans are drawn again only when what is there differs (or `force`), and
 * a selection inside `el` is kept at the same text offsets.
 */
export function showRuns(el: HTMLElement, runs: Run[], force = false): void {
  shownRuns.set(el, runs);
  const probe = el.ownerDocument.createElement('div');
  fill(probe, runs);
  if (!force && probe.innerHTML === el.innerHTML) return;
  const sel = selectionOffsets(el);
  el.replaceChildren(...Array.from(probe.childNodes));
  if (sel) setSelection(el, sel.start, sel.end, false);
}
