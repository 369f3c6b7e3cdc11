// Corpus workbooks in the spreadsheet editor, embedded on another origin, against LibreOffice's
// render of the same file: the grid shows the fills and conditional-format fills LibreOffice
// shows, a comment indicator (and the comment on hover), hyperlinks and native charts. Both
// pictures are kept in test-results/screenshots (corpus-*-grid.png, corpus-*-libreoffice.png) to
// be looked at side by side.
import { expect, test, type Browser } from '@playwright/test';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pdfFirstPagePng, sofficeConvert } from '../server/documents/common/soffice';
import { startHostApp } from './editor-host';
import { SCREENSHOTS, signUpWithApiKey } from './helpers';
import { hexOf, mainColours, paletteOf, pixelsNear, type Palette } from './image-colors';

const CORPUS = path.resolve(__dirname, '../../shared/corpus/xlsx');
const HOST_PORT = Number(process.env.E2E_CORPUS_HOST_PORT ?? 3208);
let apiKey = '';
let host: Awaited<ReturnType<typeof startHostApp>>;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ browser }) => {
  host = await startHostApp(HOST_PORT);
  apiKey = await signUpWithApiKey(browser, { name: 'Corpus Viewer', tag: 'corpus-editor', org: 'Corpus editor tests' });
});

test.afterAll(async () => {
  await host?.close();
});

/** LibreOffice's render of the file's first page, at screen resolution. */
async function libreOfficeRender(file: string, name: string): Promise<Buffer> {
  const dir = await mkdtemp(path.join(tmpdir(), 'docsmith-corpus-render-'));
  try {
    const copy = path.join(dir, path.basename(file));
    await writeFile(copy, await readFile(file));
    const [pdf] = await sofficeConvert([copy], 'pdf', dir);
    const png = await readFile(await pdfFirstPagePng(pdf!, path.join(dir, 'page'), 96));
    await mkdir(SCREENSHOTS, { recursive: true });
    await writeFile(path.join(SCREENSHOTS, `corpus-${name}-libreoffice.png`), png);
    return png;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Uploads a corpus file, makes a run of it, opens its edit_url in the customer page; returns the page and the grid's picture. */
async function openInEditor(browser: Browser, file: string, name: string) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const up = await page.request.post('/api/v1/files', {
    headers: { 'X-API-Key': apiKey },
    multipart: { file: { name: path.basename(file), mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: await readFile(file) } },
  });
  expect(up.status()).toBe(201);
  const fileId = ((await up.json()) as { id: string }).id;
  const gen = await page.request.post('/api/v1/excel/generate', {
    headers: { 'X-API-Key': apiKey },
    data: { prompt: 'Keep the attached workbook as it is', file_ids: [fileId] },
    timeout: 120_000,
  });
  expect(gen.status()).toBe(200);
  const run = (await gen.json()) as { edit_url: string };
  await page.goto(host.url(run.edit_url));
  const frame = page.frameLocator('iframe[title="Document viewer"]');
  await expect(frame.getByTestId('save-status')).toHaveText(/Saved/, { timeout: 30_000 });
  const grid = frame.getByTestId('spreadsheet-editor');
  await expect(grid.locator('.fortune-sheet-canvas')).toBeVisible();
  await page.waitForTimeout(800);
  const area = grid.locator('.fortune-cell-area');
  const png = await area.screenshot({ path: path.join(SCREENSHOTS, `corpus-${name}-grid.png`) });
  return { page, frame, grid, area, png };
}

/** Every large strong colour of the LibreOffice render (cell and conditional fills) is on the grid too. */
function expectSameFills(lo: Palette, grid: Palette, label: string) {
  const colours = mainColours(lo);
  expect(colours.length, `${label}: LibreOffice's render has fills to compare`).toBeGreaterThan(0);
  const missing = colours.filter((k) => pixelsNear(grid, k) < 100).map(hexOf);
  expect(missing, `${label}: fills LibreOffice shows and the grid does not`).toEqual([]);
}

test('the tracker: header fill and the conditional fill of blocked rows, as LibreOffice shows them', async ({ browser }) => {
  test.setTimeout(180_000);
  const file = path.join(CORPUS, 'tracker-1500rows-outline-filter-validation-cf.xlsx');
  const lo = await libreOfficeRender(file, 'tracker');
  const { page, png } = await openInEditor(browser, file, 'tracker');
  const [loP, gridP] = [await paletteOf(page, lo), await paletteOf(page, png)];
  expectSameFills(loP, gridP, 'tracker');
  // the conditional fill (light yellow, from a formula rule) is one of them
  expect(mainColours(loP).some((k) => { const [r, g, b] = [(k >> 10) << 3, ((k >> 5) & 31) << 3, (k & 31) << 3]; return r > 230 && g > 200 && b < 190; })).toBe(true);
  await page.close();
});

test('the report: header fill, comment indicator and hover, links', async ({ browser }) => {
  test.setTimeout(180_000);
  const file = path.join(CORPUS, 'report-comments-links-merged-print.xlsx');
  const lo = await libreOfficeRender(file, 'report');
  const { page, grid, area, png } = await openInEditor(browser, file, 'report');
  const gridP = await paletteOf(page, png);
  expectSameFills(await paletteOf(page, lo), gridP, 'report');
  // fortune-sheet marks a cell with a comment by a red corner (#FC6666)
  expect(pixelsNear(gridP, ((252 >> 3) << 10) | ((102 >> 3) << 5) | (102 >> 3), 8)).toBeGreaterThan(6);
  // links are drawn in the link colour (#0563C1)
  expect(pixelsNear(gridP, ((5 >> 3) << 10) | ((99 >> 3) << 5) | (193 >> 3), 24)).toBeGreaterThan(20);
  // resting on the title (A1, merged over A1:F1) shows its comment
  const box = (await area.boundingBox())!;
  await page.mouse.move(box.x + 40, box.y + 8);
  await page.mouse.move(box.x + 60, box.y + 10, { steps: 3 });
  await expect(grid.locator('.luckysheet-postil-show-main').first()).toContainText('Title cell comment', { timeout: 5_000 });
  await page.screenshot({ path: path.join(SCREENSHOTS, 'corpus-report-comment-hover.png') });
  await page.close();
});

test('the charts workbook: native charts drawn over their anchors', async ({ browser }) => {
  test.setTimeout(180_000);
  const file = path.join(CORPUS, 'charts-bar-line-pie-scatter-dateaxis.xlsx');
  await libreOfficeRender(file, 'charts');
  const { page, grid } = await openInEditor(browser, file, 'charts');
  await expect(grid.getByTestId('grid-chart').first()).toBeVisible();
  expect(await grid.getByTestId('grid-chart').count()).toBeGreaterThan(0);
  const svg = grid.getByTestId('grid-chart').first().locator('svg');
  await expect(svg).toHaveAttribute('aria-label', /\S/);
  // a date category axis shows dates as the cells show them, not serial numbers
  await expect(svg).toContainText('Jan-24');
  await expect(svg).not.toContainText('45292');
  await page.close();
});
