import { describe, expect, it } from 'vitest';
import JSZip from 'jszip';
import mammoth from 'mammoth';
import { renderDocument, renderDocumentDetailed, collectHeadings } from './render-docx';
import { importDocx } from './import-docx';
import { verifyDocx } from './verify-docx';
import { summarizeDocument } from './summarize-document';
import { nodeText, parseDocument, type TiptapNode } from './schema';
import { sampleDocument } from '../fixtures/sample-document';

/** Structure without attributes the importer cannot recover (image sizes, ids). */
function shape(nodes: TiptapNode[] | undefined): unknown[] {
  // adjacent text with the same marks is one run once read back
  const merged: TiptapNode[] = [];
  for (const n of nodes ?? []) {
    const prev = merged[merged.length - 1];
    if (prev && prev.type === 'text' && n.type === 'text' && JSON.stringify(prev.marks ?? []) === JSON.stringify(n.marks ?? [])) {
      merged[merged.length - 1] = { ...prev, text: (prev.text ?? '') + (n.text ?? '') };
    } else merged.push(n);
  }
  return merged.map((n) => {
    if (n.type === 'text') return { t: n.text, m: (n.marks ?? []).map((m) => (m.type === 'link' ? `link:${String(m.attrs?.href)}` : m.type)).sort() };
    if (n.type === 'image') return { image: String(n.attrs?.src).slice(0, 80), alt: n.attrs?.alt };
    if (n.type === 'heading') return { h: n.attrs?.level, c: shape(n.content) };
    if (n.type === 'tableOfContents') return { toc: n.attrs?.title ?? 'Contents' };
    return { [n.type]: shape(n.content) };
  });
}

describe('document model', () => {
  it('validates tiptap JSON', () => {
    expect(() => parseDocument({ doc: { type: 'doc', content: [{ type: 'heading', content: [] }] } })).toThrow(/level/);
    expect(() => parseDocument({ doc: { type: 'doc', content: [{ type: 'marquee' }] } })).toThrow();
    const d = parseDocument(sampleDocument());
    expect(d.page).toEqual({ size: 'A4', orientation: 'portrait', marginMm: 25 });
  });

  it('renders a docx that mammoth and the package XML read back', async () => {
    const model = parseDocument(sampleDocument());
    const { buffer, warnings } = await renderDocumentDetailed(model);
    expect(warnings).toEqual([]);
    const html = (await mammoth.convertToHtml({ buffer })).value;
    expect(html).toMatch(/<h1>(<a id="_Toc_ds_1"><\/a>)?Quarterly report Q3 2025<\/h1>/);
    expect(html).toMatch(/<h2>(<a id="[^"]+"><\/a>)?Results by region<\/h2>/);
    expect(html).toMatch(/<strong>board of directors<\/strong>/);
    expect(html).toContain('<th><p><strong>Region</strong></p></th>');
    expect(html).toContain('<td><p>1,380</p></td>');
    expect(html).toContain('<img');
    expect(html).toContain('href="https://example.com/report"');
    expect(html).toMatch(/<ol><li>Hire two account managers.<\/li>/);
    const zip = await JSZip.loadAsync(buffer);
    const doc = await zip.file('word/document.xml')!.async('string');
    expect(doc).toContain('w:type="page"'); // page break
    expect(doc).toContain('PAGEREF _Toc_ds_2'); // table of contents entry for "Highlights"
    expect(await zip.file('word/styles.xml')!.async('string')).toContain('w:ascii="Calibri"');
    // no run nested in a run, bookmark ids unique (Word repairs files that break either)
    expect(doc).not.toMatch(/<w:r>(?:(?!<\/w:r>).)*<w:r>/);
    const ids = [...doc.matchAll(/<w:bookmarkStart [^>]*w:id="(\d+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
    expect(Object.keys(zip.files).some((f) => f.startsWith('word/media/'))).toBe(true);
    const footer = Object.keys(zip.files).find((f) => /word\/footer\d*\.xml/.test(f))!;
    expect(await zip.file(footer)!.async('string')).toContain('NUMPAGES');
  });

  it('round-trips model → docx → model', async () => {
    const model = parseDocument(sampleDocument());
    const { model: back } = await importDocx(await renderDocument(model));
    expect(back.title).toBe(model.title);
    expect(back.header).toBe(model.header);
    expect(back.footer).toBe(model.footer);
    expect(back.page).toEqual(model.page);
    // colour marks are not read back by mammoth (documented loss)
    const strip = (ns: TiptapNode[]): TiptapNode[] =>
      ns.map((n) => {
        const marks = n.marks?.filter((m) => m.type !== 'textStyle');
        const { marks: _drop, ...rest } = n;
        return { ...rest, ...(marks && marks.length ? { marks } : {}), ...(n.content ? { content: strip(n.content) } : {}) };
      });
    expect(shape(back.doc.content)).toEqual(shape(strip(model.doc.content)));
  });

  it('verifies and summarises', async () => {
    const model = parseDocument(sampleDocument());
    const report = await verifyDocx(await renderDocument(model), { model });
    expect(report.problems).toEqual([]);
    const s = summarizeDocument(model);
    expect(s.headings.map((h) => h.text)).toEqual(['Quarterly report Q3 2025', 'Highlights', 'Results by region', 'Next steps', 'Appendix', 'Method']);
    expect(s.counts).toMatchObject({ tables: 1, images: 1, pageBreaks: 1 });
    expect(s.hasTableOfContents).toBe(true);
    expect(collectHeadings(model.doc.content, 1).map((h) => h.text)).toEqual(['Quarterly report Q3 2025', 'Appendix']);
    expect(nodeText(model.doc.content[1]!)).toBe('Prepared for the board of directors. Figures are unaudited.');
  });
});
