// A document edit onto the stored document: the new body, and the header/footer when the edit
// carries them ("" or nothing to show removes one; formatted ones that say no more than their text
// are stored as the text), and the first page's own header/footer when it carries them (null: no
// different first page); title, page settings, fonts and accent are kept.
import { simplifyHeaderFooter } from '../../lib/document/header-footer';
import { parseDocument, type DocumentModel } from '../documents/document/schema';
import type { EditorEdit } from './schemas';

export function applyDocumentEdit(stored: unknown, edit: Extract<EditorEdit, { kind: 'document' }>): DocumentModel {
  const next: Record<string, unknown> = { ...parseDocument(stored), doc: edit.doc };
  for (const key of ['header', 'footer'] as const) {
    const value = edit[key];
    if (value === undefined) continue;
    const stored = simplifyHeaderFooter(value, key);
    if (stored === undefined) delete next[key];
    else next[key] = stored;
  }
  if (edit.firstPage === null) delete next.firstPage;
  else if (edit.firstPage !== undefined) {
    // on, with what is typed (nothing: an empty first-page header/footer)
    const header = simplifyHeaderFooter(edit.firstPage.header, 'header');
    const footer = simplifyHeaderFooter(edit.firstPage.footer, 'footer');
    next.firstPage = { ...(header !== undefined ? { header } : {}), ...(footer !== undefined ? { footer } : {}) };
  }
  return parseDocument(next);
}
