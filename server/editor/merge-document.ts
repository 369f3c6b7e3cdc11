// Three-way merge of documents: settings (title, header, footer, page…) key by key, the body block by
// block (top-level tiptap blocks, diff3 over the sequence: inserted, deleted and changed paragraphs
// of both sides land), and a paragraph or heading both sides changed word by word (diff3 over its
// words with their marks) — both edits of one paragraph at different words land. The same words
// changed differently, or a list/table both changed, is a conflict the person resolves.
import type { TiptapNode } from '../documents/document/schema';
import { json, mergeRecord, mergeSequence, mergeValue, MergeResult, preview, type Chooser } from './three-way-merge';

interface Token {
  key: string;
  node: TiptapNode;
}

/** Inline content as tokens: each word and each run of spaces with its marks; other inline nodes whole. */
function tokens(block: TiptapNode): Token[] {
  const out: Token[] = [];
  for (const n of block.content ?? []) {
    if (n.type !== 'text' || typeof n.text !== 'string') {
      out.push({ key: json(n), node: n });
      continue;
    }
    for (const w of n.text.match(/\s+|[^\s]+/g) ?? []) {
      const node: TiptapNode = { type: 'text', text: w, ...(n.marks?.length ? { marks: n.marks } : {}) };
      out.push({ key: json([w, n.marks ?? []]), node });
    }
  }
  return out;
}

/** Tokens back into inline nodes (adjacent text of the same marks joined). */
function inline(ts: Token[]): TiptapNode[] {
  const out: TiptapNode[] = [];
  for (const { node } of ts) {
    const last = out[out.length - 1];
    if (node.type === 'text' && last?.type === 'text' && json(last.marks ?? []) === json(node.marks ?? [])) {
      out[out.length - 1] = { ...last, text: (last.text ?? '') + (node.text ?? '') };
    } else out.push(node);
  }
  return out;
}

const isTextBlock = (n: TiptapNode | undefined) => !!n && (n.content ?? []).every((c) => !c.content) && n.type !== 'text';

export function blockText(n: TiptapNode | undefined): string {
  if (!n) return '(removed)';
  if (n.type === 'text') return n.text ?? '';
  const inner = (n.content ?? []).map(blockText);
  return inner.join(isTextBlock(n) ? '' : '\n') || preview(n.attrs ?? {}) || `(${n.type})`;
}

function blockLabel(n: TiptapNode | undefined, index: number): string {
  const kind = n?.type === 'heading' ? 'Heading' : n?.type === 'paragraph' ? 'Paragraph' : n?.type === 'table' ? 'Table' : n?.type?.endsWith('List') ? 'List' : 'Block';
  const text = n ? blockText(n).replace(/\s+/g, ' ').trim() : '';
  return `${kind} ${index + 1}${text ? ` (“${text.length > 40 ? `${text.slice(0, 40)}…` : text}”)` : ''}`;
}

function mergeBlock(base: TiptapNode, yours: TiptapNode, theirs: TiptapNode, index: number, choose: Chooser, parent?: string): MergeResult<TiptapNode> {
  const target = `block:${index}:${json(base).length}`;
  const label = parent ?? blockLabel(theirs, index);
  const whole = () => mergeValue(base, yours, theirs, target, label, choose, blockText);
  if (base.type !== yours.type || base.type !== theirs.type) return whole();
  if (!isTextBlock(base) || !isTextBlock(yours) || !isTextBlock(theirs)) {
    // a list, table, quote…: merged child by child (list items, rows, cells, their paragraphs)
    if (!base.content || !yours.content || !theirs.content) return whole();
    const attrs = mergeValue(base.attrs, yours.attrs, theirs.attrs, `${target}:attrs`, `${label}: formatting`, choose);
    const children = mergeSequence(base.content, yours.content, theirs.content, {
      mergeItem: (b, y, t, i) => mergeBlock(b, y, t, index * 1000 + i, choose, label),
      region: (k) => ({ target: `${target}:r${k}`, label }),
      choose,
      show: (xs) => (xs.length ? xs.map(blockText).join('\n') : '(removed)'),
    });
    const out: TiptapNode = { ...theirs, content: children.value };
    if (attrs.value === undefined) delete out.attrs;
    else out.attrs = attrs.value;
    return new MergeResult(out, [...attrs.conflicts, ...children.conflicts]);
  }
  const attrs = mergeValue(base.attrs, yours.attrs, theirs.attrs, `${target}:attrs`, `${label}: formatting`, choose);
  const words = mergeSequence(tokens(base), tokens(yours), tokens(theirs), {
    key: (t) => t.key,
    region: () => ({ target, label }),
    choose,
    show: () => '',
  });
  if (words.conflicts.length) return whole();
  const out: TiptapNode = { ...theirs, content: inline(words.value) };
  if (attrs.value === undefined) delete out.attrs;
  else out.attrs = attrs.value;
  if (!out.content?.length) delete out.content;
  return new MergeResult(out, attrs.conflicts);
}

export function mergeDocumentModels(base: Record<string, unknown>, yours: Record<string, unknown>, theirs: Record<string, unknown>, choose: Chooser): MergeResult<Record<string, unknown>> {
  return mergeRecord(base, yours, theirs, (key, b, y, t) => {
    const label = key === 'header' ? 'Header' : key === 'footer' ? 'Footer' : key === 'firstPage' ? 'First-page header and footer' : `Document ${key}`;
    if (key !== 'doc') return mergeValue(b, y, t, `setting:${key}`, label, choose);
    const doc = (x: unknown) => ((x as { content?: TiptapNode[] } | undefined)?.content ?? []);
    const blocks = mergeSequence(doc(b), doc(y), doc(t), {
      mergeItem: (bb, yy, tt, i) => mergeBlock(bb, yy, tt, i, choose),
      region: (k, i) => ({ target: `blocks:${k}:${i}`, label: blockLabel(doc(t)[i], i) }),
      choose,
      show: (xs) => (xs.length ? xs.map(blockText).join('\n') : '(removed)'),
    });
    return new MergeResult({ ...(t as object), content: blocks.value }, blocks.conflicts);
  });
}
