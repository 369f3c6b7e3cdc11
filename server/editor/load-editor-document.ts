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
