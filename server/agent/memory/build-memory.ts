/** Builds the run memory after a task: the structural index of the new document plus a bounded summary. */
import type { Deck } from '@/server/documents/deck/schema';
import type { DocumentModel } from '@/server/documents/document/schema';
import type { Workbook } from '@/server/documents/workbook/schema';
import type { AgentFormat, RunMemory, StructuralIndex } from '../types';
import { deckIndex } from './deck-index';
import { documentIndex } from './document-index';
import { workbookIndex } from './workbook-index';

const MAX_HISTORY = 6;
const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

export function indexOf(format: AgentFormat, document: unknown): StructuralIndex {
  if (format === 'excel') return workbookIndex(document as Workbook);
  if (format === 'word') return documentIndex(document as DocumentModel);
  return deckIndex(document as Deck);
}

/** `index`, when given, is used as it is instead of being built from `document`. */
export function buildMemory(args: {
  format: AgentFormat;
  document: unknown;
  previous: RunMemory | null;
  prompt: string;
  summary: string;
  sampleData: boolean;
  index?: StructuralIndex;
}): RunMemory {
  const history = [...(args.previous?.history ?? []), { prompt: clip(args.prompt, 200), summary: clip(args.summary, 300) }].slice(-MAX_HISTORY);
  return {
    version: 1,
    format: args.format,
    summary: history.map((h, i) => `${i + 1}. ${h.summary}`).join('\n'),
    history,
    index: args.index ?? indexOf(args.format, args.document),
    ...(args.sampleData || args.previous?.sampleData ? { sampleData: true } : {}),
  };
}

/** Memory for a document that has none yet (an upload, or a run from before memory existed). */
export function memoryFromDocument(format: AgentFormat, document: unknown): RunMemory {
  return { version: 1, format, summary: 'The document was provided (uploaded or edited by a person); no earlier agent tasks.', history: [], index: indexOf(format, document) };
}

/** The memory with its structural index rebuilt from `document` when an editor save left it stale. */
export function withFreshIndex(format: AgentFormat, memory: RunMemory | null, document: unknown): RunMemory | null {
  if (!memory?.staleIndex || document === null || document === undefined) return memory;
  const { staleIndex: _stale, ...rest } = memory;
  return { ...rest, index: indexOf(format, document) };
}
