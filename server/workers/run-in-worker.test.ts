// Uploads are read in worker threads: the model that comes back is the one the reader builds in
// process; a file over the worker's heap cap or deadline fails with a limit error naming the
// setting, the worker is replaced, and the next job works.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { DocumentLimitError } from '../documents/common/document-limits';
import { readXlsx } from '../documents/workbook/xlsx/read-xlsx';
import { resetEnvForTests } from '../env';
import { renderForFormat, renderForFormatIsolated } from '../rendering/render-for-format';
import { sampleWorkbook } from '../documents/fixtures/sample-workbook';
import { bigWorkbook, zipBombXlsx } from '../test/hostile-files';
import { documentWorkerThreads, isolated, stopDocumentWorkers } from './run-in-worker';

const CORPUS = path.join(__dirname, '../../../shared/corpus');
const readInWorker = isolated('server/documents/workbook/xlsx/read-xlsx.ts', 'readXlsx', (bytes: Buffer) => readXlsx(bytes));
const job = (o: { kind: 'readXlsx'; bytes: Buffer }) => readInWorker(o.bytes);
const saved = { ...process.env };

afterEach(() => {
  for (const k of ['DOCUMENT_WORKER_MEMORY_MB', 'DOCUMENT_WORKER_TIMEOUT_MS', 'MAX_WORKBOOK_CELLS']) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
  resetEnvForTests();
});

afterAll(async () => {
  await stopDocumentWorkers();
});

describe('document work in worker threads', () => {
  it('renders a workbook to the same bytes as in process', async () => {
    const [inWorker, here] = await Promise.all([renderForFormatIsolated('excel', sampleWorkbook(), 'Sales'), renderForFormat('excel', sampleWorkbook(), 'Sales')]);
    expect(Buffer.isBuffer(inWorker.bytes)).toBe(true);
    expect(inWorker.bytes.equals(here.bytes)).toBe(true);
    expect(inWorker.formulaValues).toEqual(here.formulaValues);
    expect(inWorker.fileName).toBe('Sales.xlsx');
  }, 60_000);

  it('reads a workbook to the same model as the in-process reader', async () => {
    const bytes = readFileSync(path.join(CORPUS, 'xlsx/report-comments-links-merged-print.xlsx'));
    const [inWorker, here] = await Promise.all([job({ kind: 'readXlsx', bytes }), readXlsx(bytes)]);
    expect(inWorker).toEqual(here);
    expect(Object.keys(inWorker.workbook.sheets[0]!.cells).length).toBeGreaterThan(10);
  }, 60_000);

  it('passes limit errors through with their setting', async () => {
    const err = await job({ kind: 'readXlsx', bytes: zipBombXlsx({ gib: 3, lie: false }) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DocumentLimitError);
    expect((err as DocumentLimitError).setting).toBe('MAX_ZIP_PART_BYTES');
  }, 60_000);

  it('a file over the heap cap fails naming DOCUMENT_WORKER_MEMORY_MB; the next job gets a fresh worker', async () => {
    await stopDocumentWorkers();
    process.env.DOCUMENT_WORKER_MEMORY_MB = '96';
    process.env.MAX_WORKBOOK_CELLS = '5000000';
    resetEnvForTests();
    const err = await job({ kind: 'readXlsx', bytes: bigWorkbook(100_000, 10) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DocumentLimitError);
    expect((err as DocumentLimitError).setting).toBe('DOCUMENT_WORKER_MEMORY_MB');
    expect((err as Error).message).toMatch(/needs more than 96 MB of memory/);
    const ok = await job({ kind: 'readXlsx', bytes: bigWorkbook(10, 3) });
    expect(Object.keys(ok.workbook.sheets[0]!.cells)).toHaveLength(30);
  }, 120_000);

  it('a worker retired for its heap is replaced by an idle one at once; a stop cancels a replacement still due', async () => {
    await stopDocumentWorkers();
    process.env.MAX_WORKBOOK_CELLS = '5000000';
    resetEnvForTests();
    await job({ kind: 'readXlsx', bytes: bigWorkbook(10, 3) });
    const [first] = documentWorkerThreads();
    const big = bigWorkbook(100_000, 10); // its read grows a heap past what a worker keeps
    await job({ kind: 'readXlsx', bytes: big });
    for (let i = 0; i < 200 && !(documentWorkerThreads().length === 1 && documentWorkerThreads()[0] !== first); i++) await new Promise((r) => setTimeout(r, 25));
    const [second] = documentWorkerThreads();
    expect(documentWorkerThreads()).toHaveLength(1);
    expect(second).not.toBe(first);
    // the replacement serves the next call
    expect(Object.keys((await job({ kind: 'readXlsx', bytes: bigWorkbook(10, 3) })).workbook.sheets[0]!.cells)).toHaveLength(30);
    expect(documentWorkerThreads()).toEqual([second]);
    // a retirement whose replacement is still due when the workers are stopped: none starts
    await job({ kind: 'readXlsx', bytes: big });
    await stopDocumentWorkers();
    await new Promise((r) => setTimeout(r, 300));
    expect(documentWorkerThreads()).toEqual([]);
  }, 120_000);

  it('a file past the deadline fails naming DOCUMENT_WORKER_TIMEOUT_MS', async () => {
    await stopDocumentWorkers();
    process.env.DOCUMENT_WORKER_TIMEOUT_MS = '1000';
    process.env.MAX_WORKBOOK_CELLS = '5000000';
    resetEnvForTests();
    const err = await job({ kind: 'readXlsx', bytes: bigWorkbook(300_000, 10) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DocumentLimitError);
    expect((err as DocumentLimitError).setting).toBe('DOCUMENT_WORKER_TIMEOUT_MS');
  }, 120_000);
});
