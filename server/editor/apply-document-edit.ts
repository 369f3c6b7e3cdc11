// A document edit onto the stored document: the new body, and the header/footer when the edit
// carries them ("" or nothing to show removes one; formatted ones that say no more than their text
// are stored as the text); title, page settings, fonts and accent are kept.
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
  return parseDocument(next);
}
