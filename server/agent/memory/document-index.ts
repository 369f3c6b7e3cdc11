/** Structural index of a document for the run memory (title, header/footer, sections with ids). */
import type { DocumentModel, TiptapNode } from '@/server/documents/document/schema';
import { headerFooterText } from '@/lib/document/header-footer';
import { listSections } from '../tools/document-tools';
import type { DocumentIndex } from '../types';

function count(nodes: TiptapNode[] | undefined, type: TiptapNode['type']): number {
  let n = 0;
  for (const x of nodes ?? []) n += (x.type === type ? 1 : 0) + count(x.content, type);
  return n;
}

export function documentIndex(model: DocumentModel): DocumentIndex {
  return {
    kind: 'document',
    ...(model.title ? { title: model.title } : {}),
    ...(model.header ? { header: headerFooterText(model.header) } : {}),
    ...(model.footer ? { footer: headerFooterText(model.footer) } : {}),
    sections: listSections(model).map((s) => ({ id: s.id, level: s.level, title: s.title.slice(0, 80), blocks: s.end - s.start - 1 })),
    tables: count(model.doc.content, 'table'),
    images: count(model.doc.content, 'image'),
  };
}
