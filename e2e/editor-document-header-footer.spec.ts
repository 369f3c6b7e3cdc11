// The document editor's formatted header and footer, inside a customer's iframe with exactly the
// seed's sandbox attributes ("allow-scripts allow-same-origin allow-forms": no modals): the footer
// becomes "Page {page} of {pages}" (page fields from the footer toolbar, shown as chips), bold and
// centred; the header is typed with "{page}" (which becomes a field), bold and left-aligned; the
// page view shows them on every page with the numbers filled in; it saves, and the downloaded
// .docx has the PAGE / NUMPAGES fields, w:jc center and the bold runs. The page view splits long
// paragraphs between lines (typing right before the widget inside a split paragraph works and
// undoes): its page count and the first words of each page are compared with LibreOffice's PDF of
// the same document (logged; the same count, each page within two lines).
// Screenshots: test-results/screenshots/editor-doc-hf-toolbar.png, editor-doc-hf-page-break.png,
// editor-doc-hf-libreoffice.png.
import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { pdfFirstPagePng, sofficeConvert } from '../server/documents/common/soffice';
import { startHostApp } from './editor-host';
import { SCREENSHOTS, shot, signUpWithApiKey } from './helpers';

const HOST_PORT = Number(process.env.E2E_HOST_PORT ?? 3207);
let apiKey = '';
let host: Awaited<ReturnType<typeof startHostApp>>;

test.beforeAll(async ({ browser }) => {
  host = await startHostApp(HOST_PORT);
  apiKey = await signUpWithApiKey(browser, { name: 'Doc HF', tag: 'doc-hf', org: 'Doc header footer' });
});

test.afterAll(async () => {
  await host?.close();
});

/** Fourteen long paragraphs (about 13 lines each: five pages), a number every few words so any six words are unique. */
function longParagraphs(): Array<{ type: 'paragraph'; content: Array<{ type: 'text'; text: string }> }> {
  return Array.from({ length: 14 }, (_, i) => ({
    type: 'paragraph' as const,
    content: [
      {
        type: 'text' as const,
        text: Array.from({ length: 14 }, (_, k) => {
          const n = 100 + i * 20 + k;
          return `Item ${i + 1}.${k + 1} compares account ${n} with forecast ${n}, and ledger ${n} explains the difference ${n}.`;
        }).join(' '),
      },
    ],
  }));
}

const words = (s: string) => s.replace(/\s+/g, ' ').trim().split(' ').filter(Boolean);

/** Where a page starts in the body's words: the index of its first six words. */
function wordIndex(all: string[], firstWords: string[]): number {
  const key = firstWords.slice(0, 6).join(' ');
  for (let i = 0; i + 6 <= all.length; i++) if (all.slice(i, i + 6).join(' ') === key) return i;
  return -1;
}

test('formatted header/footer with page fields in the sandboxed embed → docx fields and alignment; page view splits paragraphs like the PDF', async ({ page, request }) => {
  test.setTimeout(240_000);
  const r = await request.post('/api/v1/word/generate', { headers: { 'X-API-Key': apiKey }, data: { prompt: 'A short note with sections Summary, Details' }, timeout: 120_000 });
  expect(r.status()).toBe(200);
  const run = (await r.json()) as { run_id: string; edit_url: string };
  const token = new URL(run.edit_url).searchParams.get('token')!;
  const current = await (await request.get(`/api/v1/edit/${run.run_id}/document?token=${token}`)).json();
  const doc = { type: 'doc', content: longParagraphs() };
  // no header or footer to start with
  const put = await request.put(`/api/v1/edit/${run.run_id}/document`, { data: { token, base_version: current.version, edit: { kind: 'document', doc, header: '', footer: '' } } });
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
  await expect(frame.locator('.ds-page-gap').first()).toBeAttached({ timeout: 10_000 });
  const v0 = Number(await status.getAttribute('data-version'));

  // the footer: "Page " [page number] " of " [page count], bold, right then centred
  const footer = frame.getByRole('textbox', { name: 'Footer (every page)' });
  await footer.click();
  await page.keyboard.type('Page ');
  const footerBar = frame.getByRole('toolbar', { name: 'Footer formatting' });
  await footerBar.getByRole('button', { name: /Insert page number in the footer/ }).click();
  await page.keyboard.type(' of ');
  await footerBar.getByRole('button', { name: /Insert page count in the footer/ }).click();
  await expect(footer.locator('.ds-hf-field')).toHaveCount(2);
  await page.keyboard.press('ControlOrMeta+a');
  await footerBar.getByRole('button', { name: 'Footer bold' }).click();
  await footerBar.getByRole('button', { name: 'Align footer right' }).click();
  await expect(footer.locator('p')).toHaveCSS('text-align', 'right');
  await footerBar.getByRole('button', { name: 'Centre footer' }).click();
  await expect(footer.locator('p')).toHaveCSS('text-align', 'center');
  await expect(footerBar.getByRole('button', { name: 'Centre footer' })).toHaveAttribute('aria-pressed', 'true');
  const pages = Number((/(\d+) pages?/.exec((await frame.getByTestId('page-count').textContent()) ?? '') ?? [])[1]);
  expect(pages).toBeGreaterThanOrEqual(4);
  // the chips in the footer editor (on the last page) show that page's number and the count
  const chipText = await footer.locator('.ds-hf-field').evaluateAll((els) => els.map((e) => getComputedStyle(e, '::after').content));
  expect(chipText).toEqual([`"${pages}"`, `"${pages}"`]);
  await shot(page, 'editor-doc-hf-toolbar', false);

  // the header: typed "{page}" becomes a field; bold, left-aligned
  const header = frame.getByRole('textbox', { name: 'Header (every page)' });
  await header.click();
  await page.keyboard.type('Acme Corp — page {page}');
  await expect(header.locator('.ds-hf-field[data-field="page"]')).toHaveCount(1);
  await expect(header).toContainText('Acme Corp — page');
  await page.keyboard.press('ControlOrMeta+a');
  const headerBar = frame.getByRole('toolbar', { name: 'Header formatting' });
  await headerBar.getByRole('button', { name: 'Header bold' }).click();
  await headerBar.getByRole('button', { name: 'Align header left' }).click();
  await expect(header.locator('p')).toHaveCSS('text-align', /^(left|start)$/);
  await expect(headerBar.getByRole('button', { name: 'Align header left' })).toHaveAttribute('aria-pressed', 'true');

  // every page boundary shows the footer of its page and the header of the next, numbers filled in
  const gaps = frame.locator('.ds-page-gap');
  await expect(gaps).toHaveCount(pages - 1);
  for (let k = 0; k < pages - 1; k++) {
    await expect(gaps.nth(k).locator('.ds-page-foot')).toHaveText(`Page ${k + 1} of ${pages}`);
    await expect(gaps.nth(k).locator('.ds-page-head')).toHaveText(`Acme Corp — page ${k + 2}`);
  }
  await expect(gaps.first().locator('.ds-page-foot span').first()).toHaveCSS('font-weight', '700');
  await expect(gaps.first().locator('.ds-page-foot .ds-hf-p')).toHaveCSS('text-align', 'center');
  // the page splits inside paragraphs (the widgets sit inside them)
  const inline = await frame.getByRole('textbox', { name: 'Document body' }).locator('p > .ds-page-gap').count();
  expect(inline).toBeGreaterThan(0);
  // the page boundary in the middle of the view (the header/footer toolbars hide once the body has focus)
  await frame.getByRole('textbox', { name: 'Document body' }).click({ position: { x: 20, y: 20 } });
  await gaps.first().evaluate((g) => g.scrollIntoView({ block: 'center' }));
  await shot(page, 'editor-doc-hf-page-break', false);

  // typing on the last line of a page, right before the widget inside the split paragraph, and undoing it
  const body = frame.getByRole('textbox', { name: 'Document body' });
  const split = body.locator('p:has(> .ds-page-gap)').first();
  const gapBox = (await split.locator('> .ds-page-gap').boundingBox())!;
  const paraBox = (await split.boundingBox())!;
  await page.mouse.click(paraBox.x + 4, gapBox.y - 8);
  await page.keyboard.press('End');
  await page.keyboard.type('ZZZ');
  await expect(split).toContainText('ZZZ');
  await expect(body.locator('p > .ds-page-gap').first()).toBeAttached();
  await page.keyboard.press('ControlOrMeta+z');
  await expect(body).not.toContainText('ZZZ');
  await expect(frame.getByTestId('page-count')).toHaveText(`${pages} pages`);

  // the first words of each page in the page view
  const editorPages = await frame.getByRole('textbox', { name: 'Document body' }).evaluate((root) => {
    const firstWords = (range: Range) => range.toString().replace(/\s+/g, ' ').trim().split(' ').slice(0, 8);
    const out: string[][] = [];
    const all = document.createRange();
    all.selectNodeContents(root);
    out.push(firstWords(all));
    for (const g of root.querySelectorAll('.ds-page-gap')) {
      const r = document.createRange();
      r.setStartAfter(g);
      r.setEnd(root, root.childNodes.length);
      // the text after the widget, without other widgets' text
      const frag = r.cloneContents();
      frag.querySelectorAll('.ds-page-gap').forEach((x) => x.remove());
      out.push(frag.textContent.replace(/\s+/g, ' ').trim().split(' ').slice(0, 8));
    }
    return out;
  });

  await expect(status).not.toHaveAttribute('data-version', String(v0), { timeout: 15_000 });
  await expect(status).toHaveText('Saved', { timeout: 15_000 });
  expect(dialogs).toEqual([]);

  // the stored model: formatted footer with the fields
  const saved = (await (await request.get(`/api/v1/edit/${run.run_id}/document?token=${token}`)).json()) as { model: { header?: unknown; footer?: unknown } };
  expect(saved.model.footer).toEqual({
    type: 'doc',
    content: [
      {
        type: 'paragraph',
        attrs: { textAlign: 'center' },
        content: [
          { type: 'text', text: 'Page ', marks: [{ type: 'bold' }, { type: 'textStyle', attrs: { color: '#7F7F7F', fontSize: 9 } }] },
          { type: 'field', attrs: { kind: 'page' }, marks: [{ type: 'bold' }, { type: 'textStyle', attrs: { color: '#7F7F7F', fontSize: 9 } }] },
          { type: 'text', text: ' of ', marks: [{ type: 'bold' }, { type: 'textStyle', attrs: { color: '#7F7F7F', fontSize: 9 } }] },
          { type: 'field', attrs: { kind: 'pages' }, marks: [{ type: 'bold' }, { type: 'textStyle', attrs: { color: '#7F7F7F', fontSize: 9 } }] },
        ],
      },
    ],
  });
  expect(JSON.stringify(saved.model.header)).toContain('"kind":"page"');

  // the downloaded .docx: PAGE / NUMPAGES fields, centred, bold
  const runInfo = await request.get(`/api/v1/runs/${run.run_id}`, { headers: { 'X-API-Key': apiKey } });
  const file = Buffer.from(await (await request.get(((await runInfo.json()) as { download_url: string }).download_url)).body());
  const zip = await JSZip.loadAsync(file);
  const partsText = async (re: RegExp) => (await Promise.all(Object.keys(zip.files).filter((n) => re.test(n)).map((n) => zip.file(n)!.async('string')))).join('');
  const footerXml = await partsText(/^word\/footer\d*\.xml$/);
  const headerXml = await partsText(/^word\/header\d*\.xml$/);
  expect(footerXml).toMatch(/<w:instrText[^>]*>PAGE<\/w:instrText>/);
  expect(footerXml).toMatch(/<w:instrText[^>]*>NUMPAGES<\/w:instrText>/);
  expect(footerXml).toContain('<w:jc w:val="center"/>');
  expect(footerXml).toContain('<w:b/>');
  expect(headerXml).toContain('Acme Corp — page ');
  expect(headerXml).toMatch(/<w:instrText[^>]*>PAGE<\/w:instrText>/);
  expect(headerXml).toContain('<w:b/>');
  expect(headerXml).not.toContain('<w:jc ');

  // LibreOffice: the fields filled in, and where its pages start compared with the page view
  const dir = await mkdtemp(path.join(tmpdir(), 'doc-hf-'));
  try {
    const docx = path.join(dir, 'hf.docx');
    await writeFile(docx, file);
    const [pdf] = await sofficeConvert([docx], 'pdf', dir);
    const loPages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf!], { encoding: 'utf8' }))?.[1]);
    const pageText = (n: number) => execFileSync('pdftotext', ['-f', String(n), '-l', String(n), '-layout', pdf!, '-'], { encoding: 'utf8' });
    expect(pageText(2)).toMatch(new RegExp(`Page 2 of ${loPages}`));
    expect(pageText(2)).toContain('Acme Corp — page 2');
    const body = (n: number) =>
      pageText(n)
        .split('\n')
        .filter((l) => !/Acme Corp — page \d+|Page \d+ of \d+/.test(l))
        .join(' ');
    const allWords = words(longParagraphs().map((p) => p.content[0]!.text).join(' '));
    const loStarts = Array.from({ length: loPages }, (_, k) => wordIndex(allWords, words(body(k + 1))));
    const edStarts = editorPages.map((w) => wordIndex(allWords, w));
    const lines = loStarts.map((lo, k) => `page ${k + 1}: LibreOffice word ${lo} “${allWords.slice(lo, lo + 5).join(' ')}”, page view word ${edStarts[k] ?? '-'} “${allWords.slice(edStarts[k] ?? 0, (edStarts[k] ?? 0) + 5).join(' ')}”`);
    console.log(`pages: page view ${pages}, LibreOffice ${loPages}\n${lines.join('\n')}`);
    expect(loStarts.every((i) => i >= 0)).toBe(true);
    expect(edStarts.every((i) => i >= 0)).toBe(true);
    expect(pages).toBe(loPages);
    // each page starts within two lines (about 30 words) of where LibreOffice starts it
    for (let k = 1; k < loPages; k++) expect(Math.abs(edStarts[k]! - loStarts[k]!)).toBeLessThanOrEqual(30);
    const p2 = await pdfFirstPagePng(pdf!, path.join(dir, 'page'), 60, 2);
    await writeFile(path.join(SCREENSHOTS, 'editor-doc-hf-libreoffice.png'), await readFile(p2));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
