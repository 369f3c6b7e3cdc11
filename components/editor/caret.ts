// Caret and selection positions inside a contentEditable, as character offsets of its text (UTF-16
// code units, as the deck model's run texts count them), whatever spans the text is split into.

function offsetOf(el: HTMLElement, node: Node, offset: number): number {
  const pre = document.createRange();
  pre.selectNodeContents(el);
  pre.setEnd(node, offset);
  return pre.toString().length;
}

/** The selection inside `el` as [start, end) offsets; null when the selection is not inside it. */
export function selectionOffsets(el: HTMLElement): { start: number; end: number } | null {
  const sel = window.getSelection();
  if (!sel || !sel.rangeCount) return null;
  const r = sel.getRangeAt(0);
  if (!el.contains(r.startContainer) || !el.contains(r.endContainer)) return null;
  const start = offsetOf(el, r.startContainer, r.startOffset);
  const end = offsetOf(el, r.endContainer, r.endOffset);
  return { start: Math.min(start, end), end: Math.max(start, end) };
}

export function caretOffset(el: HTMLElement): number | null {
  const sel = window.getSelection();
  if (!sel || !sel.rangeCount) return null;
  const r = sel.getRangeAt(0);
  if (!el.contains(r.startContainer)) return null;
  return offsetOf(el, r.startContainer, r.startOffset);
}

/** The DOM position of a text offset (the end of the text past its length). */
function pointAt(el: HTMLElement, offset: number): { node: Node; offset: number } {
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  let left = offset;
  let last: Node | null = null;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const len = node.textContent?.length ?? 0;
    if (left <= len) return { node, offset: left };
    left -= len;
    last = node;
  }
  if (last) return { node: last, offset: last.textContent?.length ?? 0 };
  return { node: el, offset: el.childNodes.length };
}

/** Selects [start, end) of `el`'s text (a caret when they are equal); focuses it unless told not to. */
export function setSelection(el: HTMLElement, start: number, end = start, focus = true): void {
  if (focus) el.focus();
  const sel = window.getSelection();
  if (!sel) return;
  const range = document.createRange();
  const a = pointAt(el, start);
  range.setStart(a.node, a.offset);
  if (end !== start) {
    const b = pointAt(el, end);
    range.setEnd(b.node, b.offset);
  } else range.collapse(true);
  sel.removeAllRanges();
  sel.addRange(range);
}

export function setCaret(el: HTMLElement, offset: number): void {
  setSelection(el, offset);
}
