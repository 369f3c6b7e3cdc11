// One sentence for the run memory: what a person changed in the editor.
import 'server-only';
import type { WorkbookOp } from '../documents/workbook/edit-ops';
import type { EditorEdit } from './schemas';

const OP_WORDS: Record<WorkbookOp['op'], string> = {
  set: 'edited cells',
  style: 'restyled',
  border: 'changed borders of',
  numFmt: 'changed the number format of',
  columnWidth: 'resized columns of',
  rowHeight: 'resized rows of',
  hideColumns: 'hid/showed columns of',
  hideRows: 'hid/showed rows of',
  freeze: 'changed the frozen panes of',
  insertRows: 'inserted rows in',
  deleteRows: 'deleted rows of',
  insertColumns: 'inserted columns in',
  deleteColumns: 'deleted columns of',
  sortRange: 'sorted',
  addSheet: 'added the sheet',
  renameSheet: 'renamed the sheet',
  deleteSheet: 'deleted the sheet',
};

export function describeEdit(edit: EditorEdit): string {
  if (edit.kind === 'cells') {
    const cells = [...new Set(edit.changes.map((c) => `${c.sheet}!${c.cell}`))];
    const shown = cells.slice(0, 8).join(', ');
    return `A person edited cells in the editor: ${shown}${cells.length > 8 ? ` (+${cells.length - 8} more)` : ''}.`;
  }
  if (edit.kind === 'workbook') {
    const what = new Map<string, Set<string>>();
    for (const op of edit.ops) {
      const verb = OP_WORDS[op.op];
      const place =
        'cell' in op
          ? `${op.sheet}!${op.cell}`
          : 'range' in op
            ? `${op.sheet}!${op.range}`
            : op.op === 'addSheet'
              ? op.name
              : op.op === 'renameSheet'
                ? `${op.sheet} → ${op.name}`
                : op.sheet;
      if (!what.has(verb)) what.set(verb, new Set());
      what.get(verb)!.add(place);
    }
    const parts = [...what].map(([verb, places]) => {
      const list = [...places];
      return `${verb} ${list.slice(0, 6).join(', ')}${list.length > 6 ? ` (+${list.length - 6} more)` : ''}`;
    });
    return `A person, in the editor: ${parts.join('; ')}.`;
  }
  if (edit.kind === 'document') return 'A person edited the document text in the editor.';
  const ids = (edit.slides ?? []).map((s) => s.id);
  const ops = edit.ops ?? [];
  const count = (o: string) => ops.filter((x) => x.op === o).length;
  const touched = [
    ...new Set(
      ops.flatMap((x) =>
        x.op === 'setElement' || x.op === 'setElements' ? [x.slide] : x.op === 'updateSlide' ? [x.id] : [],
      ),
    ),
  ];
  const parts = [
    ids.length
      ? `edited slides ${ids.slice(0, 8).join(', ')}${ids.length > 8 ? ` (+${ids.length - 8} more)` : ''}`
      : '',
    edit.order || count('moveSlide') ? 'reordered the slides' : '',
    count('insertSlide') ? `added ${count('insertSlide')} slide(s)` : '',
    count('deleteSlide') ? `deleted ${count('deleteSlide')} slide(s)` : '',
    touched.length
      ? `changed slides ${touched.slice(0, 8).join(', ')}${touched.length > 8 ? ` (+${touched.length - 8} more)` : ''}`
      : '',
  ]
    .filter(Boolean)
    .join(' and ');
  return `A person ${parts || 'saved the deck'} in the editor.`;
}
