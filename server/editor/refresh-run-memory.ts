// After an editor save the run memory must say what a person changed: one history entry per editing
// streak (consecutive saves share it, so autosaves do not push out the agent's history). Rebuilding
// the structural index of a large workbook on every autosave would cost more than the save itself,
// so the index is marked stale instead and rebuilt from the document by whoever next needs it (the
// agent's task, or the settle step once the editing goes quiet) — withFreshIndex.
import 'server-only';
import { buildMemory, memoryFromDocument } from '../agent/memory/build-memory';
import type { AgentFormat, RunMemory } from '../agent/types';

export const EDITOR_HISTORY_PROMPT = '(edited by a person in the editor)';

/** `model` is only read when there is no memory yet (a document that was never indexed). */
export function memoryAfterEdit(format: AgentFormat, previous: RunMemory | null, note: string, model: () => unknown): RunMemory {
  if (!previous) {
    const m = memoryFromDocument(format, model());
    return { ...m, summary: `${m.summary}\n${note}` };
  }
  const last = previous.history[previous.history.length - 1];
  const merged = last?.prompt === EDITOR_HISTORY_PROMPT;
  const base: RunMemory = merged ? { ...previous, history: previous.history.slice(0, -1) } : previous;
  const summary = merged ? mergeNotes(last.summary, note) : note;
  const next = buildMemory({ format, document: null, previous: base, prompt: EDITOR_HISTORY_PROMPT, summary, sampleData: false, index: previous.index });
  return { ...next, staleIndex: true };
}

function mergeNotes(a: string, b: string): string {
  if (a === b) return a;
  const joined = `${a} ${b}`;
  return joined.length > 280 ? `${joined.slice(0, 279)}…` : joined;
}
