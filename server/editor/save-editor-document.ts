// PUT …/edit/{run_id}/document: applies an editor edit onto the run's current model and stores it as
// a new ArtifactVersion (source "editor"), so download_url serves the edited file and a resumed
// agent task starts from it. An edit made on an older version is merged with what was stored since
// (rebase-editor-edit.ts); only a true conflict (the same thing changed on both sides) answers 409
// with the conflicts, and writes nothing until the person has chosen. Every new version is announced
// to the open editors (server/signals/edit-signals.ts).
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
import type { Workbook } from '../documents/workbook/schema';
import type { RenderableFormat } from '../rendering/render-for-format';
import { log } from '../log';
import type { RunMemory } from '../agent/types';
import { cacheVersionModel, loadCurrentModel, loadVersionModel } from '../runs/version-model';
import { parseDocument } from '../documents/document/schema';
import { announceRunVersion } from '../signals/edit-signals';
import { rebaseEditorEdit } from './rebase-editor-edit';
import type { Side } from './three-way-merge';
import { applyDeckEdits } from './apply-deck-edits';
import { applyDocumentEdit } from './apply-document-edit';
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

function applyEditValidation<T>(format: RenderableFormat, fn: () => T): T {
  try {
    return fn();
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

function applyEdit(format: RenderableFormat, stored: unknown, edit: EditorEdit): unknown {
  return applyEditValidation(format, () => {
    if (edit.kind === 'cells') return applyWorkbookCellEdits(stored as Workbook, [edit.changes]);
    if (edit.kind === 'workbook') return applyWorkbookOps(stored as Workbook, edit.ops);
    if (edit.kind === 'document') return applyDocumentEdit(stored, edit);
    return parseDeck(applyDeckEdits(parseDeck(stored), edit));
  });
}

/** The stored version moved on while this save was merging: merge again onto the newer one. */
class LostRace extends Error {}

export async function saveEditorDocument(
  db: Db,
  args: { runId: string; token: string; baseVersion: number; edit: EditorEdit; resolve?: { version: number; choices: Record<string, Side> }; now?: Date },
) {
  const opened = await withEditSessionErrors(() => openEditSession(db, args));
  const { session, expiresAt } = opened;
  let run = opened.run;
  if (session.readOnly || run.status === 'expired') throw forbidden('this editing link is read-only');
  if (run.format === 'text' || run.currentVersion === 0) throw notFound('document');
  const format = run.format;
  if (!EDIT_KINDS[format].includes(args.edit.kind)) throw badRequest(`this run is ${format}: send an edit of kind ${EDIT_KINDS[format].map((k) => `"${k}"`).join(' or ')}`, { path: 'edit.kind' });
  if (args.baseVersion > run.currentVersion) throw conflict(run.currentVersion);
  if (await db.task.count({ where: { runId: run.id, status: 'running' } })) {
    throw new ApiError('conflict', 'the agent is working on this document; your edit is merged when it has finished', { current_version: run.currentVersion, reason: 'task_running' });
  }
  for (let attempt = 0; ; attempt++) {
    const stored = await loadCurrentModel(db, run);
    if (!stored) throw notFound('document');
    const current = run.currentVersion;
    let model: unknown;
    let edit: EditorEdit | null = args.edit;
    if (current === args.baseVersion) model = applyEdit(format, stored.model, args.edit);
    else {
      // Saved on an older version: merge with what was stored since (rebase-editor-edit.ts).
      const base = await loadVersionModel(db, run.id, args.baseVersion);
      if (!base) throw conflict(current);
      const r = rebaseEditorEdit({
        format,
        base: base.model,
        current: stored.model,
        edit: args.edit,
        choices: args.resolve?.version === current ? args.resolve.choices : undefined,
        apply: (m, e) => applyEdit(format, m, e),
      });
      if (!r.ok) {
        throw new ApiError('conflict', `${r.conflicts.length === 1 ? 'a part you changed was' : `${r.conflicts.length} parts you changed were`} also changed by someone else; choose which to keep`, {
          current_version: current,
          reason: 'conflict',
          conflicts: r.conflicts.slice(0, 200),
        });
      }
      edit = r.edit;
      model = edit ? validModel(format, r.model) : null;
    }
    if (!edit) {
      // every part of the edit was resolved for the other side: nothing of it is left to store
      return { run_id: run.id, read_only: false, version: current, saved_at: (args.now ?? new Date()).toISOString(), expires_at: expiresAt.toISOString(), merged: true };
    }
    const version = current + 1;
    const memory = memoryAfterEdit(format, (run.memory ?? null) as RunMemory | null, describeEdit(edit), () => model);
    const savedAt = args.now ?? new Date();
    const id = newId('ver');
    // Workbooks: a patch (the cell changes, or the list of ops) over the nearest whole model (the
    // current version's, or the current version itself when it is one); version-model.ts replays either kind.
    const patch = edit.kind === 'cells' ? edit.changes : edit.kind === 'workbook' ? edit.ops : null;
    const stores = patch
      ? { patch: patch as unknown as InputJsonValue, snapshotVersion: stored.snapshotVersion ?? current }
      : { model: model as InputJsonValue };
    try {
      await db.$transaction(async (tx) => {
        // Compare-and-set on the version: a concurrent save (or agent task) that got there first wins…
        const { count } = await tx.run.updateMany({
          where: { id: run.id, orgId: run.orgId, currentVersion: current },
          data: { currentVersion: version, memory: memory as unknown as InputJsonValue },
        });
        if (!count) throw new LostRace();
        await tx.artifactVersion.create({ data: { id, runId: run.id, version, source: 'editor', ...stores, createdAt: savedAt } });
      });
    } catch (err) {
      if (!(err instanceof LostRace)) throw err;
      // …and this save merges again onto what it stored (a few times at most).
      const fresh = await db.run.findUniqueOrThrow({ where: { id: run.id } });
      if (attempt >= 4) throw conflict(fresh.currentVersion);
      run = fresh;
      continue;
    }
    cacheVersionModel(id, model);
    announceRunVersion(run.id, version, session.id);
    await scheduleSettle(run.id).catch((err: unknown) => log().warn({ err, runId: run.id }, 'could not schedule the settle of an edited run'));
    return { run_id: run.id, read_only: false, version, saved_at: savedAt.toISOString(), expires_at: expiresAt.toISOString(), merged: current !== args.baseVersion };
  }
}

/** A merged document or deck is checked like an edited one. */
function validModel(format: RenderableFormat, model: unknown): unknown {
  if (format === 'excel') return model;
  return applyEditValidation(format, () => (format === 'word' ? parseDocument(model) : parseDeck(model)));
}
