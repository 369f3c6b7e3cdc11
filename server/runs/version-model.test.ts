// Editor saves as cell patches: the model of a patch version (from the cache and from the database
// alone), compaction (into a model blob), lazy rendering (on demand, once, and by the settle timer),
// restore of a patch version, restores that point at a stored model instead of copying it, and the
// agent seeing an edited document's fresh index.
import { InngestTestEngine } from '@inngest/test';
import ExcelJS from 'exceljs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { withFreshIndex } from '../agent/memory/build-memory';
import type { RunMemory } from '../agent/types';
import { sampleWorkbook } from '../documents/fixtures/sample-workbook';
import { parseWorkbook, type Workbook } from '../documents/workbook/schema';
import { applyWorkbookCellEdits } from '../documents/workbook/apply-workbook-cell-edits';
import { mintEditSession } from '../edit-sessions/mint-edit-session';
import { saveEditorDocument } from '../editor/save-editor-document';
import { cancelScheduledSettles } from '../editor/schedule-settle';
import { COMPACT_AFTER_PATCHES, settleEditedRun } from '../editor/settle-edited-run';
import { settleEditedRunFunction } from '../editor/settle-function';
import { RUN_EDITED_EVENT } from '../inngest/inngest-client';
import type { CellChange } from '../documents/workbook/edit-ops';
import { resetEnvForTests } from '../env';
import { seedRun } from '../exports/testing/seed-run';
import { getBlobStore } from '../storage/get-blob-store';
import { orgWithKey } from '../test/generation-harness';
import { setupTestDb } from '../test/test-db';
import { ensureVersionFile } from './ensure-version-file';
import { restoreRunVersion } from './restore-run-version';
import { clearVersionModelCache, loadVersionModel } from './version-model';

const t = setupTestDb();
let orgId = '';

beforeAll(async () => {
  orgId = (await orgWithKey(t.db, { name: 'Patches' })).orgId;
});

afterEach(() => {
  cancelScheduledSettles();
});

async function editableRun() {
  const runId = await seedRun(t.db, orgId, 'excel', sampleWorkbook(), 'Patch run');
  const { token } = await mintEditSession(t.db, { orgId, runId, readOnly: false });
  let version = 1;
  const save = async (changes: CellChange[]) => {
    const r = await saveEditorDocument(t.db, { runId, token, baseVersion: version, edit: { kind: 'cells', changes } });
    version = r.version;
    return r;
  };
  return { runId, save, version: () => version };
}

const cellsOf = (model: unknown, sheet: string) => (model as Workbook).sheets.find((s) => s.name === sheet)!.cells;
const blobModel = async (key: string | null) => JSON.parse((await getBlobStore().getBytes(key!))!.toString('utf8')) as unknown;

describe('patch versions', () => {
  it('a chain of saves materializes to the same model from the cache and from the database alone', async () => {
    const { runId, save } = await editableRun();
    const edits: CellChange[][] = [];
    for (let i = 0; i < 6; i++) {
      const changes: CellChange[] = [
        { sheet: 'Sales', cell: `G${i + 2}`, value: i * 10 },
        { sheet: 'Sales', cell: 'H1', formula: `=G2+${i}` },
        ...(i === 3 ? [{ sheet: 'Sales', cell: 'G3', value: null }] : []),
      ];
      edits.push(changes);
      await save(changes);
    }
    const rows = await t.db.artifactVersion.findMany({ where: { runId }, orderBy: { version: 'asc' }, select: { version: true, model: true, snapshotVersion: true } });
    expect(rows.map((r) => [r.version, r.model === null, r.snapshotVersion])).toEqual([
      [1, false, null],
      ...[2, 3, 4, 5, 6, 7].map((v) => [v, true, 1]),
    ]);
    const base = parseWorkbook(sampleWorkbook());
    const expected = applyWorkbookCellEdits(base, edits);
    const cached = await loadVersionModel(t.db, runId, 7);
    clearVersionModelCache();
    const fromDb = await loadVersionModel(t.db, runId, 7);
    expect(fromDb!.model).toEqual(expected);
    expect(cached!.model).toEqual(expected);
    expect(cellsOf(expected, 'Sales').G3).toBeUndefined();
    expect(cellsOf(expected, 'Sales').G7).toEqual({ value: 50 });
    expect(cellsOf(expected, 'Sales').H1).toEqual({ formula: 'G2+5' });
    // An intermediate version is itself: the edits up to it.
    expect((await loadVersionModel(t.db, runId, 4))!.model).toEqual(applyWorkbookCellEdits(base, edits.slice(0, 3)));
    // The snapshot the chain was built on is untouched.
    expect((await loadVersionModel(t.db, runId, 1))!.model).toEqual(base);
  });

  it('the settle step folds a long chain into a whole model; later saves build on it', async () => {
    const { runId, save } = await editableRun();
    for (let i = 0; i < COMPACT_AFTER_PATCHES; i++) await save([{ sheet: 'Sales', cell: 'G2', value: i }]);
    const last = 1 + COMPACT_AFTER_PATCHES;
    clearVersionModelCache();
    const before = (await loadVersionModel(t.db, runId, last))!.model;
    expect(await settleEditedRun(t.db, runId)).toEqual({ rendered: true, reindexed: true, compacted: true });
    const row = await t.db.artifactVersion.findUniqueOrThrow({ where: { runId_version: { runId, version: last } } });
    expect(row.snapshotVersion).toBeNull();
    expect(row.model).toBeNull();
    expect(await blobModel(row.modelKey)).toEqual(before);
    await save([{ sheet: 'Sales', cell: 'G3', value: 'after' }]);
    const next = await t.db.artifactVersion.findUniqueOrThrow({ where: { runId_version: { runId, version: last + 1 } } });
    expect(next.snapshotVersion).toBe(last);
    clearVersionModelCache();
    const m = (await loadVersionModel(t.db, runId, last + 1))!.model;
    expect(cellsOf(m, 'Sales').G2).toEqual({ value: COMPACT_AFTER_PATCHES - 1 });
    expect(cellsOf(m, 'Sales').G3).toEqual({ value: 'after' });
    // A second settle has nothing to fold (the chain is one long) but renders the new version.
    expect(await settleEditedRun(t.db, runId)).toEqual({ rendered: true, reindexed: true, compacted: false });
    expect(await settleEditedRun(t.db, runId)).toEqual({ rendered: false, reindexed: false, compacted: false });
  });
});

describe('lazy files', () => {
  it('concurrent requests for an unrendered version render it once', async () => {
    const { runId, save } = await editableRun();
    await save([{ sheet: 'Sales', cell: 'B4', value: 7777 }]);
    const run = await t.db.run.findUniqueOrThrow({ where: { id: runId } });
    const files = await Promise.all(Array.from({ length: 5 }, () => ensureVersionFile(t.db, run, 2)));
    expect(new Set(files.map((f) => f!.blobKey)).size).toBe(1);
    const bytes = await getBlobStore().getBytes(files[0]!.blobKey);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
    expect(wb.getWorksheet('Sales')!.getCell('B4').value).toBe(7777);
    expect(files[0]!.size).toBe(bytes!.length);
    // Asking again reads the stored row; nothing is rendered.
    expect(await ensureVersionFile(t.db, run, 2)).toEqual(files[0]);
    expect(await ensureVersionFile(t.db, run, 99)).toBeNull();
  });

  it('the local settle timer renders the file once the saves stop (EDITOR_SETTLE_MS)', async () => {
    process.env.EDITOR_SETTLE_MS = '150';
    resetEnvForTests();
    try {
      const { runId, save } = await editableRun();
      await save([{ sheet: 'Sales', cell: 'B5', value: 1 }]);
      await new Promise((r) => setTimeout(r, 60));
      await save([{ sheet: 'Sales', cell: 'B5', value: 2 }]);
      const deadline = Date.now() + 10_000;
      let row = await t.db.artifactVersion.findUniqueOrThrow({ where: { runId_version: { runId, version: 3 } } });
      while (!row.blobKey && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 50));
        row = await t.db.artifactVersion.findUniqueOrThrow({ where: { runId_version: { runId, version: 3 } } });
      }
      expect(row.blobKey).toBeTruthy();
      // The quiet period restarted with the second save: version 2 was never rendered.
      expect((await t.db.artifactVersion.findUniqueOrThrow({ where: { runId_version: { runId, version: 2 } } })).blobKey).toBeNull();
      expect(((await t.db.run.findUniqueOrThrow({ where: { id: runId } })).memory as unknown as RunMemory).staleIndex).toBeUndefined();
    } finally {
      process.env.EDITOR_SETTLE_MS = '3600000';
      resetEnvForTests();
    }
  });
});

describe('EXECUTOR=inngest', () => {
  it('the debounced settle function renders and re-indexes the edited run', async () => {
    const { runId, save } = await editableRun();
    await save([{ sheet: 'Sales', cell: 'B6', value: 1 }]);
    await save([{ sheet: 'Sales', cell: 'B6', value: 2 }]);
    const { result, error } = await new InngestTestEngine({ function: settleEditedRunFunction }).execute({
      events: [{ name: RUN_EDITED_EVENT, data: { runId } }] as never,
    });
    expect(error).toBeUndefined();
    expect(result).toEqual({ rendered: true, reindexed: true, compacted: false });
    expect((await t.db.artifactVersion.findUniqueOrThrow({ where: { runId_version: { runId, version: 3 } } })).blobKey).toBeTruthy();
    expect(settleEditedRunFunction.opts.debounce).toMatchObject({ key: 'event.data.runId', period: '3600s' });
  });
});

describe('restore and memory', () => {
  it('restoring a patch version stores its whole model', async () => {
    const { runId, save } = await editableRun();
    await save([{ sheet: 'Sales', cell: 'A4', value: 'Patched' }]);
    await save([{ sheet: 'Sales', cell: 'A4', value: 'Later' }]);
    const r = await restoreRunVersion(t.db, orgId, runId, 2);
    expect(r).toEqual({ version: 4, restored_from: 2 });
    const row = await t.db.artifactVersion.findUniqueOrThrow({ where: { runId_version: { runId, version: 4 } } });
    expect(row).toMatchObject({ source: 'restore', snapshotVersion: null, patch: null, blobKey: null, model: null });
    expect(cellsOf(await blobModel(row.modelKey), 'Sales').A4).toMatchObject({ value: 'Patched' });
  });

  it('a restore points at a model stored as a blob: the model is stored once', async () => {
    const { runId, save } = await editableRun();
    await save([{ sheet: 'Sales', cell: 'A4', value: 'Patched' }]);
    // version 1 holds its model in the row (as earlier builds stored it): the restore stores it once, as a blob
    await restoreRunVersion(t.db, orgId, runId, 1);
    // version 3 holds it as a blob: restoring it again (after another save) points at the same blob
    const { token } = await mintEditSession(t.db, { orgId, runId, readOnly: false });
    await saveEditorDocument(t.db, { runId, token, baseVersion: 3, edit: { kind: 'cells', changes: [{ sheet: 'Sales', cell: 'A4', value: 'Again' }] } });
    await restoreRunVersion(t.db, orgId, runId, 3);
    const rows = await t.db.artifactVersion.findMany({ where: { runId }, orderBy: { version: 'asc' }, select: { version: true, model: true, modelKey: true } });
    expect(rows.map((r) => [r.version, r.model !== null, r.modelKey !== null])).toEqual([
      [1, true, false],
      [2, false, false],
      [3, false, true],
      [4, false, false],
      [5, false, true],
    ]);
    expect(rows[4]!.modelKey).toBe(rows[2]!.modelKey);
    expect(await blobModel(rows[2]!.modelKey)).toEqual(rows[0]!.model);
    clearVersionModelCache();
    expect((await loadVersionModel(t.db, runId, 5))!.model).toEqual(rows[0]!.model);
  });

  it('withFreshIndex rebuilds a stale index from the document and leaves a fresh one alone', async () => {
    const { runId, save } = await editableRun();
    await save([{ sheet: 'Sales', cell: 'A4', value: 'first save: the run had no memory, it is indexed at once' }]);
    await save([{ sheet: 'Sales', cell: 'K40', value: 'far away' }]);
    const run = await t.db.run.findUniqueOrThrow({ where: { id: runId } });
    const memory = run.memory as unknown as RunMemory;
    expect(memory.staleIndex).toBe(true);
    const model = (await loadVersionModel(t.db, runId, 3))!.model;
    const fresh = withFreshIndex('excel', memory, model)!;
    expect(fresh.staleIndex).toBeUndefined();
    expect(fresh.history).toEqual(memory.history);
    const sales = (idx: RunMemory['index']) => (idx.kind === 'workbook' ? idx.sheets.find((s) => s.name === 'Sales')!.usedRange : null);
    expect(sales(memory.index)).not.toMatch(/:K40$/);
    expect(sales(fresh.index)).toMatch(/:K40$/);
    expect(withFreshIndex('excel', fresh, model)).toBe(fresh);
  });
});
