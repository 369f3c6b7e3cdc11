/**
 * Regression tests for the offline-model bugs listed in issue 18 ("Why"). Each ran against the
 * offline model end to end (runAgent with provider "offline") and read the generated model.
 */
import { describe, expect, it } from 'vitest';
import { parseDeck } from '@/server/documents/deck/schema';
import { parseWorkbook, type Workbook } from '@/server/documents/workbook/schema';
import { customerWorkbook } from './prompts/customer-workbook';
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

async function excel(prompt: string) {
  const r = await runAgent({ format: 'excel', prompt, document: null, memory: null }, { settings });
  return { ...r, wb: parseWorkbook(r.document) };
}

describe('issue 18: workbooks', () => {
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
    expect(s.charts[0]!.series.map((x) => x.name)).toEqual(['Revenue']);
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
      const names = c.series.map((x) => x.name);
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
