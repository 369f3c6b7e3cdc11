// Formatted headers and footers: a customer's .docx (built with python-docx, complex and simple
// PAGE / NUMPAGES fields, a bold centred header, coloured and sized runs, a tab) is imported into
// formatted paragraphs (and a different first page with its own footer), rendered back, and the output — read with JSZip and, independently,
// python-docx — keeps the fields, the alignment and the run formatting; LibreOffice fills the page
// numbers in. Plain-text headers (old models, the agent's) still load and render as before.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findSoffice, sofficeConvert } from '../common/soffice';
import { headerFooterText, readableColor, simplifyHeaderFooter, toHfDoc, type HfDoc } from '../../../lib/document/header-footer';
import { importDocx } from './import-docx';
import { readHeaderFooterXml } from './read-docx-header-footer';
import { renderDocument } from './render-docx';
import { parseDocument } from './schema';

const PYTHON = '/usr/bin/python3';
const inCi = !!process.env.CI;
const pythonDocx =
  existsSync(PYTHON) &&
  (() => {
    try {
      execFileSync(PYTHON, ['-c', 'import docx']);
      return true;
    } catch {
      return false;
    }
  })();
if (!pythonDocx && !inCi) console.warn('python3-docx not found: the customer-docx round trip is skipped');
const soffice = findSoffice();

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'hf-'));
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** A customer's document: a bold centred 14 pt header with a red word and a tab, a footer "Page X of Y" (complex PAGE, simple NUMPAGES), five pages of text. */
const BUILD = String.raw`
import sys
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor
d = Document()
sec = d.sections[0]
hp = sec.header.paragraphs[0]
hp.alignment = WD_ALIGN_PARAGRAPH.CENTER
r = hp.add_run('Acme Corp'); r.bold = True; r.font.size = Pt(14)
r = hp.add_run(' confidential'); r.italic = True; r.font.color.rgb = RGBColor(0xC0, 0x00, 0x00)
r = hp.add_run(); r.add_tab()
r = hp.add_run('Q3'); r.underline = True
fp = sec.footer.paragraphs[0]
fp.alignment = WD_ALIGN_PARAGRAPH.RIGHT
def complex_field(p, instr, shown, bold=False):
    def run():
        r = p.add_run(); r.bold = bold; return r
    r = run(); fc = OxmlElement('w:fldChar'); fc.set(qn('w:fldCharType'), 'begin'); r._r.append(fc)
    r = run(); it = OxmlElement('w:instrText'); it.set(qn('xml:space'), 'preserve'); it.text = instr; r._r.append(it)
    r = run(); fc = OxmlElement('w:fldChar'); fc.set(qn('w:fldCharType'), 'separate'); r._r.append(fc)
    r = run(); r.text = shown
    r = run(); fc = OxmlElement('w:fldChar'); fc.set(qn('w:fldCharType'), 'end'); r._r.append(fc)
fp.add_run('Page ')
complex_field(fp, ' PAGE   \\* MERGEFORMAT ', '1', bold=True)
fp.add_run(' of ')
fs = OxmlElement('w:fldSimple'); fs.set(qn('w:instr'), ' NUMPAGES ')
r = OxmlElement('w:r'); t = OxmlElement('w:t'); t.text = '9'; r.append(t); fs.append(r); fp._p.append(fs)
sec.different_first_page_header_footer = True
r = sec.first_page_footer.paragraphs[0].add_run('Cover page'); r.italic = True
for i in range(40):
    d.add_paragraph(('Paragraph %d. ' % (i + 1)) + 'The quarterly figures are reviewed line by line against the ledger and the forecast. ' * 4)
d.save(sys.argv[1])
`;

/** What python-docx reads from a header / footer: alignment, runs with formatting, the field instructions. */
const READ = String.raw`
import sys, json
from docx import Document
from docx.oxml.ns import qn
d = Document(sys.argv[1])
out = {}
for kind in ('header', 'footer'):
    part = getattr(d.sections[0], kind)
    p = part.paragraphs[0]
    out[kind] = {
        'align': str(p.alignment),
        'runs': [[r.text, bool(r.bold), bool(r.italic), bool(r.underline), r.font.size.pt if r.font.size else None, str(r.font.color.rgb) if r.font.color and r.font.color.type else None] for r in p.runs if r.text],
        'instr': [e.text.strip() for e in part._element.iter(qn('w:instrText'))] + [e.get(qn('w:instr')).strip() for e in part._element.iter(qn('w:fldSimple'))],
    }
sec = d.sections[0]
out['firstPage'] = [sec.different_first_page_header_footer, ''.join(p.text for p in sec.first_page_header.paragraphs), ''.join(p.text for p in sec.first_page_footer.paragraphs)]
json.dump(out, sys.stdout)
`;

describe.skipIf(!pythonDocx)('a customer docx header/footer: import → model → render keeps formatting and page fields', () => {
  it('python-docx document: bold centred header, "Page X of Y" footer', async () => {
    const src = path.join(dir, 'customer.docx');
    execFileSync(PYTHON, ['-c', BUILD, src]);
    const { readFile } = await import('node:fs/promises');
    const { model } = await importDocx(await readFile(src));

    expect(model.header).toEqual({
      type: 'doc',
      content: [
        {
          type: 'paragraph',
          attrs: { textAlign: 'center' },
          content: [
            { type: 'text', text: 'Acme Corp', marks: [{ type: 'bold' }, { type: 'textStyle', attrs: { fontSize: 14 } }] },
            { type: 'text', text: ' confidential', marks: [{ type: 'italic' }, { type: 'textStyle', attrs: { color: '#C00000' } }] },
            { type: 'text', text: '\t' },
            { type: 'text', text: 'Q3', marks: [{ type: 'underline' }] },
          ],
        },
      ],
    });
    expect(model.footer).toEqual({
      type: 'doc',
      content: [
        {
          type: 'paragraph',
          attrs: { textAlign: 'right' },
          content: [
            { type: 'text', text: 'Page ' },
            { type: 'field', attrs: { kind: 'page' }, marks: [{ type: 'bold' }] },
            { type: 'text', text: ' of ' },
            { type: 'field', attrs: { kind: 'pages' } },
          ],
        },
      ],
    });
    expect(headerFooterText(model.footer)).toBe('Page {page} of {pages}');
    // different first page: no header there, its own footer
    expect(model.firstPage).toEqual({ footer: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Cover page', marks: [{ type: 'italic' }] }] }] } });

    // rendered back: the fields, the alignment and the formatting are in the parts
    const out = path.join(dir, 'rendered.docx');
    const buffer = await renderDocument(model);
    await writeFile(out, buffer);
    const zip = await JSZip.loadAsync(buffer);
    const part = async (re: RegExp) => (await Promise.all(Object.keys(zip.files).filter((n) => re.test(n)).map((n) => zip.file(n)!.async('string')))).join('');
    const footerXml = await part(/^word\/footer\d*\.xml$/);
    const headerXml = await part(/^word\/header\d*\.xml$/);
    expect(footerXml).toMatch(/<w:instrText[^>]*>PAGE<\/w:instrText>/);
    expect(footerXml).toMatch(/<w:instrText[^>]*>NUMPAGES<\/w:instrText>/);
    expect(footerXml).toContain('<w:jc w:val="right"/>');
    expect(headerXml).toContain('<w:jc w:val="center"/>');
    expect(headerXml).toContain('<w:tab/>');

    const read = JSON.parse(execFileSync(PYTHON, ['-c', READ, out], { encoding: 'utf8' })) as Record<string, { align: string; runs: unknown[][]; instr: string[] }>;
    expect(read.header!.align).toMatch(/CENTER/);
    expect(read.header!.runs).toEqual([
      ['Acme Corp', true, false, false, 14, null],
      [' confidential', false, true, false, null, 'C00000'],
      ['\t', false, false, false, null, null],
      ['Q3', false, false, true, null, null],
    ]);
    expect(read.footer!.align).toMatch(/RIGHT/);
    expect(read.footer!.instr).toEqual(['PAGE', 'NUMPAGES']);
    expect((read as unknown as { firstPage: unknown }).firstPage).toEqual([true, '', 'Cover page']);

    // and imported again: the same model (the round trip is lossless for what the model holds)
    const again = await importDocx(buffer);
    expect(again.model.header).toEqual(model.header);
    expect(again.model.footer).toEqual(model.footer);
    expect(again.model.firstPage).toEqual(model.firstPage);

    // LibreOffice fills the fields in: "Page 2 of N" on page 2
    if (soffice) {
      const [pdf] = await sofficeConvert([out], 'pdf', dir);
      const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf!], { encoding: 'utf8' }))?.[1]);
      expect(pages).toBeGreaterThanOrEqual(3);
      const page2 = execFileSync('pdftotext', ['-f', '2', '-l', '2', '-layout', pdf!, '-'], { encoding: 'utf8' });
      expect(page2).toContain(`Page 2 of ${pages}`);
      expect(page2).toContain('Acme Corp');
      const page1 = execFileSync('pdftotext', ['-f', '1', '-l', '1', '-layout', pdf!, '-'], { encoding: 'utf8' });
      expect(page1).toContain('Cover page');
      expect(page1).not.toContain('Acme Corp');
      expect(page1).not.toMatch(/Page 1 of/);
    }
  }, 120_000);
});

describe('header/footer model', () => {
  it('plain-text headers still load and render as the 9 pt grey paragraph with the page fields', async () => {
    const model = parseDocument({ header: 'Acme', footer: 'Page {page} of {pages}', doc: { type: 'doc', content: [] } });
    expect(model.header).toBe('Acme');
    const zip = await JSZip.loadAsync(await renderDocument(model));
    const footer = await zip.file(/^word\/footer\d*\.xml$/)[0]!.async('string');
    expect(footer).toContain('<w:jc w:val="center"/>');
    expect(footer).toMatch(/<w:instrText[^>]*>PAGE<\/w:instrText>/);
    expect(footer).toContain('<w:sz w:val="18"/>');
    expect(footer).toContain('<w:color w:val="7F7F7F"/>');
    // our own plain header comes back as plain text
    const again = await importDocx(await renderDocument(model));
    expect(again.model.header).toBe('Acme');
    expect(again.model.footer).toBe('Page {page} of {pages}');
  });

  it('simplify: the default look is stored as text; anything more stays formatted; empty goes', () => {
    const plain = toHfDoc('Page {page} of {pages}', 'footer');
    expect(simplifyHeaderFooter(plain, 'footer')).toBe('Page {page} of {pages}');
    // the same paragraph in the header is not the header's default alignment
    expect(typeof simplifyHeaderFooter(plain, 'header')).toBe('object');
    const bold: HfDoc = { type: 'doc', content: [{ type: 'paragraph', attrs: { textAlign: 'center' }, content: [{ type: 'text', text: 'X', marks: [{ type: 'bold' }] }] }] };
    expect(simplifyHeaderFooter(bold, 'footer')).toEqual(bold);
    expect(simplifyHeaderFooter({ type: 'doc', content: [{ type: 'paragraph', attrs: { textAlign: null } }] }, 'footer')).toBeUndefined();
    expect(simplifyHeaderFooter('  ', 'footer')).toBeUndefined();
    // tiptap's null attributes are dropped
    const fromEditor = { type: 'doc', content: [{ type: 'paragraph', attrs: { textAlign: null }, content: [{ type: 'text', text: 'Left', marks: [{ type: 'textStyle', attrs: { color: null, fontSize: 12 } }] }] }] } as HfDoc;
    expect(simplifyHeaderFooter(fromEditor, 'header')).toEqual({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Left', marks: [{ type: 'textStyle', attrs: { fontSize: 12 } }] }] }] });
  });

  it('the editor shows colours too light for white darker, just enough for 4.5:1', () => {
    expect(readableColor('#7F7F7F')).toBe('#737373'); // 4.74:1 (#777777 would be 4.48:1)
    expect(readableColor('#C00000')).toBe('#C00000');
    expect(readableColor('#ffff00')).toMatch(/^#[0-9A-F]{6}$/);
    expect(readableColor('#FFFF00')).not.toBe('#FFFF00');
  });

  it('the schema refuses bad formatted headers (unknown node, bad colour, control characters)', () => {
    const base = { doc: { type: 'doc', content: [] } };
    const para = (content: unknown[]) => ({ type: 'doc', content: [{ type: 'paragraph', content }] });
    expect(() => parseDocument({ ...base, header: para([{ type: 'image', attrs: { src: 'x' } }]) })).toThrow();
    expect(() => parseDocument({ ...base, header: para([{ type: 'text', text: 'a', marks: [{ type: 'textStyle', attrs: { color: 'red' } }] }]) })).toThrow();
    expect(() => parseDocument({ ...base, header: para([{ type: 'text', text: 'a\u0001' }]) })).toThrow();
    expect(() => parseDocument({ ...base, header: para([{ type: 'field', attrs: { kind: 'date' } }]) })).toThrow();
    expect(parseDocument({ ...base, header: para([{ type: 'field', attrs: { kind: 'pages' } }]) }).header).toEqual(para([{ type: 'field', attrs: { kind: 'pages' } }]));
  });

  it('reads fields written every way: simple, complex with and without a shown result, nested; keeps other fields’ text', () => {
    const xml = `<w:hdr><w:p><w:pPr><w:jc w:val="end"/><w:rPr><w:b/></w:rPr></w:pPr>
      <w:r><w:t xml:space="preserve">A </w:t></w:r>
      <w:fldSimple w:instr="PAGE"/>
      <w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>NUMPAGES</w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>
      <w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>DATE \\@ "yyyy"</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>2026</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>
      <w:sdt><w:sdtContent><w:r><w:rPr><w:b w:val="0"/><w:i/></w:rPr><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>7</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:sdtContent></w:sdt>
      </w:p><w:p/></w:hdr>`;
    expect(readHeaderFooterXml(xml)).toEqual({
      type: 'doc',
      content: [
        {
          type: 'paragraph',
          attrs: { textAlign: 'right' },
          content: [
            { type: 'text', text: 'A ' },
            { type: 'field', attrs: { kind: 'page' } },
            { type: 'field', attrs: { kind: 'pages' } },
            { type: 'text', text: '2026' },
            { type: 'field', attrs: { kind: 'page' } },
          ],
        },
      ],
    });
    expect(readHeaderFooterXml('<w:hdr><w:p/><w:p><w:r><w:t> </w:t></w:r></w:p></w:hdr>')).toBeUndefined();
  });
});
