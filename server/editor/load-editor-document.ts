// GET …/edit/{run_id}/document: the current model of the run for the editor, with the token's
// new expiry. Workbooks also carry the computed value of every formula cell.
import type { Db } from '../db/client';
import { notFound } from '../http/api-error';
import { loadCurrentModel } from '../runs/version-model';
import { workbookFormulaValues } from './workbook-formula-values';
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
 * The response body, in parts: the model and formula values are shared, cached objects, so their
 * JSON (and its gzip form) is built once per version (a 100k-cell workbook takes ~50 ms to
 * serialize and ~130 ms to compress); only the few per-viewer fields are made per request.
 */
export function editorDocumentParts(doc: EditorDocument): Array<string | { shared: object }> {
  const { model, formula_values, ...rest } = doc;
  const parts: Array<string | { shared: object }> = [`${JSON.stringify(rest).slice(0, -1)},"model":`, { shared: model as object }];
  if (formula_values) parts.push(',"formula_values":', { shared: formula_values });
  parts.push('}');
  return parts;
}
