/** Structural summary of a document: headings (the outline), counts, and a short text form. */
import { nodeText, type DocumentModel, type TiptapNode } from './schema';
import { headerFooterText } from '../../../lib/document/header-footer';

export interface DocumentSummary {
  kind: 'document';
  title?: string;
  headings: Array<{ index: number; level: number; text: string }>;
  counts: { paragraphs: number; tables: number; images: number; lists: number; pageBreaks: number; words: number };
  hasTableOfContents: boolean;
  text: string;
}

export function summarizeDocument(model: DocumentModel): DocumentSummary {
  const headings: DocumentSummary['headings'] = [];
  const counts = { paragraphs: 0, tables: 0, images: 0, lists: 0, pageBreaks: 0, words: 0 };
  let toc = false;
  const walk = (nodes: TiptapNode[] | undefined, top: boolean) => {
    (nodes ?? []).forEach((n, i) => {
      if (n.type === 'heading') headings.push({ index: top ? i : -1, level: Number(n.attrs?.level) || 1, text: nodeText(n) });
      else if (n.type === 'paragraph') counts.paragraphs++;
      else if (n.type === 'table') counts.tables++;
      else if (n.type === 'image') counts.images++;
      else if (n.type === 'bulletList' || n.type === 'orderedList') counts.lists++;
      else if (n.type === 'pageBreak') counts.pageBreaks++;
      else if (n.type === 'tableOfContents') toc = true;
      if (n.type === 'text') counts.words += (n.text ?? '').split(/\s+/).filter(Boolean).length;
      if (n.content) walk(n.content, false);
    });
  };
  walk(model.doc.content, true);
  const outline = headings.map((h) => `${'  '.repeat(h.level - 1)}- ${h.text}${h.index >= 0 ? ` [block ${h.index}]` : ''}`).join('\n');
  const text =
    `Document${model.title ? ` "${model.title}"` : ''}: ${model.doc.content.length} blocks, ${counts.words} words, ${counts.tables} tables, ${counts.images} images` +
    `${toc ? ', table of contents' : ''}${model.header ? `, header "${headerFooterText(model.header)}"` : ''}${model.footer ? `, footer "${headerFooterText(model.footer)}"` : ''}\n${outline}`;
  return { kind: 'document', ...(model.title ? { title: model.title } : {}), headings, counts, hasTableOfContents: toc, text };
}
