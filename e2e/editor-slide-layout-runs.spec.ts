// Formatting words of a slide's layout texts in the slide editor, inside a customer page's <iframe>:
// one word of a title, of a bullet and of a table cell selected with the keyboard and made bold /
// italic with Ctrl+B / Ctrl+I (the title is bold by its layout: Ctrl+B takes the bold off that word
// only). The run's pptx is downloaded and its XML read back — only those words changed — and the
// deck is exported to PDF with LibreOffice; its first edited page is kept as a PNG to look at.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect, test, type APIRequestContext, type FrameLocator, type Page } from '@playwright/test';
import JSZip from 'jszip';
import { startHostApp } from './editor-host';
import { SCREENSHOTS, shot, signUpWithApiKey } from './helpers';

const HOST_PORT = Number(process.env.E2E_HOST_PORT ?? 3208);
let apiKey = '';
let host: Awaited<ReturnType<typeof startHostApp>>;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ browser }) => {
  host = await startHostApp(HOST_PORT);
  apiKey = await signUpWithApiKey(browser, { name: 'Runs Tester', tag: 'layout-runs', org: 'Layout runs tests' });
});

test.afterAll(async () => {
  await host?.close();
});

async function generate(request: APIRequestContext, prompt: string) {
  const r = await request.post('/api/v1/slides/generate', { headers: { 'X-API-Key': apiKey }, data: { prompt }, timeout: 120_000 });
  expect(r.status()).toBe(200);
  return (await r.json()) as { run_id: string; edit_url: string };
}

async function download(request: APIRequestContext, runId: string) {
  const run = await request.get(`/api/v1/runs/${runId}`, { headers: { 'X-API-Key': apiKey } });
  const url = ((await run.json()) as { download_url: string }).download_url;
  const zip = await JSZip.loadAsync(Buffer.from(await (await request.get(url)).body()));
  const names = Object.keys(zip.files)
    .filter((f) => /^ppt\/slides\/slide\d+\.xml$/.test(f))
    .sort((a, b) => Number(/(\d+)\.xml$/.exec(a)![1]) - Number(/(\d+)\.xml$/.exec(b)![1]));
  return Promise.all(names.map((n) => zip.file(n)!.async('string')));
}

interface ModelSlide {
  id: string;
  title?: string;
  titleRuns?: Array<{ text: string; bold?: boolean; italic?: boolean }>;
  bullets?: unknown[];
  elements: Array<{ kind: string; rows?: unknown[][]; cellRuns?: unknown[][] }>;
}

async function model(request: APIRequestContext, editUrl: string, runId: string) {
  const token = new URL(editUrl).searchParams.get('token');
  const r = await request.get(`/api/v1/edit/${runId}/document?token=${token}`);
  return ((await r.json()) as { model: { slides: ModelSlide[] } }).model;
}

async function openEmbedded(page: Page, editUrl: string): Promise<FrameLocator> {
  await page.goto(host.url(editUrl));
  const frame = page.frameLocator('iframe[title="Document viewer"]');
  await expect(frame.getByTestId('save-status')).toHaveText(/Saved/, { timeout: 30_000 });
  return frame;
}

async function waitSaved(frame: FrameLocator, afterVersion: number) {
  const status = frame.getByTestId('save-status');
  await expect(status).not.toHaveAttribute('data-version', String(afterVersion), { timeout: 15_000 });
  await expect(status).toHaveText('Saved', { timeout: 15_000 });
}

const stageOf = (frame: FrameLocator) => frame.getByTestId('slide-stage');

/** Selects `length` characters from `offset` of a one-line editable with the keyboard. */
async function selectWith(page: Page, offset: number, length: number) {
  await page.keyboard.press('Home');
  for (let i = 0; i < offset; i++) await page.keyboard.press('ArrowRight');
  for (let i = 0; i < length; i++) await page.keyboard.press('Shift+ArrowRight');
}

interface XmlRun {
  text: string;
  b: boolean;
  i: boolean;
}

/** The runs of each paragraph of a shape (or table cell) XML. */
const paragraphs = (xml: string): XmlRun[][] =>
  [...xml.matchAll(/<a:p>([\s\S]*?)<\/a:p>/g)].map((p) =>
    [...p[1]!.matchAll(/<a:r>\s*<a:rPr([^>]*?)(?:\/>|>[\s\S]*?<\/a:rPr>)\s*<a:t>([\s\S]*?)<\/a:t>\s*<\/a:r>/g)].map((m) => ({
      text: m[2]!,
      b: /\bb="1"/.test(m[1]!),
      i: /\bi="1"/.test(m[1]!),
    })),
  );
const shapeWith = (xml: string, text: string) => [...xml.matchAll(/<p:sp>[\s\S]*?<\/p:sp>/g)].map((m) => m[0]).find((s) => s.includes(text));
const cellWith = (xml: string, text: string) => [...xml.matchAll(/<a:tc>[\s\S]*?<\/a:tc>/g)].map((m) => m[0]).find((s) => s.includes(text));

test('slides: a word of a layout title, a bullet and a table cell made bold / italic → only those words in the pptx; LibreOffice renders it', async ({
  page,
  request,
}) => {
  test.setTimeout(150_000); // a generated deck, keyboard edits, a download and a LibreOffice export
  const run = await generate(request, 'a 3-slide deck about quarterly sales');
  const frame = await openEmbedded(page, run.edit_url);
  const start = Number(await frame.getByTestId('save-status').getAttribute('data-version'));

  // a Title and bullets slide, its title and first bullet typed
  await frame.getByRole('button', { name: /New slide/ }).click();
  await frame.getByRole('menuitem', { name: 'Title and bullets', exact: true }).click();
  const title = stageOf(frame).getByTestId('slide-title');
  await title.click();
  await page.keyboard.press('Control+A');
  await page.keyboard.type('Quarterly revenue grew strongly');
  const bullets = stageOf(frame).getByRole('group', { name: 'Bullets' }).getByRole('textbox');
  await bullets.first().click();
  await page.keyboard.press('Control+A');
  await page.keyboard.type('North region led growth');

  // the title: "revenue" selected, Ctrl+B (the title is bold: that word only is no longer bold),
  // then "grew" selected, Ctrl+I (that word only italic); the toolbar follows the selection
  const bold = frame.getByRole('button', { name: 'Bold', exact: true });
  await title.click();
  await selectWith(page, 'Quarterly '.length, 'revenue'.length);
  await expect(bold).toBeEnabled();
  await expect(bold).toHaveAttribute('aria-pressed', 'true');
  await page.keyboard.press('Control+B');
  await expect(bold).toHaveAttribute('aria-pressed', 'false');
  await selectWith(page, 'Quarterly revenue '.length, 'grew'.length);
  await page.keyboard.press('Control+I');
  await expect(title.locator('span', { hasText: /^revenue$/ })).toHaveCSS('font-weight', '400');
  await expect(title.locator('span', { hasText: /^Quarterly $/ })).toHaveCSS('font-weight', '700');
  await expect(title.locator('span', { hasText: /^grew$/ })).toHaveCSS('font-style', 'italic');
  await expect(title).toHaveText('Quarterly revenue grew strongly');

  // the bullet: "region" selected, Ctrl+B; then a word typed after it keeps the plain formatting
  await bullets.first().click();
  await selectWith(page, 'North '.length, 'region'.length);
  await expect(bold).toHaveAttribute('aria-pressed', 'false');
  await page.keyboard.press('Control+B');
  await expect(bullets.first().locator('span', { hasText: /^region$/ })).toHaveCSS('font-weight', '700');
  await page.keyboard.press('End');
  await page.keyboard.type(' again');
  await expect(bullets.first()).toHaveText('North region led growth again');

  // a table cell: "North" typed in row 2, its first two letters selected, Ctrl+I
  await frame.getByRole('button', { name: /New slide/ }).click();
  await frame.getByRole('menuitem', { name: 'Table', exact: true }).click();
  const cell = stageOf(frame).getByRole('textbox', { name: 'Table 1, row 2, column 1' });
  await cell.click();
  await page.keyboard.type('North');
  await selectWith(page, 0, 2);
  await page.keyboard.press('Control+I');
  await expect(cell.locator('span', { hasText: /^No$/ })).toHaveCSS('font-style', 'italic');
  await waitSaved(frame, start);
  await shot(page, 'editor-slide-layout-runs-table', false);
  await frame.getByRole('button', { name: 'Previous slide' }).click();
  await expect(stageOf(frame).getByTestId('slide-title')).toHaveText('Quarterly revenue grew strongly');
  await shot(page, 'editor-slide-layout-runs', false);

  // the stored model: runs next to the plain text
  const m = await model(request, run.edit_url, run.run_id);
  const s = m.slides[1]!;
  expect(s.title).toBe('Quarterly revenue grew strongly');
  expect(s.titleRuns).toEqual([
    { text: 'Quarterly ', bold: true },
    { text: 'revenue' },
    { text: ' ', bold: true },
    { text: 'grew', bold: true, italic: true },
    { text: ' strongly', bold: true },
  ]);
  expect(s.bullets).toEqual([{ text: 'North region led growth again', level: 0, runs: [{ text: 'North ' }, { text: 'region', bold: true }, { text: ' led growth again' }] }]);
  const table = m.slides[2]!.elements[0]!;
  expect(table.rows![1]![0]).toBe('North');
  expect(table.cellRuns![1]![0]).toEqual([{ text: 'No', italic: true }, { text: 'rth' }]);

  // the pptx: only those words changed
  const xml = await download(request, run.run_id);
  const titleShape = shapeWith(xml[1]!, 'type="title"')!;
  expect(paragraphs(titleShape)[0]!.map((r) => [r.text, r.b, r.i])).toEqual([
    ['Quarterly ', true, false],
    ['revenue', false, false],
    [' ', true, false],
    ['grew', true, true],
    [' strongly', true, false],
  ]);
  const bulletShape = shapeWith(xml[1]!, '>region<')!;
  expect(paragraphs(bulletShape)[0]!.map((r) => [r.text, r.b])).toEqual([
    ['North ', false],
    ['region', true],
    [' led growth again', false],
  ]);
  expect(paragraphs(cellWith(xml[2]!, '>No<')!)[0]!.map((r) => [r.text, r.i])).toEqual([
    ['No', true],
    ['rth', false],
  ]);
  // the other slides are as they were: their titles are one bold run
  expect(paragraphs(shapeWith(xml[0]!, 'type="title"')!)[0]!.every((r) => r.b)).toBe(true);

  // LibreOffice: the deck exported to PDF; the edited slide as a PNG
  const exp = await request.post(`/api/v1/runs/${run.run_id}/export`, { headers: { 'X-API-Key': apiKey }, data: { format: 'pdf' }, timeout: 120_000 });
  expect(exp.status(), await exp.text()).toBe(200);
  const pdf = Buffer.from(await (await request.get(((await exp.json()) as { download_url: string }).download_url)).body());
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  expect(pdf.length).toBeGreaterThan(10_000);
  const dir = await mkdtemp(path.join(tmpdir(), 'layout-runs-e2e-'));
  await writeFile(path.join(dir, 'deck.pdf'), pdf);
  await mkdir(SCREENSHOTS, { recursive: true });
  const out = path.join(SCREENSHOTS, 'editor-slide-layout-runs-pdf');
  await promisify(execFile)('pdftoppm', ['-png', '-r', '60', '-f', '2', '-l', '2', '-singlefile', path.join(dir, 'deck.pdf'), out]);
});
