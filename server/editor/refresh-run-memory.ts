// After an editor save the run memory must describe the edited document: its structural index is
// rebuilt from the new model (the same builder the agent uses) and one history entry says what a
// person changed, so a resumed agent task sees the edit instead of the stale index.
import { buildMemory, memoryFromDocument } from '../agent/memory/build-memory';
import type { AgentFormat, RunMemory } from '../agent/types';

export const EDITOR_HISTORY_PROMPT = '(edited by a person in the editor)';

export function memoryAfterEdit(format: AgentFormat, model: unknown, previous: RunMemory | null, note: string): RunMemory {
  if (!previous) {
    const m = memoryFromDocument(format, model);
    return { ...m, summary: `${m.summary}\n${note}` };
  }
  // Consecutive editor saves share one history entry, so autosaves do not push out the agent's history.
  const last = previous.history[previous.history.length - 1];
  const merged = last?.prompt === EDITOR_HISTORY_PROMPT;
  const base: RunMemory = merged ? { ...previous, history: previous.history.slice(0, -1) } : previous;
  const summary = merged ? mergeNotes(last.summary, note) : note;
  return buildMemory({ format, document: model, previous: base, prompt: EDITOR_HISTORY_PROMPT, summary, sampleData: false });
}

function mergeNotes(a: string, b: string): string {
  if (a === b) return a;
  const joined = `${a} ${b}`;
  return joined.length > 280 ? `${joined.slice(0, 279)}…` : joined;
}
