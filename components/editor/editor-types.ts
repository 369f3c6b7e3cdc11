// Shapes the editor page exchanges with the editor API (mirrors server/editor/schemas.ts).
import type { Deck } from '@/server/documents/deck/schema';
import type { DocumentModel } from '@/server/documents/document/schema';
import type { Workbook } from '@/server/documents/workbook/schema';
import type { DeckEdit, EditorEdit } from '@/server/editor/schemas';

export type { DeckEdit, EditorEdit };
export type EditorFormat = 'excel' | 'word' | 'slides';
export type Scalar = string | number | boolean | null;

interface Base {
  run_id: string;
  title: string | null;
  file_name: string | null;
  version: number;
  read_only: boolean;
  expires_at: string;
}

export type EditorDocument =
  | (Base & { format: 'excel'; model: Workbook; formula_values?: Record<string, Record<string, Scalar>> })
  | (Base & { format: 'word'; model: DocumentModel })
  | (Base & { format: 'slides'; model: Deck });

export type SaveStatus = 'loading' | 'saved' | 'unsaved' | 'saving' | 'conflict' | 'waiting' | 'error' | 'expired' | 'failed-load';

/** A part both you and someone else changed (409 `details.conflicts`). */
export interface EditConflict {
  target: string;
  label: string;
  yours: string;
  theirs: string;
}

/** Another open editor of the run (the event stream's presence). */
export interface OtherEditor {
  id: string;
  session: string;
  label: string;
}
