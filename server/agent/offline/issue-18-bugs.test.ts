/**
 * Regression tests for the offline-model bugs listed in issue 18 ("Why"). Each ran against the
 * offline model end to end (runAgent with provider "offline") and read the generated model.
 */
import { afterAll, describe, expect, it } from 'vitest';
import JSZip from 'jszip';
import { parseDeck } from '@/server/documents/deck/schema';
import { nodeText, parseDocument } from '@/server/documents/document/schema';
import { renderDocument } from '@/server/documents/document/render-docx';
import { estimatePages } from '@/server/documents/document/inspect-document';
import { findSoffice } from '@/server/documents/common/soffice';
import { countDocumentPages } from '@/server/exports/count-document-pages';
import { numberToColumn, parseRange } from '@/lib/workbook/cell-ref';
import { evaluateWorkbook } from '@/server/documents/workbook/evaluate-formulas';
import { parseWorkbook, type Workbook } from '@/server/documents/workbook/schema';
import { customerWorkbook } from './prompts/customer-workbook';
import { isValidDefinedName } from './workbook-features';
import { renderWorkbook } from '@/server/documents/workbook/render-xlsx';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runAgent } from '../run-agent';
import type { AiSettings } from '../providers/resolve-model';

const settings: AiSettings = { provider: 'offline', maxTurns: 40, timeoutMs: 10_000 };

type Sheet = Workbook['sheets'][number];
const headersOf = (s: Sheet, row = 3) => {
  const out: string[] = [];
  for (let c = 0; c < 26; c++) {
    const v = s.cells[`${String.fromCharCode(65 + c)}${row}`]?.value;
    if (typeof v !== 'string') break;
    out.push(v);
  }
  return out;
};
const colOf = (s: Sheet, header: string, row = 3) => String.fromCharCode(65 + headersOf(s, row).indexOf(header));
/** Series names as shown: a name that is a cell reference ("Sales!B3") reads the cell. */
const seriesNames = (wb: Workbook, c: Sheet['charts'][number]) =>
  c.series.map((x) => {
    const m = x.name ? /^'?(.+?)'?!\$?([A-Z]+)\$?(\d+)$/.exec(x.name) : null;
    return m ? wb.sheets.find((s) => s.name === m[1])?.cells[`${m[2]}${m[3]}`]?.value : x.name;
  });

async function excel(prompt: string) {
  const r = await runAgent({ format: 'excel', prompt, document: null, memory: null }, { settings });
  return { ...r, wb: parseWorkbook(r.document) };
}

describe('issue 18: workbooks', () => {
  it('a monthly (quarterly) budget vs actual has one row per month (quarter), not invented categories', async () => {
    const { wb } = await excel('Monthly marketing budget vs actual for 2026 with variance and variance %');
    const s = wb.sheets[0]!;
    expect(headersOf(s)).toEqual(['Month', 'Budget', 'Actual', 'Variance', 'Variance %']);
    expect(Array.from({ length: 12 }, (_, i) => s.cells[`A${4 + i}`]?.value)).toEqual(['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']);
    expect(s.cells.E4?.numFmt).toMatch(/%/);
    const q = (await excel('quarterly budget vs actual')).wb.sheets[0]!;
    expect(headersOf(q)[0]).toBe('Quarter');
    expect(['A4', 'A5', 'A6', 'A7'].map((a) => q.cells[a]?.value)).toEqual(['Q1', 'Q2', 'Q3', 'Q4']);
  });

  it('"Variance %" holds a ratio with a percent format, and "Q4 and" is not a sheet', async () => {
    const { wb } = await excel('Budget vs actual workbook with sheets Q1, Q2, Q3, Q4 and columns Category, Budget, Actual, Variance, Variance %');
    expect(wb.sheets.map((s) => s.name)).toEqual(['Q1', 'Q2', 'Q3', 'Q4']);
    const q1 = wb.sheets[0]!;
    expect(headersOf(q1)).toEqual(['Category', 'Budget', 'Actual', 'Variance', 'Variance %']);
    const v = q1.cells.E4!;
    expect(v.formula).toMatch(/D4\s*\/\s*B4/);
    expect(v.numFmt).toMatch(/%/);
    expect(q1.cells.D4!.formula).toMatch(/C4\s*-\s*B4/);
  });

  it('"with a line chart of revenue" is a line chart on Revenue, not a column', async () => {
    const { wb } = await excel('Sales workbook with columns Month, Revenue, Cost, Profit with a line chart of revenue');
    const s = wb.sheets[0]!;
    expect(headersOf(s)).toEqual(['Month', 'Revenue', 'Cost', 'Profit']);
    expect(s.charts).toHaveLength(1);
    expect(s.charts[0]!.type).toBe('line');
    expect(seriesNames(wb, s.charts[0]!)).toEqual(['Revenue']);
    expect(s.charts[0]!.series[0]!.values).toMatch(/!\$?B\$?4:\$?B\$?15$/);
  });

  it('titled "Sales 2025" with a column chart: the title, a column chart, no column "chart", no sheet named after the phrase', async () => {
    const { wb } = await excel('Create a sales workbook titled "Sales 2025" with a column chart');
    const s = wb.sheets[0]!;
    expect(s.cells.A1?.value).toBe('Sales 2025');
    expect(s.name).not.toMatch(/titled|"/i);
    expect(headersOf(s).map((h) => h.toLowerCase())).not.toContain('chart');
    expect(s.charts.map((c) => c.type)).toContain('column');
  });

  it('a chart of Units is not drawn on the Revenue scale, and chart titles match their series', async () => {
    const { wb } = await excel('Sales tracker with columns Month, Units, Revenue and a chart');
    const charts = wb.sheets.flatMap((s) => s.charts);
    expect(charts.length).toBeGreaterThan(0);
    for (const c of charts) {
      const names = seriesNames(wb, c) as string[];
      expect(names.includes('Units') && names.includes('Revenue')).toBe(false);
      for (const n of names) expect(c.title ?? '').toContain(n);
      expect(c.title ?? '').not.toMatch(names.includes('Units') ? /Revenue/ : /Units/);
    }
  });

  it('an inventory of 500 rows: unique SKUs, a few categories, sensible dates, no total of unit prices, no "as a table" column', async () => {
    const { wb } = await excel('Inventory workbook with 500 rows as a table');
    const s = wb.sheets[0]!;
    const headers = headersOf(s);
    expect(headers.map((h) => h.toLowerCase())).not.toContain('as a table');
    expect(s.tables).toHaveLength(1);
    const col = (h: string) => Array.from({ length: 500 }, (_, i) => s.cells[`${colOf(s, h)}${4 + i}`]?.value);
    const sku = col('SKU');
    expect(sku.every((v) => typeof v === 'string' && v.length > 0)).toBe(true);
    expect(new Set(sku).size).toBe(500);
    const cats = new Set(col('Category'));
    expect(cats.size).toBeGreaterThan(1);
    expect(cats.size).toBeLessThanOrEqual(12);
    const dateHeader = headers.find((h) => /date|restock/i.test(h));
    expect(dateHeader).toBeDefined();
    for (const d of col(dateHeader!)) {
      expect(typeof d).toBe('number');
      expect(d as number).toBeLessThan(46388); // before 2027-01-01 (Excel serial)
      expect(d as number).toBeGreaterThan(45292); // after 2024-01-01
    }
    const price = colOf(s, 'Unit price');
    const totalsRow = Object.entries(s.cells).find(([a, c]) => a.startsWith('A') && c.value === 'Total')?.[0];
    if (totalsRow) expect(s.cells[`${price}${totalsRow.slice(1)}`]?.formula ?? '').not.toMatch(/^SUM/);
    // reorder logic: a formula column comparing stock with the reorder level
    expect(Object.values(s.cells).some((c) => /IF\(/.test(c.formula ?? ''))).toBe(true);
  });

  it('"Build a 3-statement financial model": income statement, balance sheet and cash flow linked by formulas', async () => {
    const { wb } = await excel('Build a 3-statement financial model');
    const names = wb.sheets.map((s) => s.name);
    expect(names).toEqual(expect.arrayContaining(['Income Statement', 'Balance Sheet', 'Cash Flow']));
    const formulas = (n: string) => Object.values(wb.sheets.find((s) => s.name === n)!.cells).map((c) => c.formula ?? '').join('\n');
    expect(formulas('Cash Flow')).toMatch(/'Income Statement'!/);
    expect(formulas('Balance Sheet')).toMatch(/'Cash Flow'!/);
    expect(formulas('Balance Sheet')).toMatch(/'Income Statement'!/);
    expect(JSON.stringify(wb)).not.toMatch(/Item 1\b/);
  });

  it('resuming an imported real workbook with "Add a column Status" writes no invented values into its rows, and says so', async () => {
    const customer = customerWorkbook();
    const r = await runAgent({ format: 'excel', prompt: 'Add a column Status', document: customer, memory: null }, { settings });
    const s = parseWorkbook(r.document).sheets[0]!;
    expect(s.cells.D1?.value).toBe('Status');
    for (const a of ['D2', 'D3', 'D4']) {
      const v = s.cells[a]?.value;
      expect(v === undefined || v === null || v === '').toBe(true);
    }
    expect(r.summary).toMatch(/empty|left blank/i);
  });
});

describe('issue 18: decks', () => {
  it('"30 slides with charts and tables": 30 slides, charts and tables, no "(2)" repeats', async () => {
    const r = await runAgent({ format: 'slides', prompt: 'A 30 slides presentation about our product strategy with charts and tables', document: null, memory: null }, { settings });
    const deck = parseDeck(r.document);
    expect(deck.slides).toHaveLength(30);
    const kinds = deck.slides.flatMap((s) => s.elements.map((e) => e.kind));
    expect(kinds.filter((k) => k === 'chart').length).toBeGreaterThanOrEqual(2);
    expect(kinds.filter((k) => k === 'table').length).toBeGreaterThanOrEqual(2);
    const titles = deck.slides.map((s) => s.title ?? '');
    expect(titles.some((t) => /\(\d\)$/.test(t))).toBe(false);
    expect(new Set(titles).size).toBe(30);
  });

  it('"a bar chart" is a bar chart', async () => {
    const r = await runAgent({ format: 'slides', prompt: 'A 5-slide deck about hiring with a bar chart', document: null, memory: null }, { settings });
    const charts = parseDeck(r.document).slides.flatMap((s) => s.elements.filter((e) => e.kind === 'chart'));
    expect(charts).toHaveLength(1);
    expect(charts[0]!.kind === 'chart' && charts[0]!.chartType).toBe('bar');
  });

  it('"add 30 slides" adds exactly 30 (issue 17 too)', async () => {
    const first = await runAgent({ format: 'slides', prompt: 'a 4-slide deck about onboarding', document: null, memory: null }, { settings });
    const second = await runAgent({ format: 'slides', prompt: 'add 30 slides', document: first.document, memory: first.memory }, { settings });
    expect(parseDeck(second.document).slides).toHaveLength(34);
  });

  it('resume "Change the title of slide 2 to …" is done; what it does not understand it says', async () => {
    const first = await runAgent({ format: 'slides', prompt: 'a 5-slide deck about onboarding', document: null, memory: null }, { settings });
    const second = await runAgent(
      { format: 'slides', prompt: 'Change the title of slide 2 to "Why now?" and make the whole deck more exciting', document: first.document, memory: first.memory },
      { settings },
    );
    const deck = parseDeck(second.document);
    expect(deck.slides[1]!.title).toBe('Why now?');
    expect(second.summary).toMatch(/did not understand[^.]*more exciting/i);
  });
});

/** The values of a chart range ("Sales!B3:E3") as the workbook holds them (formulas evaluated). */
function rangeValues(wb: Workbook, ref: string): unknown[] {
  const ev = evaluateWorkbook(wb);
  const [sheetPart, cells] = ref.includes('!') ? [ref.slice(0, ref.lastIndexOf('!')).replace(/^'|'$/g, ''), ref.slice(ref.lastIndexOf('!') + 1)] : [wb.sheets[0]!.name, ref];
  const r = parseRange(cells.replaceAll('$', ''));
  const out: unknown[] = [];
  for (let row = r.from.row; row <= r.to.row; row++) for (let col = r.from.col; col <= r.to.col; col++) out.push(ev.get(sheetPart, `${numberToColumn(col)}${row}`));
  return out;
}

describe('issue 18 follow-up: sales report by region and month', () => {
  it('"Sales report by region and month": months down, one column per region, totals, and a line over the months', async () => {
    const { wb } = await excel('Sales report by region and month');
    const s = wb.sheets[0]!;
    expect(headersOf(s)).toEqual(['Month', 'North', 'South', 'East', 'West', 'Total']);
    expect(s.cells.A4?.value).toBe('Jan');
    expect(s.cells.A15?.value).toBe('Dec');
    expect(s.cells.A16?.value).toBe('Total');
    expect(s.cells.B16?.formula).toBe('SUM(B4:B15)');
    expect(s.cells.F4?.formula).toBe('SUM(B4:E4)');
    // a report comes with its chart: a line per region over the months (no repeated categories)
    expect(s.charts).toHaveLength(1);
    const c = s.charts[0]!;
    expect(c.type).toBe('line');
    expect(seriesNames(wb, c)).toEqual(['North', 'South', 'East', 'West']);
    const cats = rangeValues(wb, c.categories!);
    expect(cats).toEqual(['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']);
  });

  it('"by month and country … with a column chart": the columns compare the countries on the totals row', async () => {
    const { wb } = await excel('Sales by month and country with totals and a column chart');
    const s = wb.sheets[0]!;
    expect(headersOf(s)).toEqual(['Month', 'France', 'Germany', 'Spain', 'Italy', 'Total']);
    const c = s.charts[0]!;
    expect(c.type).toBe('column');
    expect(rangeValues(wb, c.categories!)).toEqual(['France', 'Germany', 'Spain', 'Italy']);
    expect(c.series).toHaveLength(1);
    // the series is the yearly total of each country
    const totals = rangeValues(wb, c.series[0]!.values);
    expect(totals).toEqual(rangeValues(wb, `${s.name}!B16:E16`));
    const ev = evaluateWorkbook(wb);
    const france = Array.from({ length: 12 }, (_, i) => ev.get(s.name, `B${4 + i}`) as number).reduce((a, b) => a + b, 0);
    expect(totals[0]).toBe(france);
    expect(c.title).toMatch(/country/i);
  });
});

describe('issue 18 follow-up: report with numbered sections and a table of contents', () => {
  it('the document holds a table-of-contents element (not a hand-made list), and the .docx lists every numbered section with its page', async () => {
    const r = await runAgent({ format: 'word', prompt: 'Write a report on supply chain risks with numbered sections and a table of contents', document: null, memory: null }, { settings });
    const doc = parseDocument(r.document);
    const content = doc.doc.content;
    const toc = content.findIndex((n) => n.type === 'tableOfContents');
    expect(toc).toBeGreaterThan(0);
    const sections = content.filter((n) => n.type === 'heading' && n.attrs?.level === 2).map(nodeText);
    expect(sections.length).toBeGreaterThanOrEqual(4);
    sections.forEach((t, i) => expect(t).toMatch(new RegExp(`^${i + 1}\\. \\S`)));
    expect(sections).not.toContain('Contents');
    expect(content.findIndex((n) => n.type === 'heading' && n.attrs?.level === 2)).toBeGreaterThan(toc);
    const docx = await renderDocument(doc);
    const xml = await (await JSZip.loadAsync(docx)).file('word/document.xml')!.async('string');
    const text = xml.replace(/<[^>]+>/g, '');
    for (const t of sections) expect(text).toContain(t);
    // one PAGEREF field per listed heading (title + sections), each to a bookmark on its heading
    const refs = [...xml.matchAll(/PAGEREF (_Toc_ds_\d+)/g)].map((m) => m[1]);
    expect(refs.length).toBe(sections.length + 1);
    for (const id of refs) expect(xml).toContain(`w:name="${id}"`);
  });
});

describe('issue 18 follow-up: resume edits of a workbook', () => {
  async function resume(start: string, prompt: string) {
    const first = await runAgent({ format: 'excel', prompt: start, document: null, memory: null }, { settings });
    // a copy: the agent's workbook state writes into the cells of the document it is given
    const before = parseWorkbook(structuredClone(first.document));
    const r = await runAgent({ format: 'excel', prompt, document: first.document, memory: first.memory }, { settings });
    return { ...r, before, wb: parseWorkbook(r.document) };
  }

  it('resume edits done exactly: a Notes sheet is empty, a column it has is not added twice, a chart of a missing column is said, a Total is a formula, a totals row sums', async () => {
    const notes = await resume('headcount by department with a column chart', 'add a sheet called Notes');
    const n = notes.wb.sheets.find((x) => x.name === 'Notes')!;
    expect(Object.keys(n.cells)).toEqual(['A1']);
    expect(notes.summary).toMatch(/added sheet "Notes" \(empty, for text\)/i);

    const twice = await resume('expense report for January 2026', 'add a column Category after Date');
    expect(headersOf(twice.wb.sheets[0]!)).toEqual(headersOf(twice.before.sheets[0]!));
    expect(twice.summary).toMatch(/did not add column "Category": .* already has it after "Date"/);
    const moved = await resume('expense report for January 2026', 'add a column Amount after Date');
    expect(headersOf(moved.wb.sheets[0]!)).toEqual(['Date', 'Amount', 'Category', 'Description']);
    expect(moved.summary).toMatch(/did not add column "Amount" again .*moved it after "Date"/);

    const chart = await resume('Revenue by year 2021-2025', 'add a line chart of the Total');
    expect(chart.wb.sheets[0]!.charts).toEqual(chart.before.sheets[0]!.charts);
    expect(chart.summary).toMatch(/did not add a chart of "Total": "[^"]+" has no such column/);

    const total = await resume('headcount by department', 'add a column Total');
    const t = total.wb.sheets[0]!;
    expect(t.cells[`${colOf(t, 'Total')}4`]?.formula).toBe('SUM(B4:B4)');

    // a customer's table (header in row 1, three rows, no total): one Total row under it
    const rows = await runAgent({ format: 'excel', prompt: 'add a totals row', document: customerWorkbook(), memory: null }, { settings });
    const c = parseWorkbook(rows.document).sheets[0]!;
    expect([c.cells.A5?.value, c.cells.B5?.value ?? null, c.cells.C5?.formula]).toEqual(['Total', null, 'SUM(C2:C4)']);
    expect(rows.summary).toMatch(/added a Total row/i);
    // one already there, or nothing that adds up: said, nothing written
    const again = await runAgent({ format: 'excel', prompt: 'add a totals row', document: rows.document, memory: rows.memory }, { settings });
    expect(again.summary).toMatch(/already has one/);
    const prices = await resume('a price list of 6 products', 'add a totals row');
    expect(prices.wb).toEqual(prices.before);
    expect(prices.summary).toMatch(/no column that adds up/);
  });

  it('"highlight rows where stock is below the reorder level": a formula rule comparing the two columns, per row, over the whole table', async () => {
    const { wb, summary } = await resume('Inventory tracker for 200 products with reorder points', 'highlight rows where stock is below the reorder level and freeze the header');
    const s = wb.sheets[0]!;
    const [stock, reorder] = [colOf(s, 'Stock'), colOf(s, 'Reorder level')];
    const last = String.fromCharCode(64 + headersOf(s).length);
    expect(s.conditionalFormats).toEqual([{ range: `A4:${last}203`, rule: { type: 'expression', formula: `$${stock}4<$${reorder}4`, style: expect.objectContaining({ fill: expect.any(String) }) } }]);
    expect(summary).toMatch(/highlighted rows where "Stock" is under "Reorder level"/i);
    expect(summary).not.toMatch(/did not understand/);
    // a column it cannot find is said, not guessed
    const miss = await resume('Inventory tracker for 20 products', 'highlight rows where margin is below the target');
    expect(miss.summary).toMatch(/did not highlight rows where "margin" is under "target"/);
  });

  it('"add a column Share of total %" beside a Total column: each row\'s share of the total column, not of the last region', async () => {
    const { wb } = await resume('Sales by region and month for 2025 with a bar chart of total sales per region', 'add a column Share of total %');
    const s = wb.sheets[0]!;
    const col = colOf(s, 'Share of total %');
    const total = colOf(s, 'Total');
    expect(s.cells[`${col}4`]?.formula).toBe(`IF(SUM(${total}$4:${total}$15)=0,0,${total}4/SUM(${total}$4:${total}$15))`);
    expect(s.cells[`${col}4`]?.numFmt).toMatch(/%/);
  });

  it('"add 3 rows": the rows join the data, their formulas are copied, the totals and the chart cover them', async () => {
    const { wb, summary } = await resume('Sales report by region and month', 'Add 3 rows');
    const s = wb.sheets[0]!;
    expect(['A16', 'A17', 'A18'].map((a) => s.cells[a]?.value)).toEqual(['Jan 2026', 'Feb 2026', 'Mar 2026']);
    for (const r of [16, 17, 18]) {
      expect(s.cells[`F${r}`]?.formula).toBe(`SUM(B${r}:E${r})`);
      expect(typeof s.cells[`B${r}`]?.value).toBe('number');
    }
    expect(s.cells.A19?.value).toBe('Total');
    expect(s.cells.B19?.formula).toBe('SUM(B4:B18)');
    expect(s.cells.F19?.formula).toBe('SUM(F4:F18)');
    const c = s.charts[0]!;
    expect(c.categories).toBe('Sales!A4:A18');
    expect(c.series.map((x) => x.values)).toEqual(['Sales!B4:B18', 'Sales!C4:C18', 'Sales!D4:D18', 'Sales!E4:E18']);
    expect(summary).toMatch(/added 3 rows to "Sales"/i);
    expect(summary).not.toMatch(/failed/);
  });

  it('"move Units to the end": values, the formulas that read the moved columns and the charts follow', async () => {
    const { wb, before } = await resume('Sales tracker with columns Month, Units, Revenue, Growth % and charts', 'Move the Units column to the end');
    const s = wb.sheets[0]!;
    const old = before.sheets[0]!;
    expect(headersOf(s)).toEqual(['Month', 'Revenue', 'Growth %', 'Units']);
    expect(s.cells.B7?.value).toBe(old.cells.C7?.value);
    expect(s.cells.D7?.value).toBe(old.cells.B7?.value);
    // Growth % still measures Revenue, now in column B
    expect(s.cells.C7?.formula).toBe('IF(B6=0,0,(B7-B6)/B6)');
    expect(s.cells.D16?.formula).toBe('SUM(D4:D15)');
    const byName = new Map(s.charts.map((c) => [seriesNames(wb, c)[0], c.series[0]!.values]));
    expect(byName.get('Revenue')).toBe('Sales!B4:B15');
    expect(byName.get('Units')).toBe('Sales!D4:D15');
  });

  it('"delete the Cost column" when Profit reads it: nothing changes, and the summary says why', async () => {
    const { wb, before, summary } = await resume('Sales tracker with columns Month, Units, Revenue, Cost, Profit', 'Delete the Cost column');
    expect(wb).toEqual(before);
    expect(summary).toMatch(/did not delete column "Cost": "Profit" uses it/);
  });

  it('"rename column Units to Volume": the chart series named after it and its title follow', async () => {
    const { wb } = await resume('Sales tracker with columns Month, Units, Revenue and charts', 'Rename column Units to Volume');
    const s = wb.sheets[0]!;
    const c = s.charts.find((x) => x.series[0]!.values === 'Sales!B4:B15')!;
    expect(seriesNames(wb, c)).toEqual(['Volume']);
    expect(c.title).toBe('Volume by month');
  });

  it('a part it does not understand is named, word for word, and the rest is done', async () => {
    const { wb, summary } = await resume('Sales tracker with columns Month, Units, Revenue', 'Add 2 rows and make the numbers more realistic');
    expect(wb.sheets[0]!.cells.A18?.value).toBe('Total');
    expect(wb.sheets[0]!.cells.B18?.formula).toBe('SUM(B4:B17)');
    expect(summary).toMatch(/did not understand "make the numbers more realistic"/);
  });
});

describe('issue 18 follow-up: resume edits of a document', () => {
  /** The blocks of a section (heading included, ids left out), by its title without a number. */
  const sectionBlocks = (doc: ReturnType<typeof parseDocument>, title: string) => {
    const c = doc.doc.content;
    const at = c.findIndex((n) => n.type === 'heading' && nodeText(n).replace(/^\d+\.\s*/, '') === title);
    let end = at + 1;
    while (end < c.length && !(c[end]!.type === 'heading' && Number(c[end]!.attrs?.level) <= Number(c[at]!.attrs?.level))) end++;
    return JSON.parse(JSON.stringify(c.slice(at, end), (k, v) => (k === 'id' || (k === 'attrs' && v && typeof v === 'object' && 'level' in v) ? undefined : v)));
  };
  const h2 = (doc: ReturnType<typeof parseDocument>) => doc.doc.content.filter((n) => n.type === 'heading' && n.attrs?.level === 2).map(nodeText);

  it('"move Introduction to the end": the section moves with its body and its table, unchanged', async () => {
    const first = await runAgent({ format: 'word', prompt: 'Write a report titled "Remote work policy" with sections Introduction, Risks and Next steps, including a table', document: null, memory: null }, { settings });
    const before = parseDocument(structuredClone(first.document));
    const r = await runAgent({ format: 'word', prompt: 'Move Introduction to the end', document: first.document, memory: first.memory }, { settings });
    const doc = parseDocument(r.document);
    expect(h2(doc)).toEqual(['Risks', 'Next steps', 'Introduction']);
    expect(sectionBlocks(doc, 'Introduction')).toEqual(sectionBlocks(before, 'Introduction'));
    expect(JSON.stringify(sectionBlocks(doc, 'Introduction'))).toContain('"table"');
    expect(r.summary).toMatch(/moved section "Introduction" to the end/i);
  });

  it('a section holding an image, a page break and a long text moves whole (an uploaded document, no memory)', async () => {
    const para = (text: string) => ({ type: 'paragraph', content: [{ type: 'text', text }] });
    const head = (text: string) => ({ type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text }] });
    const long = 'The warehouse figures were checked line by line against the delivery notes. '.repeat(120);
    const png = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
    const uploaded = parseDocument({
      title: 'Site visit',
      doc: { type: 'doc', content: [head('Summary'), para('Short summary.'), head('Photos'), { type: 'image', attrs: { src: png, alt: 'Dock 3' } }, { type: 'pageBreak' }, para(long), head('Next steps'), para('Order new racks.')] },
    });
    const before = structuredClone(uploaded);
    const r = await runAgent({ format: 'word', prompt: 'Move Photos to the end', document: uploaded, memory: null }, { settings });
    const doc = parseDocument(r.document);
    expect(h2(doc)).toEqual(['Summary', 'Next steps', 'Photos']);
    expect(sectionBlocks(doc, 'Photos')).toEqual(sectionBlocks(before, 'Photos'));
    expect(sectionBlocks(doc, 'Photos').map((n: { type: string }) => n.type)).toEqual(['heading', 'image', 'pageBreak', 'paragraph']);
    expect(r.summary).toMatch(/moved section "Photos" to the end/i);
    expect(r.summary).not.toMatch(/did not move|failed/);
  });

  it('numbered sections are renumbered after a move, and the table of contents stays in front', async () => {
    const first = await runAgent({ format: 'word', prompt: 'Annual report on customer satisfaction', document: null, memory: null }, { settings });
    const r = await runAgent({ format: 'word', prompt: 'Move Recommendations before Background', document: first.document, memory: first.memory }, { settings });
    const doc = parseDocument(r.document);
    expect(h2(doc)).toEqual(['1. Executive summary', '2. Recommendations', '3. Background', '4. Findings', '5. Next steps']);
    expect(doc.doc.content.findIndex((n) => n.type === 'tableOfContents')).toBeLessThan(doc.doc.content.findIndex((n) => n.type === 'heading' && n.attrs?.level === 2));
  });

  it('a move to a section that does not exist changes nothing and says which name it did not find', async () => {
    const first = await runAgent({ format: 'word', prompt: 'Report on churn with sections Summary, Drivers, Actions', document: null, memory: null }, { settings });
    const before = structuredClone(first.document);
    const r = await runAgent({ format: 'word', prompt: 'Move Summary after Pricing', document: first.document, memory: first.memory }, { settings });
    expect(r.document).toEqual(before);
    expect(r.summary).toMatch(/did not move "Summary": there is no other section "Pricing"/);
  });
});

describe('issue 18 follow-up: deck visuals match what they are titled and asked for', () => {
  const deck = async (prompt: string) => parseDeck((await runAgent({ format: 'slides', prompt, document: null, memory: null }, { settings })).document);

  it('a QBR "with a revenue chart and a pricing table" has a Pricing slide with plans and prices, and the monthly chart runs over months', async () => {
    const d = await deck('A quarterly business review deck with a revenue chart and a pricing table');
    const pricing = d.slides.find((s) => s.title === 'Pricing');
    expect(pricing?.layout).toBe('table');
    const table = pricing!.elements.find((e) => e.kind === 'table');
    expect(table?.kind === 'table' && table.rows[0]).toEqual(['Plan', 'Price per seat / month', 'Seats', 'Support']);
    expect(d.slides.at(-1)!.title).not.toBe('Pricing');
    const monthly = d.slides.find((s) => /by month/i.test(s.title ?? ''));
    const chart = monthly?.elements.find((e) => e.kind === 'chart');
    expect(chart?.kind === 'chart' && chart.categories).toEqual(['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun']);
  });

  it('with a fixed slide count the pricing table takes a generic slide and the count stays', async () => {
    const d = await deck('A 6-slide sales deck with a pricing table');
    expect(d.slides).toHaveLength(6);
    expect(d.slides.filter((s) => s.title === 'Pricing')).toHaveLength(1);
  });

  it('a pipeline chart narrows from stage to stage', async () => {
    const d = await deck('A QBR deck');
    const pipeline = d.slides.find((s) => /pipeline/i.test(s.title ?? ''))?.elements.find((e) => e.kind === 'chart');
    expect(pipeline?.kind === 'chart' && pipeline.categories).toEqual(['Lead', 'Qualified', 'Proposal', 'Negotiation', 'Won']);
    const values = pipeline?.kind === 'chart' ? pipeline.series[0]!.values : [];
    expect([...values].sort((a, b) => b - a)).toEqual(values);
  });
});

describe('issue 18 follow-up: a document with a page limit keeps to it', () => {
  it('"a one-page report … with a table of costs" has no contents page, a shown title, at most 3 sections, and fits one page (LibreOffice count in CI)', async () => {
    const r = await runAgent({ format: 'word', prompt: 'A one-page report on office parking with a table of costs', document: null, memory: null }, { settings });
    const doc = parseDocument(r.document);
    const types = doc.doc.content.map((n) => n.type);
    expect(types).not.toContain('tableOfContents');
    expect(doc.doc.content[0]).toMatchObject({ type: 'paragraph', attrs: { kind: 'title' } });
    expect(doc.doc.content.filter((n) => n.type === 'heading').length).toBeLessThanOrEqual(3);
    expect(estimatePages(doc).pages).toBe(1);
    if (findSoffice() || process.env.CI) expect(await countDocumentPages(await renderDocument(doc))).toBe(1);
  }, 60_000);

  it('without a page limit a report keeps its contents page and opening section', async () => {
    const r = await runAgent({ format: 'word', prompt: 'A report on office parking', document: null, memory: null }, { settings });
    const types = parseDocument(r.document).doc.content.map((n) => n.type);
    expect(types).toContain('tableOfContents');
  });
});

describe('issue 18 follow-up: a quarter is its three months', () => {
  it('"Q3 sales report by region and month" lists Jul–Sep of this year, not twelve months; "Q1 2026" Jan–Mar', async () => {
    const year = new Date().getUTCFullYear();
    const q3 = (await excel('Q3 sales report by region and month with totals and a column chart of revenue by region')).wb.sheets[0]!;
    expect([4, 5, 6, 7].map((r) => q3.cells[`A${r}`]?.value)).toEqual([`Jul ${year}`, `Aug ${year}`, `Sep ${year}`, 'Total']);
    const q1 = (await excel('Sales report for Q1 2026 by month')).wb.sheets[0]!;
    expect([4, 5, 6, 7].map((r) => q1.cells[`A${r}`]?.value)).toEqual(['Jan', 'Feb', 'Mar', 'Total']);
  });
});

/** An Excel date serial (days since 1899-12-30). */
const serial = (y: number, m: number, d: number) => Math.round((Date.UTC(y, m - 1, d) - Date.UTC(1899, 11, 30)) / 86_400_000);

describe('issue 18 (workbooks): a period given in months is dated rows inside it, not twelve months', () => {
  /** The data rows' values of a column (up to the Total row). */
  const column = (s: Sheet, letter: string) => {
    const out: unknown[] = [];
    for (let r = 4; r < 600 && s.cells[`A${r}`] && s.cells[`A${r}`]!.value !== 'Total'; r++) out.push(s.cells[`${letter}${r}`]?.value ?? (s.cells[`${letter}${r}`]?.formula ? '=' : null));
    return out;
  };

  it.each([
    ['January 2026 expense report', serial(2026, 1, 1), serial(2026, 1, 31)],
    ['expense report for March 2025', serial(2025, 3, 1), serial(2025, 3, 31)],
    ['Could you make me an expense log for Feb 2027, please', serial(2027, 2, 1), serial(2027, 2, 28)],
  ])('"%s": dated expense lines within the month, with a date format, categories of expenses and a total', async (prompt, first, last) => {
    const { wb } = await excel(prompt);
    const s = wb.sheets[0]!;
    expect(headersOf(s)).toEqual(['Date', 'Category', 'Description', 'Amount']);
    const dates = column(s, 'A');
    expect(dates.length).toBeGreaterThanOrEqual(10);
    expect(dates.length).toBeLessThanOrEqual(31);
    for (const d of dates) {
      expect(typeof d).toBe('number');
      expect(d as number).toBeGreaterThanOrEqual(first);
      expect(d as number).toBeLessThanOrEqual(last);
    }
    expect([...dates].sort((a, b) => (a as number) - (b as number))).toEqual(dates);
    expect(dates[0]).toBe(first);
    expect(s.cells.A4?.numFmt).toBe('yyyy-mm-dd');
    // no month labels (the old bug: twelve rows Jan…Dec)
    expect(dates.some((d) => typeof d === 'string')).toBe(false);
    expect(column(s, 'B').every((c) => ['Travel', 'Meals', 'Software', 'Office supplies', 'Accommodation', 'Transport', 'Training', 'Phone & internet'].includes(String(c)))).toBe(true);
    const amounts = column(s, 'D') as number[];
    expect(amounts.every((a) => a > 0 && a < 1000)).toBe(true);
    const total = 4 + dates.length;
    expect(s.cells[`A${total}`]?.value).toBe('Total');
    expect(s.cells[`D${total}`]?.formula).toBe(`SUM(D4:D${total - 1})`);
  });

  it('"daily sales log for Q2 2026": one row a day, 1 April to 30 June 2026', async () => {
    const { wb } = await excel('daily sales log for Q2 2026');
    const s = wb.sheets[0]!;
    expect(headersOf(s)[0]).toBe('Date');
    const dates = column(s, 'A') as number[];
    expect(dates).toHaveLength(91);
    expect(dates[0]).toBe(serial(2026, 4, 1));
    expect(dates[90]).toBe(serial(2026, 6, 30));
    dates.forEach((d, i) => expect(d).toBe(serial(2026, 4, 1) + i));
  });

  it('a month run ("Jan–Mar 2026") and "for March" (this year) stay inside their months; "by month" still lists months', async () => {
    const s = (await excel('Expense log Jan–Mar 2026')).wb.sheets[0]!;
    const dates = column(s, 'A') as number[];
    expect(Math.min(...dates)).toBe(serial(2026, 1, 1));
    expect(Math.max(...dates)).toBeLessThanOrEqual(serial(2026, 3, 31));
    const year = new Date().getUTCFullYear();
    const march = column((await excel('Build me an expense report for March with date, vendor, category and amount columns')).wb.sheets[0]!, 'A') as number[];
    expect(march.every((d) => d >= serial(year, 3, 1) && d <= serial(year, 3, 31))).toBe(true);
    const monthly = (await excel('Sales report for Q1 2026 by month')).wb.sheets[0]!;
    expect([4, 5, 6].map((r) => monthly.cells[`A${r}`]?.value)).toEqual(['Jan', 'Feb', 'Mar']);
  });
});

describe('issue 18 (workbooks): a column moved or deleted on resume names the charts that followed or lost it', () => {
  /** An uploaded file with two charts: Revenue and Cost together, and Cost alone. */
  const upload = () =>
    parseWorkbook({
      sheets: [
        {
          name: 'Accounts',
          cells: {
            A1: { value: 'Customer' }, B1: { value: 'Revenue' }, C1: { value: 'Cost' }, D1: { value: 'Region' },
            A2: { value: 'Acme' }, B2: { value: 1200 }, C2: { value: 700 }, D2: { value: 'North' },
            A3: { value: 'Globex' }, B3: { value: 800 }, C3: { value: 500 }, D3: { value: 'South' },
          },
          charts: [
            { id: 'c1', type: 'column', title: 'Revenue and cost', categories: 'Accounts!$A$2:$A$3', series: [{ name: 'Accounts!$B$1', values: 'Accounts!$B$2:$B$3' }, { name: 'Accounts!$C$1', values: 'Accounts!$C$2:$C$3' }], anchor: 'G2:N16' },
            { id: 'c2', type: 'pie', title: 'Cost split', categories: 'Accounts!$A$2:$A$3', series: [{ name: 'Accounts!$C$1', values: 'Accounts!$C$2:$C$3' }], anchor: 'G18:N32' },
          ],
        },
      ],
    });

  it('a move: every chart that plots a moved column is named with where it now reads', async () => {
    const r = await runAgent({ format: 'excel', prompt: 'Move the Revenue column to the end', document: upload(), memory: null }, { settings });
    const s = parseWorkbook(r.document).sheets[0]!;
    expect(headersOf(s, 1)).toEqual(['Customer', 'Cost', 'Region', 'Revenue']);
    expect(r.summary).toMatch(/moved column "Revenue" to the last column on "Accounts"/i);
    expect(r.summary).toContain('chart "Revenue and cost" now plots "Revenue" from Accounts!$D$2:$D$3, "Cost" from Accounts!$B$2:$B$3');
    expect(r.summary).toContain('chart "Cost split" now plots "Cost" from Accounts!$B$2:$B$3');
    expect(s.charts.find((c) => c.id === 'c1')!.series.map((x) => x.values)).toEqual(['Accounts!$D$2:$D$3', 'Accounts!$B$2:$B$3']);
  });

  it('a delete: the chart that lost a series and the chart that was removed are named', async () => {
    const r = await runAgent({ format: 'excel', prompt: 'Delete the Cost column', document: upload(), memory: null }, { settings });
    const s = parseWorkbook(r.document).sheets[0]!;
    expect(headersOf(s, 1)).toEqual(['Customer', 'Revenue', 'Region']);
    expect(s.charts.map((c) => c.id)).toEqual(['c1']);
    expect(r.summary).toContain('chart "Revenue and cost" lost series "Cost"');
    expect(r.summary).toContain('chart "Cost split" was removed (it plotted only "Cost")');
  });

  it('a delete of the label column: the chart keeps its series and is said to have lost its labels', async () => {
    const r = await runAgent({ format: 'excel', prompt: 'Remove the Customer column', document: upload(), memory: null }, { settings });
    expect(r.summary).toMatch(/chart "Revenue and cost" now plots "Revenue" from Accounts!\$A\$2:\$A\$3, "Cost" from Accounts!\$B\$2:\$B\$3 and lost its category labels \("Customer"\)/);
  });
});

const PYTHON = '/usr/bin/python3';
const hasOpenpyxl = existsSync(PYTHON) && (await new Promise<boolean>((resolve) => execFile(PYTHON, ['-c', 'import openpyxl'], (err) => resolve(!err))));
const tmpDirs: string[] = [];
afterAll(async () => {
  await Promise.all(tmpDirs.map((d) => rm(d, { recursive: true, force: true })));
});
/** Conditional formats, validations and defined names as openpyxl reads them from the rendered .xlsx. */
async function readBack(wb: Workbook): Promise<{ names: string[]; sheets: Record<string, { cf: string[]; dv: string[] }> }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'offline-wb-'));
  tmpDirs.push(dir);
  const file = path.join(dir, 'book.xlsx');
  await writeFile(file, await renderWorkbook(wb));
  const py = `
import json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
try:
    names = [n for n, _ in wb.defined_names.items()]
except AttributeError:
    names = [d.name for d in wb.defined_names.definedName]
out = {"names": names, "sheets": {}}
for ws in wb.worksheets:
    out["sheets"][ws.title] = {"cf": [str(r.sqref) for r in ws.conditional_formatting], "dv": [str(d.sqref) for d in ws.data_validations.dataValidation]}
print(json.dumps(out))
`;
  return new Promise((resolve, reject) => execFile(PYTHON, ['-c', py, file], (err, stdout, stderr) => (err ? reject(new Error(`${err.message} ${stderr}`)) : resolve(JSON.parse(stdout)))));
}

describe('issue 18 (workbooks): a rule or validation spanning the moved column is split, the moved cells keep it', () => {
  const upload = () =>
    parseWorkbook({
      sheets: [
        {
          name: 'Accounts',
          cells: {
            A1: { value: 'Customer' }, B1: { value: 'Revenue' }, C1: { value: 'Cost' }, D1: { value: 'Region' },
            A2: { value: 'Acme' }, B2: { value: 1200 }, C2: { value: 700 }, D2: { value: 'North' },
            A3: { value: 'Globex' }, B3: { value: 800 }, C3: { value: 500 }, D3: { value: 'South' },
            A4: { value: 'Initech' }, B4: { value: 450 }, C4: { value: 300 }, D4: { value: 'East' },
          },
          conditionalFormats: [{ range: 'B2:C4', rule: { type: 'cellIs', operator: 'greaterThan', values: [600], style: { fill: '#FFC7CE' } } }],
          dataValidations: [{ range: 'B2:C4', type: 'decimal', operator: 'greaterThanOrEqual', formula1: '0' }],
        },
      ],
    });

  it('"Move Revenue to the end": the rule covers Cost where it stays and Revenue where it lands (model), and the .xlsx says so (openpyxl)', async () => {
    const r = await runAgent({ format: 'excel', prompt: 'Move Revenue to the end', document: upload(), memory: null }, { settings });
    const wb = parseWorkbook(r.document);
    const s = wb.sheets[0]!;
    expect(headersOf(s, 1)).toEqual(['Customer', 'Cost', 'Region', 'Revenue']);
    expect(s.conditionalFormats.map((c) => c.range)).toEqual(['B2:B4 D2:D4']);
    expect(s.dataValidations?.map((d) => d.range)).toEqual(['B2:B4 D2:D4']);
    // Region (C) carries neither
    expect(r.summary).not.toMatch(/failed/);
    if (!hasOpenpyxl && !process.env.CI) return;
    const back = await readBack(wb);
    expect(back.sheets.Accounts!.cf).toEqual(['B2:B4 D2:D4']);
    expect(back.sheets.Accounts!.dv).toEqual(['B2:B4 D2:D4']);
  });

  it('"Move Cost to the front": the block closes up and the moved column joins nothing it was not in', async () => {
    const r = await runAgent({ format: 'excel', prompt: 'Move the Cost column to the front', document: upload(), memory: null }, { settings });
    const s = parseWorkbook(r.document).sheets[0]!;
    expect(headersOf(s, 1)).toEqual(['Cost', 'Customer', 'Revenue', 'Region']);
    expect(s.conditionalFormats.map((c) => c.range)).toEqual(['C2:C4 A2:A4']);
    expect(s.dataValidations?.map((d) => d.range)).toEqual(['C2:C4 A2:A4']);
  });
});

describe('issue 18 (workbooks): defined names are valid Excel names and read as what they hold', () => {
  it('the name rule: no cell addresses (A1 or R1C1), a letter or "_" first, letters, digits, "_" and "." only', () => {
    for (const bad of ['Q1', 'q4', 'FY2026', 'AB12', 'XFD1048576', 'R1C1', 'R', 'C', 'RC', 'r2c', 'C12', '2026', 'Sales Q1', 'Q1%', '', 'TRUE']) expect([bad, isValidDefinedName(bad)]).toEqual([bad, false]);
    for (const good of ['Sales_Q1', 'Revenue', 'XFE1', 'Q1_total', '_2026', 'Variance_Pct', 'Budget.2026', 'RCX']) expect([good, isValidDefinedName(good)]).toEqual([good, true]);
  });

  it.each([
    ['Sales by region with columns Q1, Q2, Q3, Q4 and totals, with named ranges', ['Sales_Q1', 'Sales_Q2', 'Sales_Q3', 'Sales_Q4', 'Total']],
    ['Revenue by product with columns FY2025, FY2026 and named ranges', ['Sales_FY2025', 'Sales_FY2026']],
    ['Budget workbook with columns Department, 2026, 2027 and define named ranges', ['Budget_2026', 'Budget_2027']],
  ])('"%s": %j, each valid and naming its column (openpyxl reads them all back)', async (prompt, expected) => {
    const { wb } = await excel(prompt);
    const names = (wb.definedNames ?? []).map((d) => d.name);
    expect(names).toEqual(expected);
    for (const n of names) {
      expect(isValidDefinedName(n)).toBe(true);
      // readable: no trailing or doubled underscore, and the column's header is in it
      expect(n).not.toMatch(/_$|__/);
    }
    for (const d of wb.definedNames ?? []) {
      const [, sheet, col] = /^'?(.+?)'?!\$([A-Z]+)\$\d+:/.exec(d.ref)!;
      const header = String(wb.sheets.find((x) => x.name === sheet)!.cells[`${col}3`]?.value);
      expect(d.name.toLowerCase()).toContain(header.toLowerCase().replace(/\s+/g, '_'));
    }
    if (!hasOpenpyxl && !process.env.CI) return;
    expect((await readBack(wb)).names.sort()).toEqual([...expected].sort());
  });
});

describe('issue 18 (documents): a memo puts who it is from, to and about on the right lines', () => {
  /** The memo block's lines (a borderless two-column table under the title): label → value. */
  const memoLines = (document: unknown): Record<string, string> => {
    const doc = parseDocument(document);
    const out: Record<string, string> = {};
    const table = doc.doc.content.find((n) => n.type === 'table');
    for (const row of table?.content ?? []) {
      const [k, v] = (row.content ?? []).map((c) => nodeText(c).trim());
      if (k && v !== undefined) out[k.replace(/:$/, '')] = v;
    }
    return out;
  };
  const memo = (prompt: string) => runAgent({ format: 'word', prompt, document: null, memory: null }, { settings });

  it('"a memo from the CFO to all staff about the new travel policy": From CFO, To All staff, the subject is the policy — not "from the CFO" — and the .docx says so', async () => {
    const r = await memo('Write a memo from the CFO to all staff about the new travel policy');
    const lines = memoLines(r.document);
    expect(Object.keys(lines)).toEqual(['To', 'From', 'Date', 'Subject']);
    expect(lines.From).toBe('CFO');
    expect(lines.To).toBe('All staff');
    expect(lines.Subject).toBe('New travel policy');
    expect(lines.Date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(parseDocument(r.document).title).toBe('Memo: New travel policy');
    const xml = await (await JSZip.loadAsync(await renderDocument(parseDocument(r.document)))).file('word/document.xml')!.async('string');
    const text = xml.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    expect(text).toMatch(/From: CFO/);
    expect(text).not.toMatch(/from the CFO/i);
  });

  it.each([
    ['memo to the board from Jane Smith, subject: Q3 results', { To: 'The board', From: 'Jane Smith', Subject: 'Q3 results' }],
    ['a memo regarding parking changes', { To: 'All staff', From: 'Management', Subject: 'Parking changes' }],
    ['Memo from: Head of IT. To: all employees. Re: password rotation', { To: 'All employees', From: 'Head of IT', Subject: 'Password rotation' }],
    ['memo dated 5 January 2027 from the COO to department heads regarding the hiring freeze', { To: 'Department heads', From: 'COO', Subject: 'Hiring freeze', Date: '5 January 2027' }],
  ])('"%s": %j', async (prompt, expected) => {
    const lines = memoLines((await memo(prompt)).document);
    expect(lines).toMatchObject(expected);
  });
});

describe('issue 18 (decks): the slides, agenda, comparison and charts the prompt names', () => {
  const deckOf = async (prompt: string) => {
    const r = await runAgent({ format: 'slides', prompt, document: null, memory: null }, { settings });
    return { deck: parseDeck(r.document), summary: r.summary };
  };

  it('"with slides Problem, Causes, Options, Recommendation": those slides, in that order, each with points', async () => {
    const { deck } = await deckOf('deck about customer churn with slides Problem, Causes, Options, Recommendation');
    expect(deck.slides.map((s) => s.title)).toEqual(['Customer Churn', 'Problem', 'Causes', 'Options', 'Recommendation']);
    for (const s of deck.slides.slice(1)) expect(s.bullets?.length).toBeGreaterThanOrEqual(3);
  });

  it('"an agenda slide and a two-column comparison of on-prem vs cloud": the agenda lists the slides, the comparison has one side per column', async () => {
    const { deck, summary } = await deckOf('presentation about cloud migration with an agenda slide and a two-column comparison of on-prem vs cloud');
    expect(deck.slides[1]!.title).toBe('Agenda');
    expect(deck.slides[1]!.bullets).toEqual(deck.slides.slice(2, -1).map((s) => s.title));
    const cmp = deck.slides.find((s) => s.layout === 'two-column')!;
    expect(cmp.title).toBe('On-prem vs Cloud');
    expect(cmp.columns?.map((c) => c.heading)).toEqual(['On-prem', 'Cloud']);
    expect(summary).toMatch(/two-column comparison.*agenda slide/);
  });

  it('a QBR "with a line chart of monthly active users" has that line chart on its own slide, beside the blueprint\'s charts', async () => {
    const { deck } = await deckOf('QBR for the Northwind account with a line chart of monthly active users');
    const s = deck.slides.find((x) => x.title === 'Monthly active users')!;
    const chart = s.elements.find((e) => e.kind === 'chart');
    expect(chart?.kind === 'chart' && chart.chartType).toBe('line');
    expect(chart?.kind === 'chart' && chart.series[0]!.name).toBe('Monthly active users');
    expect(chart?.kind === 'chart' && chart.categories[0]).toBe('Jan');
    // no slide of the deck is empty
    expect(deck.slides.slice(1).every((x) => (x.bullets?.length ?? 0) >= 2 || x.elements.length > 0)).toBe(true);
  });

  it('a resume that names a slide the deck does not have changes nothing and says so', async () => {
    const first = await runAgent({ format: 'slides', prompt: 'a 6-slide deck about hiring', document: null, memory: null }, { settings });
    const r = await runAgent({ format: 'slides', prompt: 'delete slide 14', document: first.document, memory: first.memory }, { settings });
    expect(r.document).toEqual(first.document);
    expect(r.summary).toMatch(/there is no slide 14 \(the deck has 6 slides\)/);
  });
});
