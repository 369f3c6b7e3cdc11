// The document editor keeps the Word features it does not edit itself: a document with a title
// paragraph, a footnote, a line break and a table with widths, alignment and a look is opened in the
// embedded editor, a person types, and the saved model and the downloaded .docx still have them.
import { expect, test } from '@playwright/test';
import JSZip from 'jszip';
import { startHostApp } from './editor-host';
import { shot, signUpWithApiKey } from './helpers';

const HOST_PORT = Number(process.env.E2E_HOST_PORT ?? 3205);
let apiKey = '';
let host: Awaited<ReturnType<typeof startHostApp>>;

test.beforeAll(async ({ browser }) => {
  host = await startHostApp(HOST_PORT);
  apiKey = await signUpWithApiKey(browser, { name: 'Word Features', tag: 'word-features', org: 'Word features' });
});

test.afterAll(async () => {
  await host?.close();
});

const cell = (type: string, text: string, attrs: Record<string, unknown>) => ({ type, attrs, content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] });

test('document: footnotes, line breaks, the title and table options survive an edit in the editor', async ({ page, request }) => {
  const r = await request.post('/api/v1/word/generate', { headers: { 'X-API-Key': apiKey }, data: { prompt: 'A short note with sections Summary, Details' }, timeout: 120_000 });
  expect(r.status()).toBe(200);
  const run = (await r.json()) as { run_id: string; edit_url: string };
  const token = new URL(run.edit_url).searchParams.get('token')!;
  const current = await (await request.get(`/api/v1/edit/${run.run_id}/document?token=${token}`)).json();
  const doc = {
    type: 'doc',
    content: [
      { type: 'paragraph', attrs: { kind: 'title' }, content: [{ type: 'text', text: 'Quarterly note' }] },
      { type: 'heading', attrs: { level: 1 }, content: [{ type: 'text', text: 'Summary' }] },
      { type: 'paragraph', content: [{ type: 'text', text: 'Sales rose.' }, { type: 'footnote', attrs: { text: 'Ledger, Q3.' } }, { type: 'hardBreak' }, { type: 'text', text: 'Costs were flat.' }] },
      {
        type: 'table',
        attrs: { tableStyle: 'striped', cantSplit: false },
        content: [
          { type: 'tableRow', content: [cell('tableHeader', 'Region', { colwidth: [300] }), cell('tableHeader', 'Sales', { colwidth: [120], align: 'right' })] },
          { type: 'tableRow', content: [cell('tableCell', 'North', { colwidth: [300] }), cell('tableCell', '1,200', { colwidth: [120], align: 'right' })] },
          { type: 'tableRow', content: [cell('tableCell', 'South', { colwidth: [300] }), cell('tableCell', '900', { colwidth: [120], align: 'right' })] },
        ],
      },
      { type: 'paragraph', content: [{ type: 'text', text: 'End of note.' }] },
    ],
  };
  const put = await request.put(`/api/v1/edit/${run.run_id}/document`, { data: { token, base_version: current.version, edit: { kind: 'document', doc } } });
  expect(put.status()).toBe(200);

  await page.goto(host.url(run.edit_url));
  const frame = page.frameLocator('iframe[title="Document viewer"]');
  await expect(frame.getByTestId('save-status')).toHaveText(/Saved/, { timeout: 30_000 });
  const body = frame.getByRole('textbox', { name: 'Document body' });
  await expect(body.locator('sup[data-type="footnote"]')).toHaveAttribute('data-text', 'Ledger, Q3.');
  await expect(body.locator('p.ds-title')).toHaveText('Quarterly note');
  await expect(body.locator('table[data-table-style="striped"]')).toBeVisible();

  const before = Number(await frame.getByTestId('save-status').getAttribute('data-version'));
  await body.getByText('End of note.').click();
  await page.keyboard.press('End');
  await page.keyboard.type(' Typed by a person.');
  const status = frame.getByTestId('save-status');
  await expect(status).not.toHaveAttribute('data-version', String(before), { timeout: 15_000 });
  await expect(status).toHaveText('Saved', { timeout: 15_000 });
  await shot(page, 'editor-doc-word-features', false);

  const saved = (await (await request.get(`/api/v1/edit/${run.run_id}/document?token=${token}`)).json()) as { model: { doc: { content: Array<Record<string, unknown>> } } };
  const content = saved.model.doc.content as Array<{ type: string; attrs?: Record<string, unknown>; content?: Array<{ type: string; attrs?: Record<string, unknown>; content?: Array<{ attrs?: Record<string, unknown> }> }> }>;
  expect(content[0]!.attrs).toMatchObject({ kind: 'title' });
  expect(content[2]!.content!.map((n) => n.type)).toEqual(['text', 'footnote', 'hardBreak', 'text']);
  expect(content[2]!.content![1]!.attrs).toEqual({ text: 'Ledger, Q3.' });
  expect(content[3]!.attrs).toMatchObject({ tableStyle: 'striped', cantSplit: false });
  expect(content[3]!.content![1]!.content![1]!.attrs).toMatchObject({ colwidth: [120], align: 'right' });
  expect(JSON.stringify(content[4])).toContain('End of note. Typed by a person.');

  const runInfo = await request.get(`/api/v1/runs/${run.run_id}`, { headers: { 'X-API-Key': apiKey } });
  const file = Buffer.from(await (await request.get(((await runInfo.json()) as { download_url: string }).download_url)).body());
  const zip = await JSZip.loadAsync(file);
  expect(await zip.file('word/footnotes.xml')!.async('string')).toContain('Ledger, Q3.');
  const xml = await zip.file('word/document.xml')!.async('string');
  expect(xml).toMatch(/<w:pStyle w:val="Title"\/>[\s\S]*?Quarterly note/);
  expect(xml).toContain('Typed by a person.');
});
