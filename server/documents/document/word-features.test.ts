// The Word features a professional document needs — line breaks, footnotes, a title and memo
// block, numbered headings, table widths / alignment / header repeat / unsplit rows / looks — reach
// the .docx (read with JSZip and, independently, python-docx), come back through importDocx, and
// LibreOffice lays them out (converted to PDF; the PDF text shows the footnote and the numbers).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findSoffice, pdfFirstPagePng, pdfText, sofficeConvert } from '../common/soffice';
import { markdownToNodes } from './document-markdown';
import { importDocx } from './import-docx';
import { headingNumbers, renderDocument } from './render-docx';
import type { TiptapNode } from './schema';

const soffice = findSoffice();
const inCi = !!process.env.CI;
if (!soffice && !inCi) console.warn('LibreOffice not found: the Word-features conversion test is skipped');
const PYTHON = '/usr/bin/python3';
const pythonDocx = existsSync(PYTHON) && (() => {
  try {
    execFileSync(PYTHON, ['-c', 'import docx']);
    return true;
  } catch {
    return false;
  }
})();
if (!pythonDocx && !inCi) console.warn('python3-docx not found: the independent read is skipped');

const para = (text: string, attrs?: Record<string, unknown>): TiptapNode => ({ type: 'paragraph', ...(attrs ? { attrs } : {}), content: [{ type: 'text', text }] });
const cell = (type: 'tableHeader' | 'tableCell', text: string, attrs?: Record<string, unknown>): TiptapNode => ({ type, ...(attrs ? { attrs } : {}), content: [para(text)] });

/** One document with every feature: title block with memo lines, numbered headings, breaks, footnotes, four table looks. */
function wordFeaturesDocument(): { title: string; numberedHeadings: boolean; doc: { type: 'doc'; content: TiptapNode[] } } {
  const body = markdownToNodes(
    [
      'Revenue grew in every region.[^1] Costs stayed flat.[^cost]',
      '',
      'Acme Ltd',
      '1 High Street',
      'Leeds',
      '',
      '| Region | Q3 sales | Share |',
      '| --- | --- | --- |',
      '| North | 1,200 | 40% |',
      '| South | 900 | 30% |',
      '',
      '[^1]: Finance ledger, 30 September.',
      '[^cost]: Excluding one-off legal fees.',
    ].join('\n'),
  );
  const table = (tableStyle: string): TiptapNode => ({
    type: 'table',
    attrs: { tableStyle },
    content: [
      { type: 'tableRow', content: [cell('tableHeader', 'Item', { colwidth: [300] }), cell('tableHeader', 'Amount', { colwidth: [100], align: 'right' })] },
      ...[1, 2, 3].map((k): TiptapNode => ({ type: 'tableRow', content: [cell('tableCell', `Line ${k}`, { colwidth: [300] }), cell('tableCell', `${k * 100}`, { colwidth: [100], align: 'right' })] })),
    ],
  });
  return {
    title: 'Quarterly review',
    numberedHeadings: true,
    doc: {
      type: 'doc',
      content: [
        para('Quarterly review', { kind: 'title' }),
        para('Third quarter, 2026', { kind: 'subtitle' }),
        {
          type: 'table',
          attrs: { tableStyle: 'plain', repeatHeader: false },
          content: [
            ['To', 'Leadership team'],
            ['From', 'Finance'],
            ['Subject', 'Q3 results'],
          ].map(([k, v]): TiptapNode => ({ type: 'tableRow', content: [{ type: 'tableCell', attrs: { colwidth: [110] }, content: [{ type: 'paragraph', content: [{ type: 'text', text: `${k}:`, marks: [{ type: 'bold' }] }] }] }, cell('tableCell', v!)] })),
        },
        { type: 'horizontalRule' },
        { type: 'heading', attrs: { level: 1 }, content: [{ type: 'text', text: 'Results' }] },
        ...body,
        { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'Scope' }] },
        para('Grid:'),
        table('grid'),
        para('Light:'),
        table('light'),
        { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'Detail' }] },
        para('Striped:'),
        table('striped'),
        { type: 'heading', attrs: { level: 1 }, content: [{ type: 'text', text: 'Outlook' }] },
        para('Steady.'),
      ],
    },
  };
}

let buffer: Buffer;
let zip: JSZip;
let documentXml: string;
const dirs: string[] = [];

beforeAll(async () => {
  buffer = await renderDocument(wordFeaturesDocument());
  zip = await JSZip.loadAsync(buffer);
  documentXml = await zip.file('word/document.xml')!.async('string');
});
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

const tables = () => [...documentXml.matchAll(/<w:tbl>[\s\S]*?<\/w:tbl>/g)].map((m) => m[0]);

describe('Word features in the .docx', () => {
  it('a single newline is a line break inside one paragraph; a blank line starts a new one', () => {
    const address = /<w:p>(?:(?!<\/w:p>)[\s\S])*Acme Ltd(?:(?!<\/w:p>)[\s\S])*<\/w:p>/.exec(documentXml)?.[0] ?? '';
    expect(address).toContain('1 High Street');
    expect(address).toContain('Leeds');
    expect(address.match(/<w:br\/>/g)).toHaveLength(2);
    expect(address).not.toContain('Revenue');
  });

  it('footnote references are Word footnotes with their texts in footnotes.xml', async () => {
    expect(documentXml.match(/<w:footnoteReference w:id="(\d+)"\/>/g)).toEqual(['<w:footnoteReference w:id="1"/>', '<w:footnoteReference w:id="2"/>']);
    const notes = await zip.file('word/footnotes.xml')!.async('string');
    expect(notes).toMatch(/<w:footnote w:id="1">[\s\S]*Finance ledger, 30 September\.[\s\S]*?<\/w:footnote>/);
    expect(notes).toMatch(/<w:footnote w:id="2">[\s\S]*Excluding one-off legal fees\./);
    expect(documentXml).not.toContain('[^');
  });

  it('the title and subtitle use the Title and Subtitle styles; the memo lines sit in a borderless table', async () => {
    expect(documentXml).toMatch(/<w:pStyle w:val="Title"\/><\/w:pPr><w:r><w:t xml:space="preserve">Quarterly review<\/w:t>/);
    expect(documentXml).toMatch(/<w:pStyle w:val="Subtitle"\/>[\s\S]*?Third quarter, 2026/);
    const styles = await zip.file('word/styles.xml')!.async('string');
    expect(styles).toMatch(/w:styleId="Subtitle"/);
    const memo = tables()[0]!;
    expect(memo).toContain('Leadership team');
    expect(memo).toMatch(/<w:insideV w:val="none"/);
    expect(memo).not.toMatch(/w:val="single"/);
    expect(memo).not.toContain('<w:tblHeader/>');
  });

  it('numbered headings: the Heading styles carry Word numbering 1 / 1.1', async () => {
    const styles = await zip.file('word/styles.xml')!.async('string');
    const numbering = await zip.file('word/numbering.xml')!.async('string');
    const h1 = /<w:style\b[^>]*w:styleId="Heading1"[\s\S]*?<\/w:style>/.exec(styles)![0];
    const h2 = /<w:style\b[^>]*w:styleId="Heading2"[\s\S]*?<\/w:style>/.exec(styles)![0];
    const numId = /<w:numPr><w:ilvl w:val="0"\/><w:numId w:val="(\d+)"\/>/.exec(h1)![1];
    expect(h2).toContain(`<w:numPr><w:ilvl w:val="1"/><w:numId w:val="${numId}"/>`);
    expect(h1).not.toContain('ListParagraph');
    const abstractId = new RegExp(`<w:num w:numId="${numId}"><w:abstractNumId w:val="(\\d+)"/>`).exec(numbering)![1];
    const abstract = new RegExp(`<w:abstractNum\\b[^>]*w:abstractNumId="${abstractId}"[\\s\\S]*?</w:abstractNum>`).exec(numbering)![0];
    expect(abstract).toContain('<w:lvlText w:val="%1"/>');
    expect(abstract).toContain('<w:lvlText w:val="%1.%2"/>');
  });

  it('tables: column widths, right-aligned number columns, a repeating header, rows that do not split, and the chosen look', () => {
    const [, markdownTable, grid, light, striped] = tables();
    // a markdown table: equal widths filling the text width, numbers right-aligned, header repeats, rows kept whole
    expect(markdownTable).toContain('<w:tblHeader/>');
    expect(markdownTable!.match(/<w:cantSplit\/>/g)).toHaveLength(3);
    expect(markdownTable!.match(/<w:jc w:val="right"\/>/g)).toHaveLength(6);
    // given widths: 300 px and 100 px → 4500 and 1500 twips, fixed layout
    expect(grid).toContain('<w:gridCol w:w="4500"/><w:gridCol w:w="1500"/>');
    expect(grid).toContain('<w:tblLayout w:type="fixed"/>');
    expect(grid).toContain('<w:tcW w:type="dxa" w:w="1500"/>');
    expect(grid).toMatch(/<w:insideV w:val="single"/);
    expect(light).toMatch(/<w:insideV w:val="none"/);
    expect(light).toMatch(/<w:insideH w:val="single"/);
    expect(striped).toMatch(/<w:insideH w:val="none"/);
    // banded body rows: the second body row is shaded
    const stripedRows = [...striped!.matchAll(/<w:tr>[\s\S]*?<\/w:tr>/g)].map((m) => m[0]);
    expect(stripedRows.map((r) => /<w:shd\b/.test(r))).toEqual([true, false, true, false]);
  });

  it.runIf(pythonDocx || inCi)('python-docx reads the same features', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'word-features-'));
    dirs.push(dir);
    const file = path.join(dir, 'features.docx');
    await writeFile(file, buffer);
    const script = `
import docx, json, sys
from docx.enum.text import WD_ALIGN_PARAGRAPH
d = docx.Document(sys.argv[1])
ns = '{http://schemas.openxmlformats.org/wordprocessingml/2006/main}'
out = {}
out['styles'] = [p.style.name for p in d.paragraphs[:2]]
addr = [p for p in d.paragraphs if p.text.startswith('Acme')][0]
out['address'] = addr.text
t = d.tables[2]
out['widths'] = [round(c.width.cm, 2) for c in t.columns]
out['align'] = [t.rows[1].cells[1].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT]
out['header'] = t.rows[0]._tr.trPr.find(ns + 'tblHeader') is not None
out['cantSplit'] = all(r._tr.trPr.find(ns + 'cantSplit') is not None for r in t.rows)
h1 = [s for s in d.styles if s.style_id == 'Heading1'][0].element
out['headingNumbered'] = h1.pPr.find(ns + 'numPr') is not None
notes = [p for p in d.part.package.parts if str(p.partname) == '/word/footnotes.xml'][0]
out['footnotes'] = notes.blob.decode('utf-8').count('<w:footnote w:id="') - 0
json.dump(out, sys.stdout)
`;
    const out = JSON.parse(execFileSync(PYTHON, ['-c', script, file], { encoding: 'utf8' })) as Record<string, unknown>;
    expect(out).toEqual({
      styles: ['Title', 'Subtitle'],
      address: 'Acme Ltd\n1 High Street\nLeeds',
      widths: [7.94, 2.65],
      align: [true],
      header: true,
      cantSplit: true,
      headingNumbered: true,
      footnotes: 2,
    });
  });
});

describe('numbered headings in the table of contents', () => {
  it('headingNumbers counts like Word: 1, 1.1, 1.2, 2, and 2.0.1 when a level is skipped', () => {
    expect(headingNumbers([1, 2, 2, 1, 3].map((level) => ({ level })))).toEqual(['1', '1.1', '1.2', '2', '2.0.1']);
  });

  it('contents entries carry the numbers when headings are numbered', async () => {
    const doc = wordFeaturesDocument();
    doc.doc.content.splice(4, 0, { type: 'tableOfContents', attrs: { title: 'Contents', maxLevel: 2 } });
    const xml = await (await JSZip.loadAsync(await renderDocument(doc))).file('word/document.xml')!.async('string');
    expect(xml).toContain('<w:t xml:space="preserve">1.1  Scope</w:t>');
    expect(xml).toContain('<w:t xml:space="preserve">2  Outlook</w:t>');
  });
});

describe('importDocx reads the Word features back', () => {
  it('line breaks, footnotes, title / subtitle, numbered headings and table options survive model → docx → model', async () => {
    const { model } = await importDocx(buffer);
    const c = model.doc.content;
    expect(model.numberedHeadings).toBe(true);
    expect(c[0]).toEqual(para('Quarterly review', { kind: 'title' }));
    expect(c[1]).toEqual(para('Third quarter, 2026', { kind: 'subtitle' }));
    expect(c[2]).toMatchObject({ type: 'table', attrs: { tableStyle: 'plain' } });
    const results = c.findIndex((n) => n.type === 'heading');
    const first = c[results + 1]!;
    expect(first.content!.filter((n) => n.type === 'footnote')).toEqual([
      { type: 'footnote', attrs: { text: 'Finance ledger, 30 September.' } },
      { type: 'footnote', attrs: { text: 'Excluding one-off legal fees.' } },
    ]);
    expect(c[results + 2]!.content!.map((n) => (n.type === 'text' ? n.text : n.type))).toEqual(['Acme Ltd', 'hardBreak', '1 High Street', 'hardBreak', 'Leeds']);
    // no footnote list left at the end
    expect(c[c.length - 1]).toEqual(para('Steady.'));
    const found = c.filter((n) => n.type === 'table');
    expect(found.map((t) => t.attrs?.tableStyle)).toEqual(['plain', undefined, undefined, 'light', 'striped']);
    const markdownTable = found[1]!;
    expect(markdownTable.attrs?.cantSplit).toBeUndefined();
    expect(markdownTable.content![0]!.content!.map((x) => [x.type, x.attrs?.align, x.attrs?.colwidth])).toEqual([
      ['tableHeader', null, null],
      ['tableHeader', 'right', null],
      ['tableHeader', 'right', null],
    ]);
    expect(found[2]!.content![1]!.content!.map((x) => [x.attrs?.colwidth, x.attrs?.align])).toEqual([
      [[300], null],
      [[100], 'right'],
    ]);
  });

  it('a table whose rows may split comes back with cantSplit false', async () => {
    const doc = wordFeaturesDocument();
    const t = doc.doc.content.find((n) => n.type === 'table' && n.attrs?.tableStyle === 'grid')!;
    t.attrs = { ...t.attrs, cantSplit: false };
    const { model } = await importDocx(await renderDocument(doc));
    expect(model.doc.content.filter((n) => n.type === 'table').map((n) => n.attrs?.cantSplit)).toEqual([undefined, undefined, false, undefined, undefined]);
  });
});

describe('LibreOffice lays the Word features out', () => {
  it.runIf(!!soffice || inCi)(
    'converts to PDF with the heading numbers and the footnote text on the page',
    async () => {
      const dir = await mkdtemp(path.join(tmpdir(), 'word-features-lo-'));
      dirs.push(dir);
      const file = path.join(dir, 'features.docx');
      await writeFile(file, buffer);
      const [pdf] = await sofficeConvert([file], 'pdf', dir);
      const text = (await pdfText(pdf!)).replace(/\s+/g, ' ');
      expect(text).toContain('Quarterly review');
      expect(text).toMatch(/1 Results/);
      expect(text).toMatch(/1\.1 Scope/);
      expect(text).toMatch(/2 Outlook/);
      expect(text).toMatch(/1 Finance ledger, 30 September\./);
      expect(text).toContain('Acme Ltd 1 High Street Leeds');
      const pngDir = process.env.DOCSMITH_PNG_DIR ?? path.join(tmpdir(), 'docsmith-documents-png');
      await mkdir(pngDir, { recursive: true });
      await pdfFirstPagePng(pdf!, path.join(pngDir, 'word-features'));
    },
    120_000,
  );

  it.runIf(!!soffice || inCi)(
    'a file LibreOffice saved again as .docx imports with its footnotes, title, numbering, widths, alignment and table looks',
    async () => {
      const dir = await mkdtemp(path.join(tmpdir(), 'word-features-lo-docx-'));
      dirs.push(dir);
      const src = path.join(dir, 'src', 'features.docx');
      await mkdir(path.dirname(src));
      await writeFile(src, buffer);
      const [saved] = await sofficeConvert([src], 'docx:MS Word 2007 XML', dir);
      const { model } = await importDocx(await readFile(saved!));
      const c = model.doc.content;
      expect(model.numberedHeadings).toBe(true);
      expect(c.slice(0, 2).map((n) => n.attrs?.kind)).toEqual(['title', 'subtitle']);
      expect(c.flatMap((n) => n.content ?? []).filter((n) => n.type === 'footnote').map((n) => n.attrs?.text)).toEqual(['Finance ledger, 30 September.', 'Excluding one-off legal fees.']);
      const found = c.filter((n) => n.type === 'table');
      // LibreOffice writes the borders on the cells; the looks are read from there
      expect(found.map((t) => t.attrs?.tableStyle)).toEqual(['plain', undefined, undefined, 'light', 'striped']);
      expect(found[2]!.content![1]!.content!.map((x) => [x.attrs?.colwidth, x.attrs?.align])).toEqual([
        [[300], null],
        [[100], 'right'],
      ]);
    },
    120_000,
  );
});
