// A newer version of a tiptap document (the body, or a header/footer margin editor) taken in place:
// the differences between what the editor shows and the new document, found at the level of
// top-level blocks (and inside a changed block: from its first to its last differing position),
// applied as ONE transaction that is not added to the undo history — prosemirror-history maps the
// person's own undo steps over it (as collaborative editing does), so Ctrl+Z undoes only their own
// edits and never the other side's; the selection is mapped through it and nothing scrolls. The
// transaction carries `preventUpdate` (tiptap sends no update event: it is not saved as the
// person's edit) and LIVE_UPDATE_META.
//
// Three-way when the editor has edits the server has not seen (`base` = what the server knows of
// the editor's content, `ours` = the editor now, `theirs` = the new version): blocks only the
// person changed since `base` keep their change, blocks only the other side changed take theirs;
// a block both changed differently takes theirs (the server merged the person's saved edits into
// it). Without `base`, the editor becomes the new document.
import { Fragment, type Node as PMNode, type Schema } from '@tiptap/pm/model';
import type { EditorState, Transaction } from '@tiptap/pm/state';

export const LIVE_UPDATE_META = 'docsmithLiveUpdate';

/** The new document in the editor's schema, or null when it does not fit (unknown nodes, marks or content: remount). */
export function parseLiveDoc(schema: Schema, json: unknown): PMNode | null {
  try {
    const node = schema.nodeFromJSON(json);
    node.check();
    return node;
  } catch {
    return null;
  }
}

const keys = new WeakMap<PMNode, string>();
function key(n: PMNode): string {
  let k = keys.get(n);
  if (k === undefined) {
    k = JSON.stringify(n.toJSON());
    keys.set(n, k);
  }
  return k;
}

const children = (n: PMNode): PMNode[] => {
  const out: PMNode[] = [];
  n.forEach((c) => out.push(c));
  return out;
};

/** A changed stretch: a[a0, a1) became b[b0, b1). */
export interface Hunk {
  a0: number;
  a1: number;
  b0: number;
  b1: number;
}

/** Above this many cells the middle is taken as one changed stretch rather than aligned block by block. */
const MAX_LCS_CELLS = 4_000_000;

/** The changed stretches between two sequences (equal items, by `same` or by key, aligned by a longest common subsequence). */
function diffSeq<T>(a: readonly T[], b: readonly T[], k: (x: T) => string): Hunk[] {
  const same = (x: T, y: T) => x === y || k(x) === k(y);
  let s = 0;
  while (s < a.length && s < b.length && same(a[s]!, b[s]!)) s++;
  let ea = a.length;
  let eb = b.length;
  while (ea > s && eb > s && same(a[ea - 1]!, b[eb - 1]!)) {
    ea--;
    eb--;
  }
  const n = ea - s;
  const m = eb - s;
  if (n === 0 && m === 0) return [];
  if (n === 0 || m === 0 || (n + 1) * (m + 1) > MAX_LCS_CELLS) return [{ a0: s, a1: ea, b0: s, b1: eb }];
  const ka = a.slice(s, ea).map(k);
  const kb = b.slice(s, eb).map(k);
  // suffix LCS lengths
  const w = m + 1;
  const L = new Uint32Array((n + 1) * w);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      L[i * w + j] = ka[i] === kb[j] ? L[(i + 1) * w + j + 1]! + 1 : Math.max(L[(i + 1) * w + j]!, L[i * w + j + 1]!);
    }
  }
  const hunks: Hunk[] = [];
  let i = 0;
  let j = 0;
  let open: Hunk | null = null;
  while (i < n || j < m) {
    if (i < n && j < m && ka[i] === kb[j]) {
      if (open) hunks.push(open);
      open = null;
      i++;
      j++;
    } else if (j < m && (i === n || L[i * w + j + 1]! >= L[(i + 1) * w + j]!)) {
      open ??= { a0: s + i, a1: s + i, b0: s + j, b1: s + j };
      j++;
      open.b1 = s + j;
    } else {
      open ??= { a0: s + i, a1: s + i, b0: s + j, b1: s + j };
      i++;
      open.a1 = s + i;
    }
  }
  if (open) hunks.push(open);
  return hunks;
}

/** The changed stretches between two block lists (equal blocks aligned by a longest common subsequence). */
export function diffBlocks(a: readonly PMNode[], b: readonly PMNode[]): Hunk[] {
  return diffSeq(a, b, key);
}

/** Words and the spaces between them. */
const words = (t: string): string[] => t.match(/\s+|[^\s]+/g) ?? [];
/** Above this many words either side, a changed run of text is replaced as a whole. */
const MAX_WORDS = 400;

/**
 * A changed run of plain text (one text node of the same marks either side, or none) replaced word
 * by word: the unchanged words between the other side's changes stay (and the person's undo steps
 * in them). False when the run is not plain text.
 */
function replaceWords(tr: Transaction, at: number, was: Fragment, now: Fragment): boolean {
  if (was.childCount > 1 || now.childCount > 1) return false;
  const x = was.firstChild;
  const y = now.firstChild;
  if ((x && !x.isText) || (y && !y.isText) || !x || !y || !x.sameMarkup(y)) return false;
  const wa = words(x.text ?? '');
  const wb = words(y.text ?? '');
  if (wa.length > MAX_WORDS || wb.length > MAX_WORDS) return false;
  const offA = [0];
  for (const t of wa) offA.push(offA[offA.length - 1]! + t.length);
  const schema = y.type.schema;
  for (const h of diffSeq(wa, wb, (t) => t).reverse()) {
    const text = wb.slice(h.b0, h.b1).join('');
    const from = at + offA[h.a0]!;
    const to = at + offA[h.a1]!;
    if (text) tr.replaceWith(from, to, schema.text(text, y.marks));
    else tr.delete(from, to);
  }
  return true;
}

/**
 * The three-way merge of block lists: `ours` with the stretches only `theirs` changed since
 * `base` taken; a stretch both changed differently takes theirs.
 */
export function mergeBlocks(base: readonly PMNode[], ours: readonly PMNode[], theirs: readonly PMNode[]): PMNode[] {
  const o = diffBlocks(base, ours).map((h) => ({ ...h, side: 'o' as const }));
  const t = diffBlocks(base, theirs).map((h) => ({ ...h, side: 't' as const }));
  const all = [...o, ...t].sort((x, y) => x.a0 - y.a0 || x.a1 - y.a1);
  const out: PMNode[] = [];
  let i = 0;
  let offO = 0;
  let offT = 0;
  for (let k = 0; k < all.length; ) {
    // a cluster: hunks whose base ranges overlap (or insertions at the same place)
    const c0 = all[k]!.a0;
    let c1 = all[k]!.a1;
    const joins = (h: Hunk) => h.a0 < c1 || (h.a0 === c1 && (h.a0 === h.a1 || c0 === c1));
    let hasO = false;
    let hasT = false;
    let dO = 0;
    let dT = 0;
    while (k < all.length && joins(all[k]!)) {
      const h = all[k]!;
      c1 = Math.max(c1, h.a1);
      const d = h.b1 - h.b0 - (h.a1 - h.a0);
      if (h.side === 'o') {
        hasO = true;
        dO += d;
      } else {
        hasT = true;
        dT += d;
      }
      k++;
    }
    out.push(...base.slice(i, c0));
    const oursPart = ours.slice(c0 + offO, c1 + offO + dO);
    const theirsPart = theirs.slice(c0 + offT, c1 + offT + dT);
    out.push(...(hasT ? theirsPart : hasO ? oursPart : base.slice(c0, c1)));
    offO += dO;
    offT += dT;
    i = c1;
  }
  out.push(...base.slice(i));
  return out;
}

/** Replaces a stretch of blocks; a single block replaced by one of the same kind changes only from its first to its last differing position. */
function replaceHunk(tr: Transaction, pos: readonly number[], a: readonly PMNode[], b: readonly PMNode[], h: Hunk) {
  const from = pos[h.a0]!;
  const to = pos[h.a1]!;
  const x = a[h.a0];
  const y = b[h.b0];
  if (h.a1 - h.a0 === 1 && h.b1 - h.b0 === 1 && x && y && !x.isLeaf && x.sameMarkup(y)) {
    const start = x.content.findDiffStart(y.content);
    if (start == null) return;
    const end = x.content.findDiffEnd(y.content);
    if (end) {
      let ea = end.a;
      let eb = end.b;
      const overlap = start - Math.min(ea, eb);
      if (overlap > 0) {
        ea += overlap;
        eb += overlap;
      }
      const at = from + 1 + start;
      if (x.isTextblock && replaceWords(tr, at, x.content.cut(start, ea), y.content.cut(start, eb))) return;
      tr.replace(at, from + 1 + ea, y.slice(start, eb));
      return;
    }
  }
  tr.replaceWith(from, to, Fragment.fromArray(b.slice(h.b0, h.b1)));
}

export type LiveDocumentUpdate =
  /** nothing differs */
  | null
  /** cannot be taken in place: remount on the new document */
  | 'remount'
  | { tr: Transaction; doc: PMNode };

/**
 * The transaction turning what the editor shows into `next` (or, with `base`, into the merge of
 * the person's edits since `base` and `next`). `doc` is the result; it differs from `next` when
 * the person's own unsaved edits were kept (the editor should send it as their edit).
 */
export function liveDocumentUpdate(state: EditorState, next: PMNode, base?: PMNode): LiveDocumentUpdate {
  const cur = state.doc;
  if (next.type !== cur.type) return 'remount';
  const target = base && !base.eq(cur) ? cur.type.create(cur.attrs, mergeBlocks(children(base), children(cur), children(next))) : next;
  if (target.eq(cur)) return null;
  const a = children(cur);
  const b = children(target);
  const pos: number[] = [0];
  for (const n of a) pos.push(pos[pos.length - 1]! + n.nodeSize);
  const mark = (tr: Transaction) => tr.setMeta('addToHistory', false).setMeta('preventUpdate', true).setMeta(LIVE_UPDATE_META, true);
  try {
    const tr = state.tr;
    // from the last stretch to the first: the positions of the earlier ones stay valid
    // (a stretch of as many new blocks as old ones is replaced block by block)
    const hunks = diffBlocks(a, b).flatMap((h) =>
      h.a1 - h.a0 === h.b1 - h.b0 && h.a1 - h.a0 > 1 ? Array.from({ length: h.a1 - h.a0 }, (_, k) => ({ a0: h.a0 + k, a1: h.a0 + k + 1, b0: h.b0 + k, b1: h.b0 + k + 1 })) : [h],
    );
    for (const h of hunks.reverse()) replaceHunk(tr, pos, a, b, h);
    if (tr.doc.eq(target)) return { tr: mark(tr), doc: target };
  } catch {
    // fall through to replacing the whole content
  }
  try {
    const tr = state.tr.replaceWith(0, cur.content.size, target.content);
    if (tr.doc.eq(target)) return { tr: mark(tr), doc: target };
  } catch {
    // cannot be applied
  }
  return 'remount';
}
