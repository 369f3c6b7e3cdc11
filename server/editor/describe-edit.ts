// One sentence for the run memory: what a person changed in the editor.
import type { EditorEdit } from './schemas';

export function describeEdit(edit: EditorEdit): string {
  if (edit.kind === 'cells') {
    const cells = [...new Set(edit.changes.map((c) => `${c.sheet}!${c.cell}`))];
    const shown = cells.slice(0, 8).join(', ');
    return `A person edited cells in the editor: ${shown}${cells.length > 8 ? ` (+${cells.length - 8} more)` : ''}.`;
  }
  if (edit.kind === 'document') return 'A person edited the document text in the editor.';
  const ids = (edit.slides ?? []).map((s) => s.id);
  const parts = [ids.length ? `edited slides ${ids.slice(0, 8).join(', ')}${ids.length > 8 ? ` (+${ids.length - 8} more)` : ''}` : '', edit.order ? 'reordered the slides' : '']
    .filter(Boolean)
    .join(' and ');
  return `A person ${parts || 'saved the deck'} in the editor.`;
}
