// GET …/edit/{run_id}/document: the current model of the run for the editor, with the token's
// new expiry. Workbooks also carry the computed value of every formula cell.
import 'server-only';
import type { Db } from '../db/client';
import { notFound } from '../http/api-error';
import { stringifyShared } from '../http/stringify-shared';
import { loadCurrentModel } from '../runs/version-model';
import { workbookFormulaValues } from '../rendering/workbook-formula-values';
import { openEditSession } from './open-edit-session';
import { withEditSessionErrors } from './edit-session-api-error';

export async function loadEditorDocument(db: Db, args: { runId: string; token: string; now?: Date }) {
  const { session, run, expiresAt } = await withEditSessionErrors(() => openEditSession(db, args));
  if (run.format === 'text' || run.currentVersion === 0) throw notFound('document');
  const v = await loadCurrentModel(db, run);
  if (!v) throw notFound('document');
  const formulaValues = run.format === 'excel' ? await workbookFormulaValues(v) : undefined;
  return {
    run_id: run.id,
    format: run.format,
    title: run.title,
    file_name: run.fileName,
    version: run.currentVersion,
    read_only: session.readOnly || run.status === 'expired',
    expires_at: expiresAt.toISOString(),
    model: v.model,
    ...(formulaValues ? { formula_values: formulaValues } : {}),
  };
}

type EditorDocument = Awaited<ReturnType<typeof loadEditorDocument>>;

/**
 * The response text: the model and formula values are shared, cached objects, so their JSON is
 * built once per version (a 100k-cell workbook takes ~50 ms to serialize) and only the few
 * per-viewer fields are serialized per request.
 */
export function editorDocumentJson(doc: EditorDocument): string {
  const { model, formula_values, ...rest } = doc;
  let json = `${JSON.stringify(rest).slice(0, -1)},"model":${stringifyShared(model as object)}`;
  if (formula_values) json += `,"formula_values":${stringifyShared(formula_values)}`;
  return `${json}}`;
}
