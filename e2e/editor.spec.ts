// The embeddable editor in a real browser: a customer page on another origin embeds edit_url in an
// <iframe>; the user works in the spreadsheet / document / slides editor; within seconds the
// run's download_url serves a file with the edit.
import { expect, test, type APIRequestContext, type FrameLocator, type Page } from '@playwright/test';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import mammoth from 'mammoth';
import { startHostApp } from './editor-host';
import { shot, signUpWithApiKey } from './helpers';

const HOST_PORT = Number(process.env.E2E_HOST_PORT ?? 3205);
let apiKey = '';
let host: Awaited<ReturnType<typeof startHostApp>>;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ browser }) => {
  host = await startHostApp(HOST_PORT);
  apiKey = await signUpWithApiKey(browser, { name: 'Editor Tester', tag: 'editor', org: 'Editor tests' });
});

test.afterAll(async () => {
  await host?.close();
});

async function generate(request: APIRequestContext, kind: 'excel' | 'word' | 'slides', prompt: string) {
  const r = await request.post(`/api/v1/${kind}/generate`, { headers: { 'X-API-Key': apiKey }, data: { prompt }, timeout: 120_000 });
  expect(r.status()).toBe(200);
  const body = (await r.json()) as { run_id: string; edit_url: string; download_url: string };
  expect(body.edit_url).toMatch(/\/api\/v1\/edit\/run_.+\?token=edt_/);
  return body;
}

async function download(request: APIRequestContext, runId: string): Promise<Buffer> {
  const run = await request.get(`/api/v1/runs/${runId}`, { headers: { 'X-API-Key': apiKey } });
  const url = ((await run.json()) as { download_url: string }).download_url;
  return Buffer.from(await (await request.get(url)).body());
}

async function openEmbedded(page: Page, editUrl: string): Promise<FrameLocator> {
  await page.goto(host.url(editUrl));
  expect(new URL(page.url()).origin).not.toBe(new URL(editUrl).origin);
  const frame = page.frameLocator('iframe[title="Document viewer"]');
  await expect(frame.getByTestId('save-status')).toHaveText(/Saved/, { timeout: 30_000 });
  return frame;
}

async function waitSaved(frame: FrameLocator, afterVersion: number) {
  const status = frame.getByTestId('save-status');
  await expect(status).not.toHaveAttribute('data-version', String(afterVersion), { timeout: 15_000 });
  await expect(status).toHaveText('Saved', { timeout: 15_000 });
}

test('spreadsheet: switch sheets, zoom, edit a cell → the downloaded xlsx has the new value', async ({ page, request }) => {
  const run = await generate(request, 'excel', 'A workbook with sheets "Revenue" and "Costs", each with columns Month, Amount and 6 rows');
  const frame = await openEmbedded(page, run.edit_url);
  const grid = frame.getByTestId('spreadsheet-editor');
  await expect(grid.locator('.fortune-sheet-canvas')).toBeVisible();
  await shot(page, 'editor-sheet-1-open', false);

  // Switch to the Costs sheet.
  await grid.locator('.fortune-sheettab-container').getByText('Costs', { exact: true }).click();
  await expect(grid.locator('.fortune-sheettab-container .luckysheet-sheets-item-active')).toContainText('Costs');

  // Zoom in and back out (the ratio label follows).
  const ratio = grid.locator('.fortune-zoom-ratio-current');
  await expect(ratio).toHaveText('100%');
  await grid.locator('.fortune-zoom-button').last().click();
  await expect(ratio).toHaveText('110%');
  await shot(page, 'editor-sheet-2-zoomed', false);
  await grid.locator('.fortune-zoom-button').first().click();
  await expect(ratio).toHaveText('100%');

  // Edit Costs!D4 (a cell with default width/height next to the data): click it, type, Enter.
  const area = await grid.locator('.fortune-cell-area').boundingBox();
  expect(area).not.toBeNull();
  const doc = await (await request.get(`${new URL(run.edit_url).origin}/api/v1/edit/${run.run_id}/document?token=${new URL(run.edit_url).searchParams.get('token')}`)).json();
  const costs = (doc.model.sheets as Array<{ name: string; columns: Record<string, { width: number }>; rows: Record<string, { height: number }> }>).find((s) => s.name === 'Costs')!;
  const colW = (letter: string) => (costs.columns[letter] ? Math.round(costs.columns[letter].width * 7 + 5) : 73);
  const rowH = (n: number) => (costs.rows[String(n)] ? Math.round((costs.rows[String(n)]!.height * 4) / 3) : 19);
  const x = area!.x + colW('A') + colW('B') + colW('C') + colW('D') / 2;
  const y = area!.y + rowH(1) + rowH(2) + rowH(3) + rowH(4) / 2;
  const before = Number(await frame.getByTestId('save-status').getAttribute('data-version'));
  await page.mouse.click(x, y);
  await expect(grid.locator('.fortune-name-box')).toHaveText('D4');
  await page.keyboard.type('98765');
  await page.keyboard.press('Enter');
  await waitSaved(frame, before);
  await shot(page, 'editor-sheet-3-edited', false);

  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await download(request, run.run_id)) as unknown as ArrayBuffer);
  expect(wb.getWorksheet('Costs')!.getCell('D4').value).toBe(98765);
  expect(wb.worksheets.map((w) => w.name)).toEqual(['Revenue', 'Costs']);
});

test('document: type a paragraph with the toolbar → the downloaded docx has it', async ({ page, request }) => {
  const run = await generate(request, 'word', 'A memo about remote work with sections Background, Policy, Next steps');
  const frame = await openEmbedded(page, run.edit_url);
  const body = frame.getByRole('textbox', { name: 'Document body' });
  await expect(body).toContainText('Background');
  await shot(page, 'editor-doc-1-open', false);
  await frame.getByRole('button', { name: 'Zoom in' }).click();
  await expect(frame.getByTestId('zoom-level')).toHaveText('110%');
  await frame.getByRole('button', { name: 'Zoom out' }).click();
  const before = Number(await frame.getByTestId('save-status').getAttribute('data-version'));
  await body.click();
  await page.keyboard.press('Control+End');
  await page.keyboard.press('Enter');
  await frame.getByRole('button', { name: 'Heading 2' }).click();
  await page.keyboard.type('Edited in the iframe');
  await page.keyboard.press('Enter');
  await page.keyboard.type('A paragraph typed by a person in the embedded editor.');
  await waitSaved(frame, before);
  await shot(page, 'editor-doc-2-edited', false);
  const { value } = await mammoth.extractRawText({ buffer: await download(request, run.run_id) });
  expect(value).toContain('Edited in the iframe');
  expect(value).toContain('A paragraph typed by a person in the embedded editor.');
  expect(value).toContain('Background');
});

test('slides: switch slides, zoom, edit a title and move the slide → the downloaded pptx has it', async ({ page, request }) => {
  const run = await generate(request, 'slides', 'a 5-slide deck about onboarding');
  const frame = await openEmbedded(page, run.edit_url);
  const thumbs = frame.getByRole('list', { name: 'Slides' }).getByRole('button');
  await expect(thumbs).toHaveCount(5);
  await shot(page, 'editor-slides-1-open', false);
  await thumbs.nth(1).click();
  await expect(frame.getByTestId('slide-position')).toHaveText('2 / 5');
  await frame.getByRole('button', { name: 'Zoom in' }).click();
  await expect(frame.getByTestId('zoom-level')).toHaveText('110%');
  await frame.getByRole('button', { name: 'Zoom out' }).click();
  const before = Number(await frame.getByTestId('save-status').getAttribute('data-version'));
  const title = frame.getByTestId('slide-stage').getByTestId('slide-title');
  await title.click();
  await page.keyboard.press('Control+A');
  await page.keyboard.type('A title edited in the iframe');
  await frame.getByRole('button', { name: 'Move slide down' }).click();
  await expect(frame.getByTestId('slide-position')).toHaveText('3 / 5');
  await waitSaved(frame, before);
  await shot(page, 'editor-slides-2-edited', false);
  const zip = await JSZip.loadAsync(await download(request, run.run_id));
  expect(await zip.file('ppt/slides/slide3.xml')!.async('string')).toContain('A title edited in the iframe');
  expect(await zip.file('ppt/slides/slide2.xml')!.async('string')).not.toContain('A title edited in the iframe');
});

// (Expiry itself is tested with a fake clock in app/api/v1/editor.test.ts: the same page, "has expired".)
test('a wrong link shows a clear page inside the iframe', async ({ page, request }) => {
  const run = await generate(request, 'excel', 'A sheet "Tiny" with columns A, B');
  const broken = run.edit_url.replace(/token=[^&]+/, `token=edt_${'A'.repeat(43)}`);
  expect(broken).not.toBe(run.edit_url);
  await page.goto(host.url(broken));
  const frame = page.frameLocator('iframe[title="Document viewer"]');
  await expect(frame.getByRole('alert')).toContainText('not valid');
});

test('security headers, read-only links and a tablet-width layout', async ({ page, request }) => {
  const run = await generate(request, 'slides', 'a 4-slide deck about security training');
  const entry = await request.get(run.edit_url, { maxRedirects: 0 });
  expect(entry.status()).toBe(302);
  expect(entry.headers()['referrer-policy']).toBe('no-referrer');
  const pageRes = await request.get(new URL(entry.headers()['location']!, run.edit_url).toString());
  expect(pageRes.status()).toBe(200);
  expect(pageRes.headers()['content-security-policy']).toContain('frame-ancestors *');
  expect(pageRes.headers()['referrer-policy']).toBe('no-referrer');
  expect(pageRes.headers()['x-content-type-options']).toBe('nosniff');
  // The dashboard is still never framed.
  expect((await request.get('/login')).headers()['content-security-policy']).toContain("frame-ancestors 'none'");

  const view = await request.get(`/api/v1/runs/${run.run_id}?edit_mode=view`, { headers: { 'X-API-Key': apiKey } });
  const viewUrl = ((await view.json()) as { edit_url: string }).edit_url;
  await page.setViewportSize({ width: 820, height: 1100 });
  await page.goto(host.url(viewUrl));
  const frame = page.frameLocator('iframe[title="Document viewer"]');
  await expect(frame.getByTestId('save-status')).toHaveText('View only', { timeout: 30_000 });
  await expect(frame.getByText('Read-only')).toBeVisible();
  await expect(frame.locator('[contenteditable="plaintext-only"]')).toHaveCount(0);
  await expect(frame.getByRole('button', { name: 'Move slide down' })).toBeDisabled();
  await shot(page, 'editor-slides-3-readonly-tablet', false);
});

test('another viewer saves while this one types: the edits merge, and the open editor shows both without a reload', async ({ page, request }) => {
  const run = await generate(request, 'word', 'A short note with sections Summary, Details');
  const frame = await openEmbedded(page, run.edit_url);
  const other = await request.get(`/api/v1/runs/${run.run_id}`, { headers: { 'X-API-Key': apiKey } });
  const otherToken = new URL(((await other.json()) as { edit_url: string }).edit_url).searchParams.get('token')!;
  const current = await (await request.get(`/api/v1/edit/${run.run_id}/document?token=${otherToken}`)).json();
  // This viewer types at the end of the document…
  const body = frame.getByRole('textbox', { name: 'Document body' });
  await body.click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type(' typed here');
  // …while someone else (another viewer with their own link) saves a new paragraph on the same version.
  const doc = structuredClone(current.model.doc);
  doc.content.unshift({ type: 'paragraph', content: [{ type: 'text', text: 'Written by the other viewer.' }] });
  const saved = await request.put(`/api/v1/edit/${run.run_id}/document`, { data: { token: otherToken, base_version: current.version, edit: { kind: 'document', doc } } });
  expect(saved.status()).toBe(200);
  await expect(frame.getByTestId('save-status')).toHaveText('Saved', { timeout: 15_000 });
  // both edits are stored…
  await expect
    .poll(async () => JSON.stringify((await (await request.get(`/api/v1/edit/${run.run_id}/document?token=${otherToken}`)).json()).model.doc), { timeout: 15_000 })
    .toMatch(/Written by the other viewer\.[\s\S]* typed here/);
  // …and shown in the open editor (at once when the person pauses; the chip shows it meanwhile)
  const chip = frame.getByTestId('show-latest');
  if (await chip.isVisible()) await chip.click();
  await expect(body).toContainText('Written by the other viewer.', { timeout: 10_000 });
  await expect(body).toContainText('typed here');
  await shot(page, 'editor-doc-3-merged', false);
});
