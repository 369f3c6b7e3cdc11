/**
 * Files written by another program (LibreOffice, committed under fixtures/) and by our renderers
 * import into models that render back to files with the same visible content.
 */
import { describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { importXlsx } from './workbook/import-xlsx';
import { renderWorkbook } from './workbook/render-xlsx';
import { verifyXlsx } from './workbook/verify-xlsx';
import { importDocx } from './document/import-docx';
import { renderDocument, collectHeadings } from './document/render-docx';
import { importPptx } from './deck/import-pptx';
import { renderDeck } from './deck/render-pptx';
import { nodeText, type TiptapNode } from './document/schema';
import type { Deck } from './deck/schema';
import type { Workbook } from './workbook/schema';
import { sampleWorkbook } from './fixtures/sample-workbook';
import { sampleDocument } from './fixtures/sample-document';
import { sampleDeck } from './fixtures/sample-deck';

const fixture = (name: string) => readFile(path.join(__dirname, 'fixtures', name));

function visibleCells(wb: Workbook): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const s of wb.sheets) for (const [a, c] of Object.entries(s.cells)) if (c.value !== undefined && c.value !== '') out[`${s.name}!${a}`] = typeof c.value === 'number' ? Number(c.value.toPrecision(12)) : c.value; // LibreOffice stores 15 digits
  return out;
}

function chartsOf(wb: Workbook) {
  return wb.sheets.flatMap((s) => s.charts.map((c) => ({ sheet: s.name, type: c.type, title: c.title, series: c.series.map((x) => x.values), anchor: c.anchor })));
}

function blocksText(nodes: TiptapNode[]): string[] {
  return nodes.filter((n) => n.type !== 'tableOfContents').map((n) => `${n.type}:${nodeText(n).replace(/\s+/g, ' ').trim()}`);
}

function deckVisible(d: Deck) {
  return d.slides.map((s) => ({
    title: s.title,
    subtitle: s.subtitle,
    bullets: (s.bullets ?? []).map((b) => (typeof b === 'string' ? b : b.text)),
    elements: s.elements.map((e) =>
      e.kind === 'chart' ? { chart: e.chartType, categories: e.categories, series: e.series.map((x) => x.values) } : e.kind === 'table' ? { table: e.rows } : e.kind === 'text' ? { text: e.paragraphs.map((p) => p.runs.map((r) => r.text).join('')) } : { [e.kind]: true },
    ),
    notes: s.notes,
  }));
}

describe('importing files written by LibreOffice and by our renderers', () => {
  it('xlsx: cells, cached values and charts survive import → render → import', async () => {
    for (const source of [await fixture('libreoffice-report.xlsx'), await renderWorkbook(sampleWorkbook())]) {
      const first = await importXlsx(source);
      expect(first.sheets.map((s) => s.name)).toEqual(['Sales', 'Products', 'Summary']);
      expect(first.sheets[0]!.cells.D16).toMatchObject({ formula: 'SUM(D4:D15)', value: 34708 });
      const rendered = await renderWorkbook(first);
      const report = await verifyXlsx(rendered, { model: first });
      expect(report.problems).toEqual([]);
      const second = await importXlsx(rendered);
      expect(visibleCells(second)).toEqual(visibleCells(first));
      expect(chartsOf(second)).toEqual(chartsOf(first));
      expect(chartsOf(first)).toHaveLength(5);
    }
  });

  it('docx: headings, paragraphs, tables and images survive import → render → import', async () => {
    for (const source of [await fixture('libreoffice-report.docx'), await renderDocument(sampleDocument())]) {
      const { model: first } = await importDocx(source);
      expect(collectHeadings(first.doc.content).map((h) => h.text)).toEqual(['Quarterly report Q3 2025', 'Highlights', 'Results by region', 'Next steps', 'Appendix', 'Method']);
      expect(first.doc.content.some((n) => n.type === 'table')).toBe(true);
      expect(first.doc.content.some((n) => n.type === 'image')).toBe(true);
      const { model: second } = await importDocx(await renderDocument(first));
      expect(blocksText(second.doc.content)).toEqual(blocksText(first.doc.content));
      // (formatted headers/footers are objects: compared by value)
      expect(second.header).toEqual(first.header);
      expect(second.footer).toEqual(first.footer);
    }
  });

  it('pptx: titles, bullets, charts, tables, text and notes survive import → render → import', async () => {
    for (const source of [await fixture('libreoffice-review.pptx'), await renderDeck(sampleDeck())]) {
      const { deck: first } = await importPptx(source);
      expect(first.slides).toHaveLength(8);
      expect(first.slides[1]!.title).toBe('Revenue by region');
      const { deck: second } = await importPptx(await renderDeck(first));
      expect(deckVisible(second)).toEqual(deckVisible(first));
    }
  });
});
