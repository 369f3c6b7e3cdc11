// "Different first page" in the document editor's page view. A customer's .docx built with
// python-docx (w:titlePg, a bold first-page header "Cover letter", no first-page footer, the
// default header "Acme report" and footer "Page X of Y" on the other pages, three pages of text) is
// read by our importer and put into a run; the editor shows page 1 with the first-page header (and
// its empty footer) and page 2 with the default header, the later page breaks the default ones. The
// first-page header and footer are edited in place (the footer in page 1's bottom margin, inside
// the first page break), saved, and the downloaded .docx read with python-docx has them as the first
// page's header/footer and the default ones untouched; LibreOffice's PDF shows them on page 1 and
// the default header on page 2 (pages 1 and 2 as PNG: test-results/screenshots/
// editor-doc-first-page-lo-p1.png, -p2.png). "Different first page" is then turned off in the
// header toolbar (a checkbox, no dialog): the saved .docx has no w:titlePg and page 1 shows the
// default header. Screenshots of the page view: editor-doc-first-page.png (page 1's header),
// editor-doc-first-page-break.png (page 1's footer and page 2's header).
import { expect, test, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { pdfFirstPagePng, sofficeConvert } from '../server/documents/common/soffice';
import { importDocx } from '../server/documents/document/import-docx';
import { startHostApp } from './editor-host';
import { SCREENSHOTS, shot, signUpWithApiKey } from './helpers';

const HOST_PORT = Number(process.env.E2E_HOST_PORT ?? 3209);
const PYTHON = '/usr/bin/python3';
let apiKey = '';
let host: Awaited<ReturnType<typeof startHostApp>>;
let dir = '';

test.beforeAll(async ({ browser }) => {
  host = await startHostApp(HOST_PORT);
  apiKey = await signUpWithApiKey(browser, { name: 'Doc first page', tag: 'doc-first', org: 'Doc first page' });
  dir = await mkdtemp(path.join(tmpdir(), 'doc-first-page-'));
});

test.afterAll(async () => {
  await host?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** The customer's document: different first page with its own bold header and no footer; "Acme report" / "Page X of Y" on the others. */
const BUILD = String.raw`
import sys
from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
d = Document()
sec = d.sections[0]
sec.header.paragraphs[0].add_run('Acme report')
fp = sec.footer.paragraphs[0]
def field(p, instr):
    for kind in ('begin', None, 'separate', 'end'):
        r = p.add_run()
        if kind is None:
            it = OxmlElement('w:instrText'); it.set(qn('xml:space'), 'preserve'); it.text = instr; r._r.append(it)
        else:
            fc = OxmlElement('w:fldChar'); fc.set(qn('w:fldCharType'), kind); r._r.append(fc)
fp.add_run('Page '); field(fp, ' PAGE '); fp.add_run(' of '); field(fp, ' NUMPAGES ')
sec.different_first_page_header_footer = True
r = sec.first_page_header.paragraphs[0].add_run('Cover letter'); r.bold = True
for i in range(36):
    d.add_paragraph(('Paragraph %d. ' % (i + 1)) + 'The quarterly figures are reviewed line by line against the ledger and the forecast. ' * 4)
d.save(sys.argv[1])
`;

/** What python-docx reads: the different-first-page flag, the first page's and the default header/footer text. */
const READ = String.raw`
import sys, json
from docx import Document
sec = Document(sys.argv[1]).sections[0]
text = lambda part: '\n'.join(p.text for p in part.paragraphs).strip()
json.dump({'different': sec.different_first_page_header_footer, 'firstHeader': text(sec.first_page_header), 'firstFooter': text(sec.first_page_footer), 'header': text(sec.header), 'footer': text(sec.footer)}, sys.stdout)
`;

interface ReadBack {
  different: boolean;
  firstHeader: string;
  firstFooter: string;
  header: string;
  footer: string;
  titlePg: boolean;
  file: string;
}

async function download(page: Page, runId: string, name: string): Promise<ReadBack> {
  const info = await page.request.get(`/api/v1/runs/${runId}`, { headers: { 'X-API-Key': apiKey } });
  const bytes = Buffer.from(await (await page.request.get(((await info.json()) as { download_url: string }).download_url)).body());
  const file = path.join(dir, `${name}.docx`);
  await writeFile(file, bytes);
  const documentXml = await (await JSZip.loadAsync(bytes)).file('word/document.xml')!.async('string');
  return { ...(JSON.parse(execFileSync(PYTHON, ['-c', READ, file], { encoding: 'utf8' })) as Omit<ReadBack, 'titlePg' | 'file'>), titlePg: documentXml.includes('<w:titlePg'), file };
}

const pdfPageText = (pdf: string, n: number) => execFileSync('pdftotext', ['-f', String(n), '-l', String(n), '-layout', pdf, '-'], { encoding: 'utf8' });

test('different first page: page 1 shows and edits its own header/footer, saved as the first page’s; turned off with the toolbar checkbox', async ({ page }) => {
  test.setTimeout(300_000);
  // the customer's .docx, through our importer
  const src = path.join(dir, 'customer.docx');
  execFileSync(PYTHON, ['-c', BUILD, src]);
  const { model } = await importDocx(await readFile(src));
  expect(model.firstPage).toBeDefined();
  expect(JSON.stringify(model.firstPage?.header)).toContain('Cover letter');

  const r = await page.request.post('/api/v1/word/generate', { headers: { 'X-API-Key': apiKey }, data: { prompt: 'A short note with sections Summary, Details' }, timeout: 120_000 });
  expect(r.status()).toBe(200);
  const run = (await r.json()) as { run_id: string; edit_url: string };
  const token = new URL(run.edit_url).searchParams.get('token')!;
  const current = (await (await page.request.get(`/api/v1/edit/${run.run_id}/document?token=${token}`)).json()) as { version: number };
  const put = await page.request.put(`/api/v1/edit/${run.run_id}/document`, {
    data: { token, base_version: current.version, edit: { kind: 'document', doc: model.doc, header: model.header ?? '', footer: model.footer ?? '', firstPage: model.firstPage } },
  });
  expect(put.status()).toBe(200);

  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.type());
    void d.dismiss();
  });
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(host.url(run.edit_url));
  const frame = page.frameLocator('iframe[title="Document viewer"]');
  const status = frame.getByTestId('save-status');
  await expect(status).toHaveText(/Saved/, { timeout: 30_000 });
  const gaps = frame.locator('.ds-page-gap');
  await expect(gaps.first()).toBeAttached({ timeout: 10_000 });
  const pages = Number((/(\d+) pages?/.exec((await frame.getByTestId('page-count').textContent()) ?? '') ?? [])[1]);
  expect(pages).toBeGreaterThanOrEqual(3);

  // page 1: the first page's own header in the top margin, its (empty) footer in page 1's bottom margin
  const firstHeader = frame.getByRole('textbox', { name: 'First-page header' });
  await expect(firstHeader).toHaveText('Cover letter');
  await expect(firstHeader.locator('strong, b, [style*="font-weight"]').first()).toBeAttached();
  await expect(frame.getByRole('textbox', { name: 'Header (every page)' })).toHaveCount(0);
  const firstFooter = gaps.first().locator('.ds-page-foot').getByRole('textbox', { name: 'First-page footer' });
  await expect(firstFooter).toHaveText('');
  // page 2: the default header (editable in place), later pages the default header and footer
  const page2Header = gaps.first().locator('.ds-page-head').getByRole('textbox', { name: 'Header (pages after the first)' });
  await expect(page2Header).toHaveText('Acme report');
  await expect(gaps.nth(1).locator('.ds-page-foot')).toHaveText(`Page 2 of ${pages}`);
  await expect(gaps.nth(1).locator('.ds-page-head')).toHaveText('Acme report');
  await expect(frame.getByRole('textbox', { name: 'Footer (pages after the first)' })).toContainText('Page');
  // the top of page 1 shows the first page's header, not the default one
  const sheetTop = await frame.getByRole('article', { name: 'Page view' }).evaluate((a) => a.getBoundingClientRect().top);
  const headerTop = await firstHeader.evaluate((e) => e.getBoundingClientRect().top);
  expect(headerTop - sheetTop).toBeLessThan(120);

  const v0 = Number(await status.getAttribute('data-version'));
  // edit the first page's header: replace its text (bold kept), then type its footer in page 1's bottom margin
  await firstHeader.click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('Welcome pack 2026');
  await expect(firstHeader).toHaveText('Welcome pack 2026');
  await firstFooter.click();
  await page.keyboard.type('Confidential cover');
  await expect(firstFooter).toHaveText('Confidential cover');
  // typed into the footer, not into the body around the page break (the body's own text, without the widgets)
  const bodyText = () =>
    frame.getByRole('textbox', { name: 'Document body' }).evaluate((root) => {
      const copy = root.cloneNode(true) as HTMLElement;
      copy.querySelectorAll('.ds-page-gap').forEach((g) => g.remove());
      return copy.textContent;
    });
  expect(await bodyText()).not.toContain('Confidential cover');
  expect(await bodyText()).toContain('Paragraph 36.');
  await expect(page2Header).toHaveText('Acme report');
  await expect(status).not.toHaveAttribute('data-version', String(v0), { timeout: 15_000 });
  await expect(status).toHaveText('Saved', { timeout: 15_000 });
  await firstHeader.click();
  await frame.getByRole('toolbar', { name: 'First-page header formatting' }).waitFor();
  await shot(page, 'editor-doc-first-page', false);
  // the break between pages 1 and 2: page 1's own footer, page 2's default header
  await page2Header.click();
  await gaps.first().evaluate((g) => g.scrollIntoView({ block: 'center' }));
  await shot(page, 'editor-doc-first-page-break', false);

  const saved = (await (await page.request.get(`/api/v1/edit/${run.run_id}/document?token=${token}`)).json()) as { model: { firstPage?: unknown; header?: unknown; doc: unknown } };
  expect(JSON.stringify(saved.model.firstPage)).toContain('Welcome pack 2026');
  expect(JSON.stringify(saved.model.firstPage)).toContain('Confidential cover');
  expect(JSON.stringify(saved.model.header)).toContain('Acme report');
  expect(JSON.stringify(saved.model.doc)).not.toContain('Confidential cover');
  expect(JSON.stringify(saved.model.doc)).not.toContain('Welcome pack');

  const on = await download(page, run.run_id, 'on');
  console.log('saved with a different first page:', JSON.stringify({ ...on, file: undefined }));
  expect(on).toMatchObject({ titlePg: true, different: true, firstHeader: 'Welcome pack 2026', firstFooter: 'Confidential cover', header: 'Acme report' });
  expect(on.footer).toMatch(/^Page\s.*of/);
  const [pdf] = await sofficeConvert([on.file], 'pdf', dir);
  const p1 = pdfPageText(pdf!, 1);
  const p2 = pdfPageText(pdf!, 2);
  expect(p1).toContain('Welcome pack 2026');
  expect(p1).toContain('Confidential cover');
  expect(p1).not.toContain('Acme report');
  expect(p1).not.toMatch(/Page 1 of/);
  expect(p2).toContain('Acme report');
  expect(p2).toMatch(/Page 2 of \d+/);
  expect(p2).not.toContain('Welcome pack 2026');
  for (const n of [1, 2]) await copyFile(await pdfFirstPagePng(pdf!, path.join(dir, `lo-p${n}`), 50, n), path.join(SCREENSHOTS, `editor-doc-first-page-lo-p${n}.png`));

  // turn it off: the header toolbar's checkbox; page 1 then has the default header
  await firstHeader.click();
  const box = frame.getByRole('toolbar', { name: 'First-page header formatting' }).getByRole('checkbox', { name: 'Different first page' });
  await expect(box).toBeChecked();
  const v1 = Number(await status.getAttribute('data-version'));
  await box.click();
  const everyHeader = frame.getByRole('textbox', { name: 'Header (every page)' });
  await expect(everyHeader).toHaveText('Acme report');
  await expect(frame.getByRole('textbox', { name: 'First-page header' })).toHaveCount(0);
  await expect(gaps.first().locator('.ds-page-foot')).toHaveText(`Page 1 of ${pages}`);
  await expect(gaps.first().locator('.ds-page-head')).toHaveText('Acme report');
  await expect(status).not.toHaveAttribute('data-version', String(v1), { timeout: 15_000 });
  await expect(status).toHaveText('Saved', { timeout: 15_000 });
  const off = await download(page, run.run_id, 'off');
  console.log('saved without:', JSON.stringify({ ...off, file: undefined }));
  expect(off).toMatchObject({ titlePg: false, different: false, header: 'Acme report' });
  const [pdfOff] = await sofficeConvert([off.file], 'pdf', dir);
  expect(pdfPageText(pdfOff!, 1)).toContain('Acme report');
  expect(pdfPageText(pdfOff!, 1)).not.toContain('Welcome pack 2026');
  expect(dialogs).toEqual([]);
});
