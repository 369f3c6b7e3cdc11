// An edit made on an older version than the current one (another viewer or the agent saved in
// between) is merged instead of refused: three ways, per format, on the models — base, base + the
// edit ("yours") and current ("theirs"). What changed on one side only lands; the same thing
// changed on both sides to different values is a conflict the person resolves by choosing a side
// (`choices`, valid for the current version they were shown). Workbooks replay the edit onto the
// current workbook (stored as a patch, as every autosave); documents and decks store the merged model.
import type { Workbook } from '../documents/workbook/schema';
import type { RenderableFormat } from '../rendering/render-for-format';
import { mergeDeckModels } from './merge-deck';
import { mergeDocumentModels } from './merge-document';
import { dropTheirs, workbookChanges, workbookConflicts } from './merge-workbook';
import type { EditorEdit } from './schemas';
import type { Chooser, MergeConflict, Side } from './three-way-merge';

export type RebaseResult =
  | { ok: true; model: unknown; /** the edit actually stored (workbooks: a patch); null: nothing of yours is left to store */ edit: EditorEdit | null }
  | { ok: false; conflicts: MergeConflict[] };

export function rebaseEditorEdit(args: {
  format: RenderableFormat;
  base: unknown;
  current: unknown;
  edit: EditorEdit;
  choices: Record<string, Side> | undefined;
  apply: (model: unknown, edit: EditorEdit) => unknown;
}): RebaseResult {
  const { base, current, edit } = args;
  const choose: Chooser = (target) => args.choices?.[target];
  const yours = args.apply(base, edit);
  if (edit.kind === 'cells' || edit.kind === 'workbook') {
    const chosen = new Map<string, Side>();
    const conflicts = workbookConflicts(workbookChanges(base as Workbook, yours as Workbook), workbookChanges(base as Workbook, current as Workbook), choose, chosen);
    if (conflicts.length) return { ok: false, conflicts };
    const kept = dropTheirs(edit, chosen);
    if (!kept) return { ok: true, model: current, edit: null };
    try {
      return { ok: true, model: args.apply(current, kept), edit: kept };
    } catch (err) {
      // the edit names what is no longer there (a sheet renamed or deleted meanwhile)
      const target = 'structure';
      if (choose(target) === 'theirs') return { ok: true, model: current, edit: null };
      const why = err instanceof Error ? err.message : String(err);
      return { ok: false, conflicts: [{ target, label: 'Workbook structure', yours: `Your changes no longer apply: ${why}`, theirs: 'The workbook was changed meanwhile (a sheet renamed, deleted or reshaped).' }] };
    }
  }
  const r =
    args.format === 'word'
      ? mergeDocumentModels(base as Record<string, unknown>, yours as Record<string, unknown>, current as Record<string, unknown>, choose)
      : mergeDeckModels(base as never, yours as never, current as never, choose);
  if (r.conflicts.length) return { ok: false, conflicts: r.conflicts };
  return { ok: true, model: r.value, edit };
}
