// "Different first page" from the document editor: an edit carrying the first page's own header
// (formatted) stores it and leaves the default header/footer as they were; the rendered .docx read
// back with python-docx has w:titlePg and that first-page header, the other pages the default ones;
// turned on with nothing typed it is an empty first-page header/footer; null turns it off (no
// w:titlePg); an edit without `firstPage` (the agent's plain strings) keeps it.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderDocument } from '../documents/document/render-docx';
import type { DocumentModel } from '../documents/document/schema';
import { applyDocumentEdit } from './apply-document-edit';
import { documentEditSchema } from './schemas';

const PYTHON = '/usr/bin/python3';
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
if (!pythonDocx && !process.env.CI) console.warn('python3-docx not found: the first-page read-back is skipped');

const READ = String.raw`
import sys, json
from docx import Document
sec = Document(sys.argv[1]).sections[0]
text = lambda part: '\n'.join(p.text for p in part.paragraphs)
bold = lambda part: [r.bold for p in part.paragraphs for r in p.runs if r.text]
json.dump({
  'different': sec.different_first_page_header_footer,
  'firstHeader': text(sec.first_page_header), 'firstHeaderBold': bold(sec.first_page_header),
  'firstFooter': text(sec.first_page_footer),
  'header': text(sec.header), 'footer': text(sec.footer),
}, sys.stdout)
`;

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'first-page-'));
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function readBack(model: DocumentModel, name: string) {
  const file = path.join(dir, `${name}.docx`);
  const buffer = await renderDocument(model);
  await writeFile(file, buffer);
  const documentXml = await (await JSZip.loadAsync(buffer)).file('word/document.xml')!.async('string');
  const read = JSON.parse(execFileSync(PYTHON, ['-c', READ, file], { encoding: 'utf8' })) as { different: boolean; firstHeader: string; firstHeaderBold: boolean[]; firstFooter: string; header: string; footer: string };
  return { ...read, titlePg: documentXml.includes('<w:titlePg') };
}

const body = { type: 'doc' as const, content: [{ type: 'paragraph' as const, content: [{ type: 'text' as const, text: 'Body' }] }] };
const stored = { title: 'T', header: 'Acme report', footer: 'Page {page} of {pages}', firstPage: { footer: 'Cover' }, doc: body };
const boldCentred = (text: string) => ({ type: 'doc' as const, content: [{ type: 'paragraph' as const, attrs: { textAlign: 'center' as const }, content: [{ type: 'text' as const, text, marks: [{ type: 'bold' as const }] }] }] });
const edit = (e: Record<string, unknown>) => documentEditSchema.parse({ kind: 'document', doc: body, ...e });

describe('different first page edits', () => {
  it('the schema takes null, an object of headers/footers, and refuses anything else', () => {
    expect(edit({ firstPage: null }).firstPage).toBeNull();
    expect(edit({ firstPage: {} }).firstPage).toEqual({});
    expect(documentEditSchema.safeParse({ kind: 'document', doc: body, firstPage: { header: 'x', body: 'y' } }).success).toBe(false);
    expect(documentEditSchema.safeParse({ kind: 'document', doc: body, firstPage: true }).success).toBe(false);
  });

  it('the model: first-page header set, default ones untouched; {} = on and empty; null = off; absent = kept', () => {
    const next = applyDocumentEdit(stored, edit({ firstPage: { header: boldCentred('Cover letter'), footer: '' } }));
    expect(next.firstPage).toEqual({ header: boldCentred('Cover letter') });
    expect(next.header).toBe('Acme report');
    expect(next.footer).toBe('Page {page} of {pages}');
    expect(applyDocumentEdit(stored, edit({ firstPage: {} })).firstPage).toEqual({});
    expect(applyDocumentEdit(stored, edit({ firstPage: null })).firstPage).toBeUndefined();
    expect(Object.keys(applyDocumentEdit(stored, edit({ firstPage: null })))).not.toContain('firstPage');
    // the agent's plain strings: header/footer change, the first page is kept
    const agent = applyDocumentEdit(stored, edit({ header: 'New header', footer: 'p. {page}' }));
    expect(agent).toMatchObject({ header: 'New header', footer: 'p. {page}', firstPage: { footer: 'Cover' } });
    // a first-page header in the plain look is stored as its text
    const plain = { type: 'doc', content: [{ type: 'paragraph', attrs: { textAlign: 'right' }, content: [{ type: 'text', text: 'Draft', marks: [{ type: 'textStyle', attrs: { color: '#7F7F7F', fontSize: 9 } }] }] }] };
    expect(applyDocumentEdit(stored, edit({ firstPage: { header: plain } })).firstPage).toEqual({ header: 'Draft' });
  });

  it.skipIf(!pythonDocx)('the .docx read back with python-docx: titlePg and the first-page header on, then off', async () => {
    const on = await readBack(applyDocumentEdit(stored, edit({ firstPage: { header: boldCentred('Cover letter') } })), 'on');
    expect(on).toMatchObject({ titlePg: true, different: true, firstHeader: 'Cover letter', firstHeaderBold: [true], firstFooter: '', header: 'Acme report' });
    // the default footer keeps its PAGE / NUMPAGES fields (python-docx shows the fields' cached text, if any)
    expect(on.footer).toMatch(/^Page .* of /);

    const empty = await readBack(applyDocumentEdit(stored, edit({ firstPage: {} })), 'empty');
    expect(empty).toMatchObject({ titlePg: true, different: true, firstHeader: '', firstFooter: '', header: 'Acme report' });

    const off = await readBack(applyDocumentEdit(stored, edit({ firstPage: null })), 'off');
    expect(off).toMatchObject({ titlePg: false, different: false, header: 'Acme report' });
  }, 60_000);
});
