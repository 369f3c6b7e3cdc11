// A document edit onto the stored document: the new body, and the header/footer text when the edit
// carries them ("" removes one); title, page settings, fonts and accent are kept.
import { parseDocument, type DocumentModel } from '../documents/document/schema';
import type { EditorEdit } from './schemas';

export function applyDocumentEdit(stored: unknown, edit: Extract<EditorEdit, { kind: 'document' }>): DocumentModel {
  const next: Record<string, unknown> = { ...parseDocument(stored), doc: edit.doc };
  for (const key of ['header', 'footer'] as const) {
    const text = edit[key];
    if (text === undefined) continue;
    if (text.trim() === '') delete next[key];
    else next[key] = text;
  }
  return parseDocument(next);
}
