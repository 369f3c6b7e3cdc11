// The document editor inside a customer's iframe carrying exactly the seed's sandbox attributes
// ("allow-scripts allow-same-origin allow-forms": no allow-modals, so prompt() would be dead):
// the page view shows sheets with page breaks, an image is uploaded through the in-page dialog
// (setInputFiles) and inserted, the header and footer are edited in the margins, a table column
// is resized by dragging; everything saves, the downloaded .docx has the image (word/media, a
// w:drawing), the header/footer text and the column widths, and LibreOffice renders it.
// Screenshots: test-results/screenshots/editor-doc-page-view.png, editor-doc-image-dialog.png,
// editor-doc-embed-saved.png, editor-doc-embed-libreoffice.png.
import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { makePng } from '../server/documents/fixtures/sample-image';
import { pdfFirstPagePng, pdfText, sofficeConvert } from '../server/documents/common/soffice';
import { startHostApp } from './editor-host';
import { SCREENSHOTS, shot, signUpWithApiKey } from './helpers';

const HOST_PORT = Number(process.env.E2E_HOST_PORT ?? 3206);
let apiKey = '';
let host: Awaited<ReturnType<typeof startHostApp>>;

test.beforeAll(async ({ browser }) => {
  host = await startHostApp(HOST_PORT);
  apiKey = await signUpWithApiKey(browser, { name: 'Doc Embed', tag: 'doc-embed', org: 'Doc embed' });
});

test.afterAll(async () => {
  await host?.close();
});

const para = (text: string) => ({ type: 'paragraph', content: [{ type: 'text', text }] });
const cell = (type: string, text: string) => ({ type, content: [para(text)] });

test('document editor in the sandboxed embed: page view, image upload dialog, header/footer, column resize → docx and LibreOffice', async ({ page, request }) => {
  test.setTimeout(180_000);
  const r = await request.post('/api/v1/word/generate', { headers: { 'X-API-Key': apiKey }, data: { prompt: 'A short note with sections Summary, Details' }, timeout: 120_000 });
  expect(r.status()).toBe(200);
  const run = (await r.json()) as { run_id: string; edit_url: string };
  const token = new URL(run.edit_url).searchParams.get('token')!;
  // a body long enough for three pages, an explicit page break and a table
  const current = await (await request.get(`/api/v1/edit/${run.run_id}/document?token=${token}`)).json();
  const filler = Array.from({ length: 26 }, (_, i) => para(`Paragraph ${i + 1}. ${'The quarterly figures are reviewed line by line against the ledger and the forecast. '.repeat(3)}`));
  const doc = {
    type: 'doc',
    content: [
      { type: 'heading', attrs: { level: 1 }, content: [{ type: 'text', text: 'Embedded report' }] },
      { type: 'table', content: [{ type: 'tableRow', content: [cell('tableHeader', 'Region'), cell('tableHeader', 'Sales')] }, { type: 'tableRow', content: [cell('tableCell', 'North'), cell('tableCell', '1,200')] }] },
      ...filler,
      { type: 'pageBreak' },
      { type: 'heading', attrs: { level: 1 }, content: [{ type: 'text', text: 'Appendix' }] },
      para('After the explicit page break.'),
    ],
  };
  const put = await request.put(`/api/v1/edit/${run.run_id}/document`, { data: { token, base_version: current.version, edit: { kind: 'document', doc } } });
  expect(put.status()).toBe(200);

  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.type());
    void d.dismiss();
  });
  await page.goto(host.url(run.edit_url));
  const iframe = page.locator('iframe[title="Document viewer"]');
  await expect(iframe).toHaveAttribute('sandbox', 'allow-scripts allow-same-origin allow-forms');
  const frame = page.frameLocator('iframe[title="Document viewer"]');
  const status = frame.getByTestId('save-status');
  await expect(status).toHaveText(/Saved/, { timeout: 30_000 });

  // page view: sheets with gaps at the estimated and the explicit break
  const body = frame.getByRole('textbox', { name: 'Document body' });
  await expect(frame.locator('.ds-page-gap').first()).toBeAttached({ timeout: 10_000 });
  const gaps = await frame.locator('.ds-page-gap').count();
  expect(gaps).toBeGreaterThanOrEqual(2);
  await expect(frame.getByTestId('page-count')).toHaveText(`${gaps + 1} pages`);
  // the explicit break: the Appendix heading starts a page (a gap right before it)
  const appendixStartsPage = await frame.locator('.ProseMirror h1', { hasText: 'Appendix' }).evaluate((h) => h.previousElementSibling?.classList.contains('ds-page-gap') ?? false);
  expect(appendixStartsPage).toBe(true);
  const editorPages = gaps + 1;
  // the first paragraph that starts on page 2 in the editor (the page may begin inside a split
  // paragraph: the text after the first widget; compared with LibreOffice's page 2 below)
  const editorPage2 = await frame.locator('.ds-page-gap').first().evaluate((g) => {
    const r = document.createRange();
    r.setStartAfter(g);
    r.setEndAfter(g.closest('.ProseMirror')!.lastChild!);
    return Number(/Paragraph (\d+)\./.exec(r.toString())?.[1] ?? NaN);
  });

  // header and footer, typed in the margins
  await frame.getByRole('textbox', { name: 'Header (every page)' }).fill('Acme Corp — confidential');
  await frame.getByRole('textbox', { name: 'Footer (every page)' }).fill('Page {page} of {pages}');
  await expect(frame.locator('.ds-page-foot').first()).toHaveText(`Page 1 of ${editorPages}`);
  await expect(frame.locator('.ds-page-head').first()).toHaveText('Acme Corp — confidential');
  await frame.locator('.ds-page-gap').first().scrollIntoViewIfNeeded();
  await shot(page, 'editor-doc-page-view', false);

  // resize the table's first column by dragging its right border
  const th = body.locator('th').first();
  await th.scrollIntoViewIfNeeded();
  const before = (await th.boundingBox())!;
  await page.mouse.move(before.x + before.width - 1, before.y + before.height / 2);
  await page.mouse.down();
  await page.mouse.move(before.x + before.width + 120, before.y + before.height / 2, { steps: 8 });
  await page.mouse.up();
  await expect.poll(async () => (await th.boundingBox())!.width).toBeGreaterThan(before.width + 60);

  // the image: upload through the in-page dialog
  await body.getByText('After the explicit page break.').click();
  await page.keyboard.press('End');
  await frame.getByRole('button', { name: 'Insert image (upload or image library)' }).click();
  const dialog = frame.getByRole('dialog', { name: 'Insert an image' });
  await expect(dialog).toBeVisible();
  const png = makePng(320, 160, (x, y) => [Math.min(255, x), Math.min(255, y + 60), 200]);
  await dialog.getByLabel(/Upload from your computer/).setInputFiles({ name: 'sales-chart.png', mimeType: 'image/png', buffer: png });
  await expect(dialog.getByTestId('image-preview')).toBeVisible({ timeout: 15_000 });
  await expect(dialog.getByText('sales-chart.png — 320 × 160 px')).toBeVisible();
  await dialog.getByLabel(/Description/).fill('Sales by region');
  await shot(page, 'editor-doc-image-dialog', false);
  // a file that is not an image: a clear message in the dialog, nothing inserted
  await dialog.getByLabel(/Upload from your computer/).setInputFiles({ name: 'evil.png', mimeType: 'image/png', buffer: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>') });
  await expect(dialog.getByRole('alert')).toContainText('not a PNG, JPEG or GIF');
  await dialog.getByLabel(/Upload from your computer/).setInputFiles({ name: 'sales-chart.png', mimeType: 'image/png', buffer: png });
  await expect(dialog.getByRole('alert')).toHaveCount(0, { timeout: 15_000 });
  await dialog.getByRole('button', { name: 'Insert' }).click();
  await expect(dialog).toBeHidden();
  const img = body.locator('img[alt="Sales by region"]');
  await expect(img).toBeVisible();
  expect(await img.getAttribute('src')).toBe(`data:image/png;base64,${png.toString('base64')}`);

  // the upload is in the org's image library now: insert it again from there, by keyboard
  await frame.getByRole('button', { name: 'Insert image (upload or image library)' }).click();
  await expect(dialog).toBeVisible();
  const fromLibrary = dialog.getByRole('button', { name: 'sales-chart.png' }).first();
  await expect(fromLibrary).toBeVisible();
  await fromLibrary.focus();
  await page.keyboard.press('Enter');
  await expect(dialog.getByTestId('image-preview')).toBeVisible();
  await expect(dialog.getByLabel(/Description/)).toHaveValue('sales-chart');
  await dialog.getByRole('button', { name: 'Insert' }).click();
  await expect(dialog).toBeHidden();
  await expect(body.locator('img')).toHaveCount(2);
  // Escape closes the dialog without inserting
  await frame.getByRole('button', { name: 'Insert image (upload or image library)' }).click();
  await expect(dialog).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(body.locator('img')).toHaveCount(2);

  const v0 = Number(await status.getAttribute('data-version'));
  await expect(status).not.toHaveAttribute('data-version', String(v0), { timeout: 15_000 });
  await expect(status).toHaveText('Saved', { timeout: 15_000 });
  await shot(page, 'editor-doc-embed-saved', false);
  expect(dialogs).toEqual([]);

  // the stored model and the downloaded .docx
  const saved = (await (await request.get(`/api/v1/edit/${run.run_id}/document?token=${token}`)).json()) as { model: { header?: string; footer?: string; doc: unknown } };
  expect(saved.model.header).toBe('Acme Corp — confidential');
  expect(saved.model.footer).toBe('Page {page} of {pages}');
  const savedJson = JSON.stringify(saved.model.doc);
  const widths = [...savedJson.matchAll(/"colwidth":\[(\d+)\]/g)].map((m) => Number(m[1]));
  expect(widths.length).toBeGreaterThan(0);
  expect(Math.max(...widths)).toBeGreaterThan(200);

  const runInfo = await request.get(`/api/v1/runs/${run.run_id}`, { headers: { 'X-API-Key': apiKey } });
  const file = Buffer.from(await (await request.get(((await runInfo.json()) as { download_url: string }).download_url)).body());
  const zip = await JSZip.loadAsync(file);
  const media = Object.keys(zip.files).filter((n) => n.startsWith('word/media/') && !zip.files[n]!.dir);
  const mediaBytes = await Promise.all(media.map(async (n) => Buffer.from(await zip.file(n)!.async('uint8array'))));
  expect(mediaBytes.some((b) => b.equals(png))).toBe(true);
  const documentXml = await zip.file('word/document.xml')!.async('string');
  expect(documentXml).toContain('<w:drawing>');
  expect(documentXml).toContain('descr="Sales by region"');
  const gridCols = [...documentXml.matchAll(/<w:gridCol w:w="(\d+)"/g)].map((m) => Number(m[1]));
  expect(gridCols.length).toBe(2);
  expect(gridCols[0]!).toBeGreaterThan(gridCols[1]!);
  const partsText = async (re: RegExp) => (await Promise.all(Object.keys(zip.files).filter((n) => re.test(n)).map((n) => zip.file(n)!.async('string')))).join('');
  expect(await partsText(/^word\/header\d*\.xml$/)).toContain('Acme Corp — confidential');
  expect(await partsText(/^word\/footer\d*\.xml$/)).toContain('PAGE');

  // LibreOffice renders it: the text, the header, and the page count the editor showed (±1)
  const dir = await mkdtemp(path.join(tmpdir(), 'doc-embed-'));
  try {
    const docx = path.join(dir, 'embedded.docx');
    await writeFile(docx, file);
    const [pdf] = await sofficeConvert([docx], 'pdf', dir);
    const text = await pdfText(pdf!);
    expect(text).toContain('Acme Corp — confidential');
    expect(text).toContain('After the explicit page break.');
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf!], { encoding: 'utf8' }))?.[1]);
    const lo2 = execFileSync('pdftotext', ['-f', '2', '-l', '2', pdf!, '-'], { encoding: 'utf8' });
    const loPage2 = Number(/Paragraph (\d+)\./.exec(lo2)?.[1] ?? NaN);
    console.log(`page count: editor page view ${editorPages}, LibreOffice ${pages}; first paragraph starting on page 2: editor ${editorPage2}, LibreOffice ${loPage2}`);
    expect(Math.abs(pages - editorPages)).toBeLessThanOrEqual(1);
    expect(Math.abs(loPage2 - editorPage2)).toBeLessThanOrEqual(1);
    const lastPage = await pdfFirstPagePng(pdf!, path.join(dir, 'page'), 60, pages);
    await writeFile(path.join(SCREENSHOTS, 'editor-doc-embed-libreoffice.png'), await readFile(lastPage));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
