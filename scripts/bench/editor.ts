/**
 * Editor benchmark, in Chromium against a production server this script starts itself:
 *   - time to first render of the editor for a 10,000-row sheet (100k cells, formulas, a chart)
 *     and a 30-slide deck (target < 2 s each), cold (a new browser profile, and a version this server
 *     has never opened) and warm (browser cache);
 *   - the autosave round trip: an edit in the page → the PUT that stores the new version → its
 *     response (target p50 < 500 ms), for a small workbook, the 10,000-row sheet, a document and the deck.
 * Uses the production build, running `npm run build` first when there is none.
 * Run: npx tsx scripts/bench/editor.ts   (EDITOR_BENCH_PORT, default 3207; EDITOR_BENCH_RUNS, default 5)
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../e2e/chromium';

const PORT = Number(process.env.EDITOR_BENCH_PORT ?? 3207);
const RUNS = Number(process.env.EDITOR_BENCH_RUNS ?? 5);
const BASE = `http://127.0.0.1:${PORT}`;

const p50 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;
const fmt = (xs: number[]) => `p50 ${p50(xs).toFixed(0)} ms (min ${Math.min(...xs).toFixed(0)}, max ${Math.max(...xs).toFixed(0)}, n=${xs.length})`;

interface Seeded {
  runId: string;
  tokens: string[];
}

/** Creates an org and four runs directly in the (not yet served) database, with edit tokens. */
async function seed(dataDir: string, tokensPerRun: number): Promise<Record<'sheet10k' | 'small' | 'doc' | 'deck30', Seeded>> {
  process.env.DATA_DIR = dataDir;
  const { getDbHandle } = await import('../../server/db/client');
  const { newId } = await import('../../server/db/ids');
  const { renderForFormat } = await import('../../server/rendering/render-for-format');
  const { putRenderedFile } = await import('../../server/runs/put-rendered-file');
  const { mintEditSession } = await import('../../server/edit-sessions/mint-edit-session');
  const { largeWorkbook, sampleWorkbook } = await import('../../server/documents/fixtures/sample-workbook');
  const { sampleDocument } = await import('../../server/documents/fixtures/sample-document');
  const { largeDeck } = await import('../../server/documents/fixtures/sample-deck');
  const { parseWorkbook } = await import('../../server/documents/workbook/schema');
  const { parseDocument } = await import('../../server/documents/document/schema');
  const { parseDeck } = await import('../../server/documents/deck/schema');
  const handle = await getDbHandle();
  const db = handle.prisma;
  const org = await db.organization.create({ data: { id: newId('org'), name: 'Editor bench', kind: 'workspace' } });
  const models = {
    sheet10k: { format: 'excel', model: parseWorkbook(largeWorkbook(10_000)) },
    small: { format: 'excel', model: parseWorkbook(sampleWorkbook()) },
    doc: { format: 'word', model: parseDocument(sampleDocument()) },
    deck30: { format: 'slides', model: parseDeck(largeDeck(30)) },
  } as const;
  const out = {} as Record<keyof typeof models, Seeded>;
  for (const [name, { format, model }] of Object.entries(models) as Array<[keyof typeof models, (typeof models)[keyof typeof models]]>) {
    const runId = newId('run');
    const file = await renderForFormat(format, model, `Bench ${name}`);
    const blobKey = `runs/${runId}/v1/document.${file.fileName.split('.').pop()}`;
    const put = await putRenderedFile(blobKey, file);
    await db.run.create({ data: { id: runId, orgId: org.id, format, status: 'completed', title: `Bench ${name}`, prompt: 'bench', currentVersion: 1, fileName: file.fileName } });
    await db.artifactVersion.create({ data: { id: newId('ver'), runId, version: 1, source: 'agent', model: model as never, blobKey, sha256: put.sha256, size: put.size } });
    const tokens: string[] = [];
    for (let i = 0; i < tokensPerRun; i++) tokens.push((await mintEditSession(db, { orgId: org.id, runId, readOnly: false })).token);
    out[name] = { runId, tokens };
  }
  await handle.close();
  return out;
}

async function startServer(dataDir: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [path.resolve('node_modules/next/dist/bin/next'), 'start', '-H', '127.0.0.1', '-p', String(PORT)], {
    env: { ...process.env, NODE_ENV: 'production', DATA_DIR: dataDir, APP_URL: BASE, LOG_LEVEL: 'warn', NEXT_TELEMETRY_DISABLED: '1' },
    stdio: ['ignore', 'ignore', 'inherit'],
    // its own process group: `next start` forks a next-server child that must stop with it
    detached: true,
  });
  const t0 = Date.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`next start exited with ${child.exitCode}`);
    if (Date.now() - t0 > 60_000) {
      stopServer(child);
      throw new Error('server did not start within 60 s');
    }
    try {
      const r = await fetch(`${BASE}/api/v1/openapi.json`);
      if (r.ok) break;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return child;
}

function stopServer(child: ChildProcess): void {
  try {
    if (child.pid) process.kill(-child.pid, 'SIGTERM');
  } catch {
    child.kill('SIGTERM');
  }
}

/** Loads the editor page and its document once over plain HTTP. */
async function warmUp(url: string): Promise<void> {
  const page = await fetch(url, { redirect: 'follow' });
  await page.text();
  const u = new URL(page.url);
  const doc = await fetch(`${BASE}/api/v1/edit/${u.pathname.split('/').pop()}/document?token=${u.searchParams.get('token')}`);
  if (!doc.ok) throw new Error(`warm-up: document answered ${doc.status}`);
  await doc.arrayBuffer();
}

const editUrl = (s: Seeded, i: number) => `${BASE}/api/v1/edit/${s.runId}?token=${s.tokens[i]}`;

/**
 * Runs in the page from its first script: marks the first frame in which `selector` is on screen
 * with content (for a canvas: something drawn in its top-left corner), checked every animation
 * frame. The mark is taken at the frame after it, so that frame has been presented. Playwright's
 * own waitForSelector polls with back-off (up to 0.5 s late), so it is not used for the timing.
 */
// Plain JavaScript in a string: tsx would wrap a function's inner helpers with `__name`, which the
// page does not have.
const DRAWN_PROBE = `(selector) => {
  const drawn = (el) => {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) return false;
    if (!(el instanceof HTMLCanvasElement)) return true;
    const px = el.getContext('2d')?.getImageData(0, 0, Math.min(el.width, 300), Math.min(el.height, 150)).data;
    if (!px) return false;
    for (let i = 0; i < px.length; i += 4) if (px[i + 3] > 0 && (px[i] < 250 || px[i + 1] < 250 || px[i + 2] < 250)) return true;
    return false;
  };
  const check = () => {
    const el = document.querySelector(selector);
    if (el && drawn(el)) requestAnimationFrame(() => (window.__drawnAt ??= performance.now()));
    else requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
}`;

/** ms from navigation start until the editor has drawn the document (see DRAWN_PROBE). */
async function timeToRender(page: Page, url: string, ready: string, parts?: number[][]): Promise<number> {
  await page.addInitScript({ content: `(${DRAWN_PROBE})(${JSON.stringify(ready)})` });
  await page.goto(url, { waitUntil: 'commit' });
  await page.waitForFunction(() => (window as unknown as { __drawnAt?: number }).__drawnAt, undefined, { timeout: 60_000, polling: 100 });
  await page.waitForSelector(ready, { state: 'visible', timeout: 60_000 });
  const [drawnAt, docStart, docEnd] = await page.evaluate(() => {
    const r = performance.getEntriesByType('resource').find((e) => e.name.includes('/document?')) as PerformanceResourceTiming | undefined;
    return [(window as unknown as { __drawnAt: number }).__drawnAt, r?.startTime ?? 0, r?.responseEnd ?? 0];
  });
  parts?.push([docStart, docEnd - docStart, drawnAt - docEnd]);
  return drawnAt;
}

/** Runs `edit` n times; each time waits for the PUT it causes and returns its round trip (request sent → response received). */
async function saveRoundTrips(page: Page, n: number, edit: (i: number) => Promise<void>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const resp = page.waitForResponse((r) => r.request().method() === 'PUT' && r.url().includes('/document'), { timeout: 60_000 });
    await edit(i);
    const r = await resp;
    if (r.status() !== 200) throw new Error(`save answered ${r.status()}: ${await r.text()}`);
    const t = r.request().timing();
    out.push(t.responseEnd >= 0 ? t.responseEnd : t.responseStart);
    await page.locator('[data-testid="save-status"]').filter({ hasText: 'Saved' }).waitFor({ timeout: 30_000 });
  }
  return out;
}

async function main(): Promise<void> {
  if (!existsSync('.next/BUILD_ID')) {
    console.log('  no production build yet: running `npm run build` first');
    const built = spawnSync('npm', ['run', 'build'], { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
    if (built.status !== 0) throw new Error('npm run build failed');
  }
  const dataDir = await mkdtemp(path.join(tmpdir(), 'docsmith-editor-bench-'));
  const seeded = await seed(dataDir, RUNS * 2 + 4);
  const server = await startServer(dataDir);
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    // The server has just started: let it load its routes first (a long-running server has), with
    // the small workbook's editor, so that the runs measured below are still never opened.
    await warmUp(editUrl(seeded.small, RUNS * 2 + 3));
    const newContext = () => browser!.newContext({ viewport: { width: 1280, height: 800 } });
    const cases = [
      { name: '10,000-row sheet (100k cells)', s: seeded.sheet10k, ready: '[data-testid="spreadsheet-editor"] canvas.fortune-sheet-canvas' },
      { name: '30-slide deck', s: seeded.deck30, ready: '[data-testid="slide-stage"] [data-slide-id]' },
    ];
    console.log('Time to first render (navigation → document drawn), Chromium, production server');
    for (const c of cases) {
      const ctx = await newContext();
      const times: number[] = [];
      const parts: number[][] = [];
      for (let i = 0; i < RUNS; i++) {
        const page = await ctx.newPage();
        times.push(await timeToRender(page, editUrl(c.s, i), c.ready, parts));
        await page.close();
      }
      const [cold, ...warm] = times;
      const col = (k: number) => p50(parts.slice(1).map((x) => x[k]!)).toFixed(0);
      console.log(`  ${c.name.padEnd(32)} cold ${cold!.toFixed(0)} ms; warm ${fmt(warm)}   ${cold! < 2000 && p50(warm) < 2000 ? 'OK' : 'OVER 2 s'}`);
      console.log(`  ${''.padEnd(32)} warm split (p50): until the document request starts ${col(0)} ms, document request ${col(1)} ms, then until drawn (scripts, building the grid / slides) ${col(2)} ms`);
      const c0 = parts[0]!;
      console.log(`  ${''.padEnd(32)} cold split: until the document request starts ${c0[0]!.toFixed(0)} ms, document request ${c0[1]!.toFixed(0)} ms, then until drawn ${c0[2]!.toFixed(0)} ms`);
      await ctx.close();
    }
    const ctx = await newContext();

    console.log('Autosave round trip (PUT with the edit → new version stored → response)');
    const n = Math.max(RUNS * 2, 10);
    // Small workbook and the 10k sheet: type into column A cells (default geometry after the frozen header).
    for (const [label, s] of [
      ['small workbook', seeded.small],
      ['10,000-row sheet', seeded.sheet10k],
    ] as const) {
      const page = await ctx.newPage();
      await timeToRender(page, editUrl(s, RUNS + 1), '[data-testid="spreadsheet-editor"] canvas.fortune-sheet-canvas');
      await page.locator('[data-testid="save-status"]').filter({ hasText: 'Saved' }).waitFor();
      const area = (await page.locator('.fortune-cell-area').boundingBox())!;
      const rts = await saveRoundTrips(page, n, async (i) => {
        await page.mouse.click(area.x + 600, area.y + 19 * (i + 4) + 9);
        await page.keyboard.type(String(1000 + i));
        await page.keyboard.press('Enter');
      });
      console.log(`  ${label.padEnd(32)} ${fmt(rts)}   ${p50(rts) < 500 ? 'OK' : 'OVER 500 ms'}`);
      await page.close();
    }
    {
      const page = await ctx.newPage();
      await timeToRender(page, editUrl(seeded.doc, RUNS + 1), '[data-testid="document-editor"] .ProseMirror');
      await page.locator('[data-testid="save-status"]').filter({ hasText: 'Saved' }).waitFor();
      // the last paragraph (the middle of the page view may be an image)
      await page.locator('.ProseMirror > p').last().click();
      await page.keyboard.press('Control+End');
      const rts = await saveRoundTrips(page, n, async (i) => {
        await page.keyboard.type(` word${i}`);
      });
      console.log(`  ${'document'.padEnd(32)} ${fmt(rts)}   ${p50(rts) < 500 ? 'OK' : 'OVER 500 ms'}`);
      await page.close();
    }
    {
      const page = await ctx.newPage();
      await timeToRender(page, editUrl(seeded.deck30, RUNS + 1), '[data-testid="slide-stage"] [data-slide-id]');
      await page.locator('[data-testid="save-status"]').filter({ hasText: 'Saved' }).waitFor();
      await page.locator('[data-testid="slide-stage"] [data-testid="slide-title"]').click();
      await page.keyboard.press('End');
      const rts = await saveRoundTrips(page, n, async (i) => {
        await page.keyboard.type(String(i % 10));
      });
      console.log(`  ${'30-slide deck'.padEnd(32)} ${fmt(rts)}   ${p50(rts) < 500 ? 'OK' : 'OVER 500 ms'}`);
      await page.close();
    }
    console.log('(The editor waits 800 ms after the last keystroke before it saves; that debounce is not part of the round trip.)');
  } finally {
    await browser?.close();
    stopServer(server);
    await new Promise((r) => setTimeout(r, 500));
    await rm(dataDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
