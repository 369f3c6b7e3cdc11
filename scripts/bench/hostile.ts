/**
 * Hostile input against the production server (`next start`, started here over HTTP): while each
 * scenario runs, GET /api/v1/verify is probed every 20 ms and its latency reported (target: p99
 * under 200 ms), and the server's RSS is read before and after (target: back under 1.2× idle).
 *   - idle: /verify alone;
 *   - the heaviest corpus workbook uploaded and turned into a run (sync generate with file_ids),
 *     then exported to CSV;
 *   - every hostile upload (zip bombs, XXE, billion laughs, deep nesting, 10,000 slides, PNG bomb,
 *     fake PDF, SVG) sent twice at once;
 *   - a 2M-cell workbook and a deck declaring 10,000 slides, generated from twice at once (their
 *     tasks fail unreadable_file).
 * Uses the production build, running `npm run build` first when there is none.
 * Run: npm run bench hostile   (HOSTILE_BENCH_PORT, default 3208)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { rssMiB, startNextServer, stopNextServer, keyedRequest } from './lib/next-server';
import { benchOrg, embeddedStack, machineLine, percentile, runBench } from './lib/bench-kit';

const PORT = Number(process.env.HOSTILE_BENCH_PORT ?? 3208);
const BASE = `http://127.0.0.1:${PORT}`;
/** HOSTILE_BENCH_ONLY=corpus: only the cold corpus run (for profiling the first processing). */
const ONLY_CORPUS = process.env.HOSTILE_BENCH_ONLY === 'corpus';
const stack = embeddedStack('hostile', { LOG_LEVEL: 'silent' });

let key = '';
/** The fields of API answers this bench reads. */
interface Answer {
  id: string;
  run_id: string;
  task_id: string;
  status: string;
  error?: { code: string } | null;
}

const api = (method: string, p: string, body?: BodyInit, headers: Record<string, string> = {}) => keyedRequest<Answer>(`${BASE}${p}`, key, method, body, headers);
const upload = (name: string, bytes: Buffer) => {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)]), name);
  return api('POST', '/api/v1/files', form);
};
async function generate(format: string, fileId: string, wait: boolean): Promise<Answer> {
  const r = await api('POST', `/api/v1/${format}/generate`, JSON.stringify({ prompt: 'Build it from the attached file', file_ids: [fileId], async: !wait }), { 'content-type': 'application/json' });
  if (wait) return r.json;
  for (;;) {
    const t = await api('GET', `/api/v1/tasks/${r.json.task_id}`);
    if (['completed', 'failed', 'cancelled'].includes(t.json.status)) return t.json;
    await new Promise((res) => setTimeout(res, 100));
  }
}

const slowProbes: Array<[number, number]> = [];
async function probeWhile<T>(work: () => Promise<T>): Promise<{ result: T; lat: number[] }> {
  const lat: number[] = [];
  let done = false;
  const probe = (async () => {
    while (!done) {
      const t0 = performance.now();
      const h0 = process.hrtime.bigint();
      const r = await fetch(`${BASE}/api/v1/verify`, { headers: { 'x-api-key': key } });
      await r.arrayBuffer();
      lat.push(performance.now() - t0);
      // BENCH_PROFILE: the slow probes' windows on the monotonic clock (as in a V8 CPU profile, µs)
      if (process.env.BENCH_PROFILE && performance.now() - t0 > 100) slowProbes.push([Number(h0 / 1000n), Number(process.hrtime.bigint() / 1000n)]);
      await new Promise((res) => setTimeout(res, 20));
    }
  })();
  try {
    return { result: await work(), lat };
  } finally {
    done = true;
    await probe;
  }
}
const line = (name: string, lat: number[], extra = '') =>
  console.log(
    `  ${name.padEnd(58)} /verify p50 ${percentile(lat, 50).toFixed(0).padStart(4)} ms  p99 ${percentile(lat, 99).toFixed(0).padStart(4)} ms  max ${Math.max(...lat).toFixed(0).padStart(4)} ms  (n=${lat.length})${extra}`,
  );

runBench(
  async () => {
    if (!existsSync('.next/BUILD_ID')) {
      console.log('  no production build yet: running `npm run build` first');
      const built = spawnSync('npm', ['run', 'build'], { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
      if (built.status !== 0) throw new Error('npm run build failed');
    }
    const { apiKey } = await benchOrg(1_000_000);
    key = apiKey;
    const { getDbHandle } = await import('../../server/db/client');
    await (await getDbHandle()).close(); // PGlite: one process per data folder
    const hostile = await import('../../server/test/hostile-files');

    console.log(`hostile input against next start (${machineLine()})`);
    const server = await startNextServer(PORT, { DATA_DIR: stack.dir });
    try {
      for (let i = 0; i < 20; i++) await api('GET', '/api/v1/verify');
      const { pid } = server;
      const idleRss = rssMiB(pid);
      const idle = await probeWhile(() => new Promise((r) => setTimeout(r, 3000)));
      line('idle', idle.lat, `   RSS ${idleRss.toFixed(0)} MiB`);

      // the heaviest corpus workbook
      const corpus = path.resolve('../shared/corpus/xlsx');
      const worst = readdirSync(corpus)
        .filter((f) => f.endsWith('.xlsx'))
        .map((f) => ({ f, size: readFileSync(path.join(corpus, f)).length }))
        .sort((a, b) => b.size - a.size)[0]!.f;
      // the first time also loads and compiles the code of these paths in the server (cold)
      for (const label of ONLY_CORPUS ? ['cold'] : ['cold', 'warm', 'warm']) {
        const corpusRun = await probeWhile(async () => {
          const up = await upload(worst, readFileSync(path.join(corpus, worst)));
          const g = await generate('excel', up.json.id, true);
          const e = await api('POST', `/api/v1/runs/${g.run_id}/export`, JSON.stringify({ format: 'csv' }), { 'content-type': 'application/json' });
          return `${g.status}, csv ${e.status}`;
        });
        line(`${worst.slice(0, 22)}… upload+generate+csv (${label})`, corpusRun.lat, `   ${corpusRun.result}`);
      }

      if (ONLY_CORPUS) return;
      const cases: Array<[string, () => Buffer]> = [
        ['bomb.xlsx', () => hostile.zipBombXlsx({ gib: 3, lie: false })],
        ['liar.xlsx', () => hostile.zipBombXlsx({ gib: 3, lie: true })],
        ['xxe.xlsx', () => hostile.entityXlsx('xxe')],
        ['laughs.xlsx', () => hostile.entityXlsx('laughs')],
        ['xxe.docx', () => hostile.entityDocx('xxe')],
        ['laughs.docx', () => hostile.entityDocx('laughs')],
        ['deep.docx', () => hostile.deepDocx(10_000)],
        ['slides.pptx', () => hostile.manySlidesPptx(10_000, 'own')],
        ['bomb.png', () => hostile.pngBomb()],
        ['fake.pdf', hostile.fakePdf],
        ['logo.png', hostile.svgAsPng], // an SVG named .png
      ];
      const all: number[] = [];
      for (const [name, make] of cases) {
        const bytes = make();
        const r = await probeWhile(() => Promise.all([upload(name, bytes), upload(name, bytes)]));
        all.push(...r.lat);
        line(`upload ${name} ×2`, r.lat, `   → ${r.result.map((x) => x.status).join(', ')}`);
      }
      line('all hostile uploads', all);

      const cells = await upload('two-million.xlsx', hostile.bigWorkbook(200_000, 10));
      const deck = await upload('ten-thousand.pptx', hostile.manySlidesPptx(10_000, 'shared'));
      // steady state: one round of the same work first (workers started, code loaded), then idle
      await Promise.all([generate('excel', cells.json.id, false), generate('slides', deck.json.id, false)]);
      await new Promise((r) => setTimeout(r, 65_000)); // idle document workers exit after 60 s
      const steadyRss = rssMiB(pid);
      const tasks = await probeWhile(() =>
        Promise.all([generate('excel', cells.json.id, false), generate('excel', cells.json.id, false), generate('slides', deck.json.id, false), generate('slides', deck.json.id, false)]),
      );
      line('2M cells ×2 + 10,000 slides ×2 (tasks)', tasks.lat, `   → ${tasks.result.map((t) => t.error?.code ?? t.status).join(', ')}`);
      await new Promise((r) => setTimeout(r, 65_000)); // idle document workers exit after 60 s
      const after = rssMiB(pid);
      console.log(`  RSS at start ${idleRss.toFixed(0)} MiB; idle in steady state ${steadyRss.toFixed(0)} MiB → after the hostile tasks ${after.toFixed(0)} MiB (${(after / steadyRss).toFixed(2)}×)`);
    } finally {
      if (process.env.BENCH_PROFILE) {
        // with NODE_OPTIONS=--import <hook> that writes a CPU profile on SIGUSR2
        for (const p of spawnSync('ps', ['-o', 'pid=', '-g', String(server.child.pid)], { encoding: 'utf8' }).stdout.trim().split(/\s+/)) process.kill(Number(p), 'SIGUSR2');
        await new Promise((r) => setTimeout(r, 3000));
        writeFileSync(process.env.BENCH_PROFILE, JSON.stringify(slowProbes));
      }
      await stopNextServer(server);
    }
  },
  () => stack.remove(),
);
