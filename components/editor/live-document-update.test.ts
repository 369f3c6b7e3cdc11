// A newer document taken in place by the tiptap editor: real ProseMirror states over the schema of
// our tiptap extensions (the body's and the header/footer's), with prosemirror-history as the
// editor has it (UndoRedo). The person's own undo steps survive the update and undo only their
// edits; the other side's change stays.
import { describe, expect, it } from 'vitest';
import { getSchema } from '@tiptap/core';
import { EditorState, TextSelection, type Transaction } from '@tiptap/pm/state';
import { history, undo, undoDepth } from '@tiptap/pm/history';
import type { Node as PMNode, Schema } from '@tiptap/pm/model';
import { documentExtensions } from '@/lib/document/tiptap-extensions';
import { toHfDoc } from '@/lib/document/header-footer';
import { headerFooterExtensions } from './header-footer-extensions';
import { LIVE_UPDATE_META, diffBlocks, liveDocumentUpdate, mergeBlocks, parseLiveDoc } from './live-document-update';

const schema: Schema = getSchema(documentExtensions({ resizableTables: true }));

type Json = { type: string; attrs?: Record<string, unknown>; content?: Json[]; text?: string; marks?: Json[] };
const p = (text: string): Json => ({ type: 'paragraph', content: text ? [{ type: 'text', text }] : [] });
const docJson = (...blocks: Json[]): Json => ({ type: 'doc', content: blocks });
const node = (json: Json, s: Schema = schema): PMNode => {
  const n = parseLiveDoc(s, json);
  if (!n) throw new Error('does not parse');
  return n;
};
const texts = (d: PMNode) => {
  const out: string[] = [];
  d.forEach((c) => out.push(c.textContent));
  return out;
};
/** The position just inside the i-th top-level block (0-based). */
const blockStart = (d: PMNode, i: number) => {
  let pos = 0;
  for (let k = 0; k < i; k++) pos += d.child(k).nodeSize;
  return pos + 1;
};
const stateOf = (d: PMNode) => EditorState.create({ doc: d, plugins: [history()] });

/** Types `text` at `offset` of block `i` as the person would (an undoable step), caret after it. */
function type(state: EditorState, i: number, offset: number, text: string): EditorState {
  const at = blockStart(state.doc, i) + offset;
  const tr = state.tr.insertText(text, at);
  tr.setSelection(TextSelection.create(tr.doc, at + text.length));
  return state.apply(tr);
}

function runUndo(state: EditorState): EditorState {
  let out = state;
  const ok = undo(state, (tr: Transaction) => {
    out = state.apply(tr);
  });
  expect(ok).toBe(true);
  return out;
}

/** The top-level blocks a transaction's steps touched (by index in the document before it). */
function touchedBlocks(before: PMNode, tr: Transaction): number[] {
  const starts: number[] = [];
  let pos = 0;
  before.forEach((c) => {
    starts.push(pos);
    pos += c.nodeSize;
  });
  const hit = new Set<number>();
  tr.mapping.maps.forEach((map, k) => {
    map.forEach((from, to) => {
      // positions of the step's own document, mapped back to the original one
      const back = tr.mapping.slice(0, k).invert();
      const a = back.map(from, -1);
      const b = back.map(to, 1);
      starts.forEach((s, i) => {
        const e = s + before.child(i).nodeSize;
        if (a < e && b > s) hit.add(i);
        if (a === b && a > s && a < e) hit.add(i);
      });
    });
  });
  return [...hit].sort((x, y) => x - y);
}

const four = docJson(p('One alpha'), p('Two beta'), p('Three gamma'), p('Four delta'));

describe('a newer document in the body editor', () => {
  it('takes the other side’s change of paragraph 1 while the caret stays in paragraph 3, and Ctrl+Z undoes only the person’s word', () => {
    let state = stateOf(node(four));
    state = type(state, 2, 6, 'MINE ');
    expect(texts(state.doc)[2]).toBe('Three MINE gamma');
    const caretOffset = state.selection.from - blockStart(state.doc, 2);
    // the server merged the person's saved word with the other side's change
    const next = node(docJson(p('One REMOTE alpha'), p('Two beta'), p('Three MINE gamma'), p('Four delta')));
    const u = liveDocumentUpdate(state, next);
    if (!u || u === 'remount') throw new Error(`expected a transaction, got ${String(u)}`);
    expect(u.tr.getMeta('addToHistory')).toBe(false);
    expect(u.tr.getMeta('preventUpdate')).toBe(true);
    expect(u.tr.getMeta(LIVE_UPDATE_META)).toBe(true);
    // only paragraph 1 is touched
    expect(touchedBlocks(state.doc, u.tr)).toEqual([0]);
    const before = state;
    state = state.apply(u.tr);
    expect(state.doc.eq(next)).toBe(true);
    // the caret is where it was in paragraph 3 (shifted by the 7 characters added above it)
    expect(state.selection.empty).toBe(true);
    expect(state.selection.$from.index(0)).toBe(2);
    expect(state.selection.from - blockStart(state.doc, 2)).toBe(caretOffset);
    expect(state.selection.from - before.selection.from).toBe('REMOTE '.length);
    // the update is not an undo step of the person's
    expect(undoDepth(state)).toBe(undoDepth(before));
    state = runUndo(state);
    expect(texts(state.doc)).toEqual(['One REMOTE alpha', 'Two beta', 'Three gamma', 'Four delta']);
  });

  it('inside a changed paragraph only the changed words are replaced (the person’s word in the same paragraph keeps its undo)', () => {
    let state = stateOf(node(docJson(p('alpha beta gamma delta'))));
    state = type(state, 0, 0, 'MINE ');
    const next = node(docJson(p('MINE alpha beta gamma THEIRS delta')));
    const u = liveDocumentUpdate(state, next);
    if (!u || u === 'remount') throw new Error('expected a transaction');
    expect(u.tr.steps).toHaveLength(1);
    const map = u.tr.mapping.maps[0]!;
    const ranges: number[][] = [];
    map.forEach((from, to, nFrom, nTo) => ranges.push([from, to, nFrom, nTo]));
    // an insertion of "THEIRS " after "gamma ", nothing before it rewritten
    expect(ranges).toHaveLength(1);
    expect(ranges[0]![1]! - ranges[0]![0]!).toBe(0);
    expect(ranges[0]![3]! - ranges[0]![2]!).toBe('THEIRS '.length);
    state = state.apply(u.tr);
    expect(state.doc.eq(next)).toBe(true);
    state = runUndo(state);
    expect(state.doc.textContent).toBe('alpha beta gamma THEIRS delta');
  });

  it('changes before and after the person’s word in the same paragraph are applied word by word: the person’s word keeps its undo', () => {
    let state = stateOf(node(docJson(p('one two three four five six'))));
    state = type(state, 0, 'one two three '.length, 'MINE ');
    const next = node(docJson(p('one TWO three MINE four five SIX')));
    const u = liveDocumentUpdate(state, next);
    if (!u || u === 'remount') throw new Error('expected a transaction');
    expect(u.tr.steps).toHaveLength(2);
    state = state.apply(u.tr);
    expect(state.doc.eq(next)).toBe(true);
    expect(state.selection.from - 1).toBe('one TWO three MINE '.length);
    state = runUndo(state);
    expect(state.doc.textContent).toBe('one TWO three four five SIX');
  });

  it('blocks inserted and deleted by the other side: the caret follows its paragraph', () => {
    let state = stateOf(node(four));
    state = type(state, 2, 0, 'X');
    const next = node(docJson(p('One alpha'), p('New one'), p('New two'), p('Two beta'), p('XThree gamma')));
    const u = liveDocumentUpdate(state, next);
    if (!u || u === 'remount') throw new Error('expected a transaction');
    state = state.apply(u.tr);
    expect(state.doc.eq(next)).toBe(true);
    expect(state.selection.$from.parent.textContent).toBe('XThree gamma');
    expect(state.selection.$from.parentOffset).toBe(1);
    state = runUndo(state);
    expect(texts(state.doc)).toEqual(['One alpha', 'New one', 'New two', 'Two beta', 'Three gamma']);
  });

  it('a changed table cell is replaced inside the table; a heading that became a paragraph is replaced as a block', () => {
    const cell = (t: string): Json => ({ type: 'tableCell', attrs: { colspan: 1, rowspan: 1, colwidth: null }, content: [p(t)] });
    const table = (a: string, b: string): Json => ({ type: 'table', content: [{ type: 'tableRow', content: [cell(a), cell(b)] }] });
    const h = (t: string): Json => ({ type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: t }] });
    const state = stateOf(node(docJson(h('Title'), table('A1', 'B1'), p('after'))));
    const next = node(docJson(p('Title'), table('A1', 'B1 changed'), p('after')));
    const u = liveDocumentUpdate(state, next);
    if (!u || u === 'remount') throw new Error('expected a transaction');
    expect(state.apply(u.tr).doc.eq(next)).toBe(true);
    expect(touchedBlocks(state.doc, u.tr)).toEqual([0, 1]);
    // the table: one insertion of " changed" in the second cell
    const tableStep = u.tr.mapping.maps[0]!;
    const ranges: number[][] = [];
    tableStep.forEach((from, to, nFrom, nTo) => ranges.push([to - from, nTo - nFrom]));
    expect(ranges).toEqual([[0, ' changed'.length]]);
    expect(u.tr.steps).toHaveLength(2);
  });

  it('nothing differs: no transaction; a document the schema cannot take: remount', () => {
    const state = stateOf(node(four));
    expect(liveDocumentUpdate(state, node(four))).toBeNull();
    expect(parseLiveDoc(schema, docJson({ type: 'hologram', content: [] }))).toBeNull();
    expect(parseLiveDoc(schema, docJson({ type: 'paragraph', content: [{ type: 'text', text: 'x', marks: [{ type: 'sparkle' }] }] }))).toBeNull();
    // another top node (a header/footer document in the body editor)
    const hfSchema = getSchema(headerFooterExtensions());
    const other = parseLiveDoc(hfSchema, toHfDoc('Header', 'header'));
    expect(other).not.toBeNull();
    expect(liveDocumentUpdate(state, other!)).toBe('remount');
  });
});

describe('the person’s edits the server has not seen yet (three-way)', () => {
  it('keeps the person’s unsaved word in paragraph 3 and takes the other side’s paragraph 1: the result is sent as their edit', () => {
    const seen = node(four); // what the server knows of this editor's content
    let state = stateOf(seen);
    state = type(state, 2, 0, 'UNSAVED ');
    const next = node(docJson(p('One REMOTE alpha'), p('Two beta'), p('Three gamma'), p('Four delta')));
    const u = liveDocumentUpdate(state, next, seen);
    if (!u || u === 'remount') throw new Error('expected a transaction');
    state = state.apply(u.tr);
    expect(texts(state.doc)).toEqual(['One REMOTE alpha', 'Two beta', 'UNSAVED Three gamma', 'Four delta']);
    expect(u.doc.eq(state.doc)).toBe(true);
    expect(u.doc.eq(next)).toBe(false); // differs from the stored version: the editor sends it
    expect(state.selection.$from.parent.textContent).toBe('UNSAVED Three gamma');
    state = runUndo(state);
    expect(texts(state.doc)).toEqual(['One REMOTE alpha', 'Two beta', 'Three gamma', 'Four delta']);
  });

  it('a block both changed differently takes the stored version; without unseen edits the base changes nothing', () => {
    const seen = node(four);
    let state = stateOf(seen);
    state = type(state, 0, 0, 'MINE ');
    const next = node(docJson(p('One THEIRS alpha'), p('Two beta'), p('Three gamma'), p('Four delta'), p('Five')));
    const u = liveDocumentUpdate(state, next, seen);
    if (!u || u === 'remount') throw new Error('expected a transaction');
    expect(u.doc.eq(next)).toBe(true);
    // base equal to what the editor shows: the editor becomes the new version
    const fresh = stateOf(seen);
    const v = liveDocumentUpdate(fresh, next, seen);
    if (!v || v === 'remount') throw new Error('expected a transaction');
    expect(v.doc.eq(next)).toBe(true);
  });

  it('mergeBlocks: changes on both sides in different places are both kept, insertions included', () => {
    const base = ['a', 'b', 'c', 'd', 'e'].map((t) => node(docJson(p(t))).child(0));
    const mk = (ts: string[]) => ts.map((t) => node(docJson(p(t))).child(0));
    const ours = mk(['a', 'B!', 'c', 'd', 'e', 'f']);
    const theirs = mk(['a', 'b', 'c', 'x', 'D!', 'e']);
    expect(mergeBlocks(base, ours, theirs).map((n) => n.textContent)).toEqual(['a', 'B!', 'c', 'x', 'D!', 'e', 'f']);
    // adjacent changes (ours b, theirs c) are not a conflict
    expect(mergeBlocks(base, mk(['a', 'B', 'c', 'd', 'e']), mk(['a', 'b', 'C', 'd', 'e'])).map((n) => n.textContent)).toEqual(['a', 'B', 'C', 'd', 'e']);
  });

  it('diffBlocks aligns equal blocks', () => {
    const mk = (ts: string[]) => ts.map((t) => node(docJson(p(t))).child(0));
    expect(diffBlocks(mk(['1', '2', '3', '4']), mk(['1', 'X', '3', '4', '5']))).toEqual([
      { a0: 1, a1: 2, b0: 1, b1: 2 },
      { a0: 4, a1: 4, b0: 4, b1: 5 },
    ]);
    expect(diffBlocks(mk(['1', '2', '3']), mk(['2', '3', '1']))).toEqual([
      { a0: 0, a1: 1, b0: 0, b1: 0 },
      { a0: 3, a1: 3, b0: 2, b1: 3 },
    ]);
  });
});

describe('a newer header or footer in its margin editor', () => {
  const hfSchema = getSchema(headerFooterExtensions());
  it('takes the other side’s header text; the person’s own header edit stays undoable', () => {
    let state = stateOf(node(toHfDoc('Acme — confidential', 'header'), hfSchema));
    state = type(state, 0, 0, 'Draft ');
    const next = node(toHfDoc('Draft Acme — internal', 'header'), hfSchema);
    const u = liveDocumentUpdate(state, next);
    if (!u || u === 'remount') throw new Error('expected a transaction');
    state = state.apply(u.tr);
    expect(state.doc.textContent).toBe('Draft Acme — internal');
    state = runUndo(state);
    expect(state.doc.textContent).toBe('Acme — internal');
  });
});
