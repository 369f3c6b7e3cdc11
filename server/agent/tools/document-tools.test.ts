// The document tools' Word options reach the file: the title / subtitle / memo block, numbered
// headings, line breaks and footnotes in section bodies, table widths / alignment / looks — read
// back from the docx XML, and the file converts with LibreOffice (required in CI).
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { afterAll, describe, expect, it } from 'vitest';
import { findSoffice, pdfText, sofficeConvert } from '@/server/documents/common/soffice';
import { renderDocument } from '@/server/documents/document/render-docx';
import { createDocumentState, documentTools, finishDocument, listSections } from './document-tools';
import { runTool } from './testing/run-tool';

const soffice = findSoffice();
const inCi = !!process.env.CI;
if (!soffice && !inCi) console.warn('LibreOffice not found: the document-tools conversion test is skipped');

type Tools = ReturnType<typeof documentTools>;
async function run(tools: Tools, name: string, input: unknown) {
  return runTool(tools, name, input);
}
async function call(tools: Tools, name: string, input: unknown) {
  const out = await run(tools, name, input);
  expect(out, JSON.stringify(out)).toMatchObject({ ok: true });
  return out;
}

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

async function memo() {
  const state = createDocumentState(null);
  const tools = documentTools(state);
  await call(tools, 'append_section', { title: 'Background', markdown: 'Sales rose in Q3.[^1]\nCosts were flat.\n\nNext paragraph.\n\n[^1]: Finance ledger, 30 September.' });
  await call(tools, 'append_section', { title: 'Figures', level: 2 });
  await call(tools, 'add_table', {
    section: 'figures',
    rows: [
      ['Region', 'Sales', 'Note'],
      ['North', '1,200', 'steady'],
      ['South', '900', 'new office'],
    ],
    widths: [2, 1, '5cm'],
    style: 'striped',
  });
  await call(tools, 'set_document_properties', {
    title: 'Q3 update',
    showTitle: true,
    memo: 'To: Leadership team\nFrom: Finance\nDate: 6 December 2026\nSubject: Q3 results',
    numberedHeadings: true,
  });
  return { state, tools };
}

describe('document tools: Word options', () => {
  it('set_document_properties writes a title in Title style and a memo block at the top, kept out of the sections', async () => {
    const { state, tools } = await memo();
    const c = state.model.doc.content;
    expect(c[0]).toEqual({ type: 'paragraph', attrs: { kind: 'title' }, content: [{ type: 'text', text: 'Q3 update' }] });
    expect(c[1]).toMatchObject({ type: 'table', attrs: { tableStyle: 'plain' } });
    expect(c[1]!.content!.map((r) => r.content!.map((x) => JSON.stringify(x.content)))).toHaveLength(4);
    expect(c[2]).toEqual({ type: 'horizontalRule' });
    expect(state.model.numberedHeadings).toBe(true);
    expect(listSections(state.model).map((s) => s.id)).toEqual(['background', 'figures']);
    // again: replaced, not added; a subtitle joins; {} removes the memo lines
    await call(tools, 'set_document_properties', { subtitle: 'Third quarter', memo: 'To: Board' });
    expect(state.model.doc.content.slice(0, 4).map((n) => n.attrs?.kind ?? n.type)).toEqual(['title', 'subtitle', 'table', 'horizontalRule']);
    expect(state.model.doc.content.filter((n) => n.type === 'table')).toHaveLength(2);
    await call(tools, 'set_document_properties', { memo: '', showTitle: false, title: 'Renamed' });
    expect(state.model.doc.content.slice(0, 2).map((n) => n.attrs?.kind ?? n.type)).toEqual(['subtitle', 'heading']);
    expect(state.model.title).toBe('Renamed');
    expect(await run(documentTools(createDocumentState(null)), 'set_document_properties', { showTitle: true })).toEqual({ ok: false, error: 'give a title to show' });
    expect(await run(tools, 'set_document_properties', { memo: 'To Board' })).toEqual({ ok: false, error: 'memo line "To Board" needs a label: "To: …"' });
  });

  it('section bodies: one newline is a line break, [^n] a footnote; a footnote without its text is refused', async () => {
    const { state, tools } = await memo();
    const body = state.model.doc.content.find((n) => n.type === 'paragraph' && n.content?.[0]?.text === 'Sales rose in Q3.')!;
    expect(body.content!.map((n) => n.type)).toEqual(['text', 'footnote', 'hardBreak', 'text']);
    expect(await call(tools, 'read_section', { id: 'background' })).toMatchObject({ markdown: expect.stringContaining('Sales rose in Q3.[^1]\nCosts were flat.') });
    const bad = await run(tools, 'replace_section', { id: 'background', markdown: 'See [^2].' });
    expect(bad).toEqual({ ok: false, error: expect.stringContaining('[^2]: its text') });
  });

  it('add_table: shares and cm become column widths, numbers are right-aligned, the look is kept', async () => {
    const { state, tools } = await memo();
    const table = state.model.doc.content.find((n) => n.type === 'table' && n.attrs?.tableStyle === 'striped')!;
    const head = table.content![0]!.content!;
    // A4, 25 mm margins: 160 mm of text; 5 cm = 189 px, the rest (416 px) split 2:1
    expect(head.map((x) => x.attrs?.colwidth)).toEqual([[277], [138], [189]]);
    expect(head.map((x) => x.attrs?.align ?? null)).toEqual([null, 'right', null]);
    expect(await run(tools, 'add_table', { rows: [['a', 'b']], widths: [1] })).toEqual({ ok: false, error: 'widths has 1 entries; the table has 2 columns' });
    expect(await run(tools, 'add_table', { rows: [['a', 'b']], widths: ['17cm', 1] })).toMatchObject({ ok: false, error: expect.stringContaining('leave room') });
    expect(await run(tools, 'add_table', { rows: [['a', 'b']], widths: ['wide', 1] })).toMatchObject({ ok: false, error: expect.stringContaining('"3.5cm"') });
    await call(tools, 'add_table', { rows: [['Item', 'Qty'], ['Pens', '4']], align: ['center', 'left'] });
    const last = state.model.doc.content.filter((n) => n.type === 'table').at(-1)!;
    expect(last.content![1]!.content!.map((x) => x.attrs?.align)).toEqual(['center', 'left']);
  });

  it('the rendered file has the title, memo, numbering, footnote, line break and table options', async () => {
    const { state } = await memo();
    const zip = await JSZip.loadAsync(await renderDocument(finishDocument(state)));
    const xml = await zip.file('word/document.xml')!.async('string');
    expect(xml).toMatch(/<w:pStyle w:val="Title"\/>[\s\S]*?Q3 update/);
    expect(xml).toContain('6 December 2026');
    expect(xml).toContain('<w:footnoteReference w:id="1"/>');
    expect(await zip.file('word/footnotes.xml')!.async('string')).toContain('Finance ledger, 30 September.');
    expect(xml).toMatch(/Sales rose in Q3\.[\s\S]*?<w:br\/>[\s\S]*?Costs were flat\./);
    expect(await zip.file('word/styles.xml')!.async('string')).toMatch(/w:styleId="Heading1"[\s\S]*?<w:numPr>/);
    const striped = [...xml.matchAll(/<w:tbl>[\s\S]*?<\/w:tbl>/g)].map((m) => m[0]).find((t) => t.includes('Region'))!;
    expect(striped).toContain('<w:gridCol w:w="4155"/><w:gridCol w:w="2070"/><w:gridCol w:w="2835"/>');
    expect(striped).toContain('<w:tblHeader/>');
    expect(striped.match(/<w:cantSplit\/>/g)).toHaveLength(3);
    expect(striped.match(/<w:jc w:val="right"\/>/g)).toHaveLength(3);
  });

  it.runIf(!!soffice || inCi)(
    'LibreOffice converts the memo to PDF, numbering the headings and printing the footnote',
    async () => {
      const { state } = await memo();
      const dir = await mkdtemp(path.join(tmpdir(), 'document-tools-'));
      dirs.push(dir);
      const file = path.join(dir, 'memo.docx');
      await writeFile(file, await renderDocument(finishDocument(state)));
      const [pdf] = await sofficeConvert([file], 'pdf', dir);
      expect((await stat(pdf!)).size).toBeGreaterThan(5_000);
      const text = (await pdfText(pdf!)).replace(/\s+/g, ' ');
      expect(text).toMatch(/Subject: Q3 results/);
      expect(text).toMatch(/1 Background/);
      expect(text).toMatch(/1\.1 Figures/);
      expect(text).toMatch(/1 Finance ledger/);
    },
    120_000,
  );
});
