// Without LibreOffice (SOFFICE_PATH pointing at a binary that does not exist): pdf, png, odt and
// odp answer 503 converter_unavailable naming the Debian packages, write nothing and start no
// process; the in-process formats (csv, html, txt) keep working.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POST as exportRoute } from '@/app/api/v1/runs/[run_id]/export/route';
import { sampleDeck } from '../documents/fixtures/sample-deck';
import { sampleDocument } from '../documents/fixtures/sample-document';
import { sampleWorkbook } from '../documents/fixtures/sample-workbook';
import { resetEnvForTests } from '../env';
import { call } from '../test/api-client';
import { orgWithKey } from '../test/generation-harness';
import { rowCounts } from '../test/row-counts';
import { setupTestDb } from '../test/test-db';
import { currentExportPool, shutdownExportPool } from './export-pool';
import { seedRun } from './testing/seed-run';

const t = setupTestDb();
let key = '';
const runs = { excel: '', word: '', slides: '' };
const saved = process.env.SOFFICE_PATH;

beforeAll(async () => {
  process.env.SOFFICE_PATH = '/nonexistent/libreoffice/program/soffice';
  resetEnvForTests();
  await shutdownExportPool();
  const o = await orgWithKey(t.db);
  key = o.key;
  runs.excel = await seedRun(t.db, o.orgId, 'excel', sampleWorkbook(), 'Sales');
  runs.word = await seedRun(t.db, o.orgId, 'word', sampleDocument(), 'Report');
  runs.slides = await seedRun(t.db, o.orgId, 'slides', sampleDeck(), 'Review');
});

afterAll(async () => {
  await shutdownExportPool();
  if (saved === undefined) delete process.env.SOFFICE_PATH;
  else process.env.SOFFICE_PATH = saved;
  resetEnvForTests();
});

const exportCall = (runId: string, json: unknown) => call(exportRoute, 'POST', `/api/v1/runs/${runId}/export`, { key, params: { run_id: runId }, json });

describe('exports without LibreOffice', () => {
  it('pdf / png / odt / odp answer 503 converter_unavailable naming the packages to install, and write nothing', async () => {
    const rows = await rowCounts(t.db);
    const cases: Array<[string, object]> = [
      [runs.excel, { format: 'pdf' }],
      [runs.excel, { format: 'png' }],
      [runs.word, { format: 'odt' }],
      [runs.slides, { format: 'odp' }],
      [runs.slides, { format: 'png', page: 1 }],
    ];
    for (const [runId, body] of cases) {
      const r = await exportCall(runId, body);
      expect(r.status, JSON.stringify(r.json)).toBe(503);
      expect(r.json.error.code).toBe('converter_unavailable');
      expect(r.json.error.message).toContain('/nonexistent/libreoffice/program/soffice');
      expect(r.json.error.message).toMatch(/apt-get install .*libreoffice-calc-nogui.*libreoffice-writer-nogui.*libreoffice-impress-nogui.*python3-uno.*poppler-utils/);
      expect(r.json.error.details.packages).toContain('python3-uno');
    }
    expect(await rowCounts(t.db)).toEqual(rows);
    expect(currentExportPool()?.stats().starts ?? 0).toBe(0);
  });

  it('csv, html and txt do not need LibreOffice', async () => {
    for (const [runId, format] of [
      [runs.excel, 'csv'],
      [runs.excel, 'html'],
      [runs.word, 'html'],
      [runs.word, 'txt'],
    ] as const) {
      const r = await exportCall(runId, { format });
      expect(r.status, JSON.stringify(r.json)).toBe(200);
      expect(r.json.cached).toBe(false);
    }
  });
});
