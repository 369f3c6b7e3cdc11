/**
 * A 500,000-cell workbook through the production server (`next start`, started here, over HTTP)
 * against the renderer alone, on the embedded stack (PGlite, local blobs, local worker, offline
 * model). The workbook (50,000 rows × 10 columns of numbers) is uploaded and turned into a run by a
 * sync POST /excel/generate with file_ids, three times, as an API client would.
 *
 * Figures (targets of issue 17):
 *   - API wall ÷ renderer wall ≤ 1.3 (median of the three pairs): the renderer alone is
 *     renderForFormat on the imported model in a fresh worker thread, as the server runs it (over
 *     the stored source package, which it reads as its baseline: the read and the write of the
 *     workbook), measured in this process right before each request; the API wall is the sync
 *     generate call (reading the upload, the agent, rendering, storing the version, answering);
 *   - server RSS growth ≤ 0.6 KiB per cell: the peak RSS of the server during a request (sampled
 *     every 50 ms) minus its RSS right before it, over the cells (the worst of the three requests);
 *     the peak over the idle RSS across the three back-to-back requests is printed too (it also
 *     holds what the previous requests left for the garbage collector);
 *   - RSS after the tasks ≤ 1.3× idle: once the idle document workers have exited (60 s).
 * Also prints the task's duration_ms, the steps' times (from the server's log) and checks that
 * GET /runs lists the runs with their duration_ms.
 *
 * Uses the production build, running `npm run build` first when there is none.
 * Run: npm run bench big-workbook   (BIG_WORKBOOK_BENCH_PORT, default 3237; BIG_WORKBOOK_ROWS, default 50000)
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { SHARE_ENV, Worker } from 'node:worker_threads';
import { benchOrg, embeddedStack, machineLine, runBench } from './lib/bench-kit';
import { keyedRequest } from './lib/next-server';

const PORT = Number(process.env.BIG_WORKBOOK_BENCH_PORT ?? 3237);
const BASE = `http://127.0.0.1:${PORT}`;
const ROWS = Number(process.env.BIG_WORKBOOK_ROWS ?? 50_000);
const COLS = 10;
const CELLS = ROWS * COLS;
const REQUESTS = 3;
const WORKER_IDLE_WAIT_MS = 65_000; // idle document workers exit after 60 s
const TARGETS = { wallRatio: 1.3, kibPerCell: 0.6, afterRatio: 1.3 };
const stack = embeddedStack('big-workbook', { LOG_LEVEL: 'silent' });

function serverPid(child: ChildProcess): number {
  // `next start` forks next-server; the RSS that matters is the largest process of the group
  const out = spawnSync('ps', ['-o', 'pid=,rss=', '-g', String(child.pid)], { encoding: 'utf8' }).stdout.trim().split('\n');
  const rows = out.map((l) => l.trim().split(/\s+/).map(Number)).filter((r) => r.length === 2);
  return rows.sort((a, b) => b[1]! - a[1]!)[0]![0]!;
}
const rssMiB = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

/** Step times the local executor logs ("step completed"), by task id. */
const stepMs = new Map<string, Record<string, number>>();

async function startServer(): Promise<ChildProcess> {
  const child = spawn(process.execPath, [path.resolve('node_modules/next/dist/bin/next'), 'start', '-H', '127.0.0.1', '-p', String(PORT)], {
    // as `npm start` runs it (MALLOC_ARENA_MAX=2); info level for the step times
    env: { MALLOC_ARENA_MAX: '2', ...process.env, NODE_ENV: 'production', DATA_DIR: stack.dir, APP_URL: BASE, LOG_LEVEL: 'info', NEXT_TELEMETRY_DISABLED: '1' },
    stdio: ['ignore', 'pipe', 'inherit'],
    detached: true,
  });
  createInterface({ input: child.stdout }).on('line', (l) => {
    try {
      const j = JSON.parse(l) as { msg?: string; taskId?: string; step?: string; ms?: number };
      if (j.msg === 'step completed' && j.taskId && j.step) stepMs.set(j.taskId, { ...stepMs.get(j.taskId), [j.step]: j.ms ?? NaN });
    } catch {
      /* not a log line */
    }
  });
  const t0 = Date.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`next start exited with ${child.exitCode}`);
    if (Date.now() - t0 > 60_000) throw new Error('server did not start within 60 s');
    try {
      if ((await fetch(`${BASE}/api/health`)).ok) return child;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

function stopServer(child: ChildProcess): void {
  try {
    if (child.pid) process.kill(-child.pid, 'SIGTERM');
  } catch {
    child.kill('SIGTERM');
  }
}

let key = '';
/** The fields of API answers this bench reads. */
interface Answer {
  id: string;
  run_id: string;
  task_id: string;
  status: string;
  duration_ms: number | null;
  error?: { code: string; message: string } | null;
  items?: Array<{ run_id: string; duration_ms: number | null }>;
}

const api = (method: string, p: string, body?: BodyInit, headers: Record<string, string> = {}) => keyedRequest<Answer>(`${BASE}${p}`, key, method, body, headers);
async function upload(name: string, bytes: Buffer): Promise<string> {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)]), name);
  const r = await api('POST', '/api/v1/files', form);
  if (r.status !== 201 && r.status !== 200) throw new Error(`upload ${name}: ${r.status} ${JSON.stringify(r.json)}`);
  return r.json.id;
}
/** A sync generate from an upload, or a follow-up on a run. */
async function generateFrom(fileId: string | null, runId?: string): Promise<Answer> {
  const body = fileId ? { prompt: 'Build it from the attached file', file_ids: [fileId] } : { prompt: 'Add a sheet named "Notes"', run_id: runId };
  const r = await api('POST', '/api/v1/excel/generate', JSON.stringify(body), { 'content-type': 'application/json' });
  if (r.status !== 200 || r.json.status !== 'completed') throw new Error(`generate: ${r.status} ${JSON.stringify(r.json)}`);
  return r.json;
}

/** Runs `work` while sampling the server's RSS every 50 ms; returns its result, wall time, RSS before and peak RSS. */
async function sampled<T>(pid: number, work: () => Promise<T>): Promise<{ result: T; ms: number; before: number; peak: number }> {
  const before = rssMiB(pid);
  let peak = before;
  const timer = setInterval(() => (peak = Math.max(peak, rssMiB(pid))), 50);
  const t0 = performance.now();
  try {
    const result = await work();
    return { result, ms: performance.now() - t0, before, peak: Math.max(peak, rssMiB(pid)) };
  } finally {
    clearInterval(timer);
  }
}

/** renderForFormat('excel') of the model in a new worker thread; the milliseconds of the call alone. */
function renderInFreshWorker(modelJson: string): Promise<number> {
  const code = `
    const { parentPort, workerData } = require('node:worker_threads');
    require('tsx/cjs/api').register();
    const { renderForFormat } = require(workerData.module);
    const model = JSON.parse(workerData.modelJson);
    const t0 = performance.now();
    renderForFormat('excel', model, 'Big').then(() => parentPort.postMessage(performance.now() - t0), (err) => parentPort.postMessage({ error: String(err) }));
  `;
  const worker = new Worker(code, { eval: true, workerData: { module: path.resolve('server/rendering/render-for-format.ts'), modelJson }, env: SHARE_ENV });
  return new Promise<number>((resolve, reject) => {
    worker.once('message', (m: number | { error: string }) => {
      void worker.terminate();
      if (typeof m === 'number') resolve(m);
      else reject(new Error(m.error));
    });
    worker.once('error', reject);
  });
}

const stepsOf = (taskId: string) =>
  Object.entries(stepMs.get(taskId) ?? {})
    .map(([k, v]) => `${k} ${s(v)}`)
    .join(', ') || 'not logged';
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const verdict = (ok: boolean) => (ok ? 'OK' : 'OVER');

runBench(
  async () => {
    if (!existsSync('.next/BUILD_ID')) {
      console.log('  no production build yet: running `npm run build` first');
      const built = spawnSync('npm', ['run', 'build'], { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
      if (built.status !== 0) throw new Error('npm run build failed');
    }
    console.log(`${CELLS.toLocaleString('en-US')}-cell workbook through next start vs the renderer alone (${machineLine()})`);
    const { apiKey } = await benchOrg(100_000_000);
    key = apiKey;
    const { bigWorkbook } = await import('../../server/test/hostile-files');
    const bytes = bigWorkbook(ROWS, COLS);

    // The renderer alone, as the server runs it: renderForFormat in a fresh worker thread (the
    // server retires a document worker after a call this big, so each render starts cold), on the
    // workbook as imported, over its stored source package (read as the baseline). The model is
    // parsed in the worker before the clock starts. Measured in this process right before each
    // request (the server idle), so that both see the same load on a shared machine.
    const { readXlsx } = await import('../../server/documents/workbook/xlsx/read-xlsx');
    const { getBlobStore } = await import('../../server/storage/get-blob-store');
    await getBlobStore().put('bench/source.xlsx', bytes, { contentType: 'application/octet-stream' });
    const t0 = performance.now();
    const imported = await readXlsx(bytes);
    const readMs = performance.now() - t0;
    const modelJson = JSON.stringify({ ...imported.workbook, source: { blobKey: 'bench/source.xlsx', sha256: imported.sha256 } });
    console.log(`  reading the upload alone: ${s(readMs)}`);

    const { getDbHandle } = await import('../../server/db/client');
    await (await getDbHandle()).close(); // PGlite: one process per data folder

    const server = await startServer();
    try {
      const pid = serverPid(server);
      // warm-up: the code of every step loaded once (a 10,000-cell upload turned into a run)
      await generateFrom(await upload('small.xlsx', bigWorkbook(1_000, COLS)));
      await new Promise((r) => setTimeout(r, WORKER_IDLE_WAIT_MS));
      const idle = rssMiB(pid);
      console.log(`  server idle after a warm-up task: RSS ${idle.toFixed(0)} MiB`);

      const up = await sampled(pid, () => upload('big.xlsx', bytes));
      console.log(`  upload ${(bytes.length / 1024 / 1024).toFixed(1)} MiB: ${s(up.ms)}, peak RSS ${up.peak.toFixed(0)} MiB`);
      const ratios: number[] = [];
      let peak = up.peak;
      let growth = 0;
      let renderMs = 0;
      const runs: Answer[] = [];
      for (let i = 0; i < REQUESTS; i++) {
        renderMs = await renderInFreshWorker(modelJson);
        const r = await sampled(pid, () => generateFrom(up.result));
        ratios.push(r.ms / renderMs);
        peak = Math.max(peak, r.peak);
        growth = Math.max(growth, r.peak - r.before);
        runs.push(r.result);
        console.log(
          `  #${i + 1}: renderer alone ${s(renderMs)}; sync generate wall ${s(r.ms)} = ${(r.ms / renderMs).toFixed(2)}× renderer, duration_ms ${r.result.duration_ms}, RSS ${r.before.toFixed(0)} → peak ${r.peak.toFixed(0)} MiB (+${(r.peak - r.before).toFixed(0)}); steps: ${stepsOf(r.result.task_id)}`,
        );
      }
      // the runs list carries each run's duration (before a follow-up adds to one of them)
      const listed = await api('GET', `/api/v1/runs?limit=${REQUESTS}`);
      const durations = runs.map((r) => listed.json.items?.find((x) => x.run_id === r.run_id)?.duration_ms ?? null);
      const listOk = durations.every((d, i) => d !== null && d === runs[i]!.duration_ms);
      console.log(`  GET /runs duration_ms: ${durations.join(', ')} (${listOk ? 'as the tasks report' : 'MISSING or different from the tasks'})`);

      // a follow-up on one of the runs: its model is loaded, changed, and rendered over the source
      const follow = await sampled(pid, () => generateFrom(null, runs[0]!.run_id));
      console.log(
        `  follow-up on a run ("Add a sheet named Notes"): wall ${s(follow.ms)} (${(follow.ms / renderMs).toFixed(2)}× renderer), duration_ms ${follow.result.duration_ms}, RSS ${follow.before.toFixed(0)} → peak ${follow.peak.toFixed(0)} MiB (+${(follow.peak - follow.before).toFixed(0)}); steps: ${stepsOf(follow.result.task_id)}`,
      );


      await new Promise((r) => setTimeout(r, WORKER_IDLE_WAIT_MS));
      const after = rssMiB(pid);
      const wallRatio = [...ratios].sort((a, b) => a - b)[Math.floor(ratios.length / 2)]!;
      const kibPerCell = (growth * 1024) / CELLS;
      const afterRatio = after / idle;
      console.log(`  API wall ÷ renderer wall (median of ${REQUESTS} pairs): ${wallRatio.toFixed(2)}× (target ≤ ${TARGETS.wallRatio}×) ${verdict(wallRatio <= TARGETS.wallRatio)}`);
      console.log(`  server RSS growth per cell (worst request): ${growth.toFixed(0)} MiB ÷ ${CELLS} = ${kibPerCell.toFixed(2)} KiB (target ≤ ${TARGETS.kibPerCell}) ${verdict(kibPerCell <= TARGETS.kibPerCell)}`);
      console.log(`  peak over idle across the three requests: (${peak.toFixed(0)} − ${idle.toFixed(0)} MiB) ÷ ${CELLS} = ${(((peak - idle) * 1024) / CELLS).toFixed(2)} KiB per cell`);
      console.log(`  RSS after the tasks (workers exited): ${after.toFixed(0)} MiB = ${afterRatio.toFixed(2)}× idle (target ≤ ${TARGETS.afterRatio}×) ${verdict(afterRatio <= TARGETS.afterRatio)}`);
      if (!listOk) process.exitCode = 1;
    } finally {
      stopServer(server);
    }
  },
  () => stack.remove(),
);
