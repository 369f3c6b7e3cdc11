// PUT …/edit/{run_id}/document: applies an editor edit onto the run's current model and stores it as
// a new ArtifactVersion (source "editor"), so download_url serves the edited file and a resumed
// agent task starts from it. A stale base_version answers 409 and writes nothing.
//
// An autosave must stay fast on a 100k-cell workbook, so it stores only what changed: cell edits are
// kept as a patch over the nearest whole model (server/runs/version-model.ts), and the file and the
// memory's structural index are left for later — rendered on the first download/export or when the
// editing goes quiet (settle-edited-run.ts). Documents and decks are small: they keep a whole model.
import 'server-only';
import { z } from 'zod';
import type { Db } from '../db/client';
import type { InputJsonValue } from '../db/generated/internal/prismaNamespace';
import { newId } from '../db/ids';
import { ApiError, badRequest, forbidden, notFound } from '../http/api-error';
import { parseDeck } from '../documents/deck/schema';
import { parseDocument } from '../documents/document/schema';
import type { Workbook } from '../documents/workbook/schema';
import type { RenderableFormat } from '../rendering/render-for-format';
import { log } from '../log';
import type { RunMemory } from '../agent/types';
import { cacheVersionModel, loadCurrentModel } from '../runs/version-model';
import { applyDeckEdits } from './apply-deck-edits';
import { applyWorkbookCellEdits } from '../documents/workbook/apply-workbook-cell-edits';
import { applyWorkbookOps } from '../documents/workbook/apply-workbook-ops';
import { describeEdit } from './describe-edit';
import { withEditSessionErrors } from './edit-session-api-error';
import { openEditSession } from './open-edit-session';
import { memoryAfterEdit } from './refresh-run-memory';
import { scheduleSettle } from './schedule-settle';
import type { EditorEdit } from './schemas';

const EDIT_KINDS: Record<RenderableFormat, Array<EditorEdit['kind']>> = { excel: ['cells', 'workbook'], word: ['document'], slides: ['deck'] };

function conflict(current: number) {
  return new ApiError('conflict', `the document changed since the version you edited (base_version); reload it (current version ${current})`, { current_version: current });
}

function applyEdit(format: RenderableFormat, stored: unknown, edit: EditorEdit): unknown {
  try {
    if (edit.kind === 'cells') return applyWorkbookCellEdits(stored as Workbook, [edit.changes]);
    if (edit.kind === 'workbook') return applyWorkbookOps(stored as Workbook, edit.ops);
    if (edit.kind === 'document') return parseDocument({ ...parseDocument(stored), doc: edit.doc });
    return parseDeck(applyDeckEdits(parseDeck(stored), edit));
  } catch (err) {
    if (err instanceof z.ZodError) {
      const first = err.issues[0];
      throw badRequest(`the edited ${format === 'excel' ? 'workbook' : format === 'word' ? 'document' : 'deck'} is not valid: ${first?.message ?? 'invalid'}`, {
        issues: err.issues.slice(0, 20).map((i) => ({ path: i.path.join('.'), message: i.message })),
      });
    }
    throw err;
  }
}

export async function saveEditorDocument(db: Db, args: { runId: string; token: string; baseVersion: number; edit: EditorEdit; now?: Date }) {
  const { session, run, expiresAt } = await withEditSessionErrors(() => openEditSession(db, args));
  if (session.readOnly || run.status === 'expired') throw forbidden('this editing link is read-only');
  if (run.format === 'text' || run.currentVersion === 0) throw notFound('document');
  const format = run.format;
  if (!EDIT_KINDS[format].includes(args.edit.kind)) throw badRequest(`this run is ${format}: send an edit of kind ${EDIT_KINDS[format].map((k) => `"${k}"`).join(' or ')}`, { path: 'edit.kind' });
  if (run.currentVersion !== args.baseVersion) throw conflict(run.currentVersion);
  if (await db.task.count({ where: { runId: run.id, status: 'running' } })) {
    throw new ApiError('conflict', 'the agent is working on this document; reload when it has finished', { current_version: run.currentVersion, reason: 'task_running' });
  }
  const stored = await loadCurrentModel(db, run);
  if (!stored) throw notFound('document');

  const model = applyEdit(format, stored.model, args.edit);
  const version = args.baseVersion + 1;
  const memory = memoryAfterEdit(format, (run.memory ?? null) as RunMemory | null, describeEdit(args.edit), () => model);
  const savedAt = args.now ?? new Date();
  const id = newId('ver');
  // Workbooks: a patch (the cell changes, or the list of ops) over the nearest whole model (the
  // base's, or the base itself when it is one); version-model.ts replays either kind.
  const patch = args.edit.kind === 'cells' ? args.edit.changes : args.edit.kind === 'workbook' ? args.edit.ops : null;
  const stores = patch
    ? { patch: patch as unknown as InputJsonValue, snapshotVersion: stored.snapshotVersion ?? args.baseVersion }
    : { model: model as InputJsonValue };
  await db.$transaction(async (tx) => {
    // Compare-and-set on the version: a concurrent save (or agent task) that got there first wins.
    const { count } = await tx.run.updateMany({
      where: { id: run.id, orgId: run.orgId, currentVersion: args.baseVersion },
      data: { currentVersion: version, memory: memory as unknown as InputJsonValue },
    });
    if (!count) throw conflict((await tx.run.findUniqueOrThrow({ where: { id: run.id } })).currentVersion);
    await tx.artifactVersion.create({ data: { id, runId: run.id, version, source: 'editor', ...stores, createdAt: savedAt } });
  });
  cacheVersionModel(id, model);
  await scheduleSettle(run.id).catch((err: unknown) => log().warn({ err, runId: run.id }, 'could not schedule the settle of an edited run'));
  return { run_id: run.id, read_only: false, version, saved_at: savedAt.toISOString(), expires_at: expiresAt.toISOString() };
}
