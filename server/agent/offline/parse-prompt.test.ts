import { describe, expect, it } from 'vitest';
import { forFormat, parsePrompt, titleCase, WORKBOOK_KINDS } from './parse-prompt';

describe('parsePrompt', () => {
  it('a sheet list ends where the next clause (columns, a row count) begins', () => {
    const f = parsePrompt('A sales workbook with sheets "Revenue" and "Costs", columns Month, Amount, 6 rows each');
    expect(f.sheets).toEqual(['Revenue', 'Costs']);
    expect(f.columns).toEqual(['Month', 'Amount']);
    expect(f.rows).toBe(6);
  });

  it('reads plain and "named" sheet lists', () => {
    expect(parsePrompt('Budget with sheets Income, Expenses and Summary').sheets).toEqual(['Income', 'Expenses', 'Summary']);
    expect(parsePrompt('A tracker with tabs named North, South with columns Region, Sales').sheets).toEqual(['North', 'South']);
    expect(parsePrompt('Sheets: Q1, Q2, Q3; 10 rows').sheets).toEqual(['Q1', 'Q2', 'Q3']);
  });

  it('turns the tree into facts: title, chart requests, tables, kind, subject', () => {
    const f = parsePrompt('Create a sales workbook titled "Sales 2025" with a column chart');
    expect(f).toMatchObject({ title: 'Sales 2025', columns: [], sheets: [], wantsChart: true, chartType: 'column', kind: 'sales', subject: 'sales workbook' });
    const g = parsePrompt('Sales workbook with columns Month, Revenue with a line chart of revenue');
    expect(g.charts).toEqual([{ type: 'line', series: ['revenue'], plural: false }]);
    expect(parsePrompt('A 30 slides presentation about our product strategy with charts and tables')).toMatchObject({ slides: 30, manyCharts: true, manyTables: true, subject: 'our product strategy' });
    expect(parsePrompt('Build a 3-statement financial model').kind).toBe('three-statement');
  });

  it('names listed in quotes do not decide the kind of document, and the quote of a list is not the title', () => {
    const f = parsePrompt('A workbook with 3 sheets "Revenue", "Costs" and "Summary", each with columns Month, Amount');
    expect(f.sheets).toEqual(['Revenue', 'Costs', 'Summary']);
    expect(f.kind).toBeUndefined();
    expect(f.title).toBeUndefined();
  });

  it('rows from "for each month" / a date range; the subject takes a "for" phrase', () => {
    expect(parsePrompt('Sales report for each month').rows).toBe(12);
    expect(parsePrompt('Quarterly sales').rows).toBe(4);
    expect(parsePrompt('A pitch deck for Acme, 10 slides').subject).toBe('pitch deck for Acme');
  });
});

describe('kinds the offline model builds (issue 18, round 3)', () => {
  it('reads savings plans, attendance, stand-alone balance sheets and funnels as their own kinds', () => {
    expect(forFormat(parsePrompt('a savings plan for a new car'), WORKBOOK_KINDS).kind).toBe('savings');
    expect(forFormat(parsePrompt('attendance register for year 9'), WORKBOOK_KINDS).kind).toBe('attendance');
    expect(forFormat(parsePrompt('a balance sheet for Acme'), WORKBOOK_KINDS).kind).toBe('balance-sheet');
    expect(forFormat(parsePrompt('an income statement and balance sheet'), WORKBOOK_KINDS).kind).toBe('three-statement');
    expect(forFormat(parsePrompt('balance sheet and P&L for 2026'), WORKBOOK_KINDS).kind).toBe('three-statement');
    expect(forFormat(parsePrompt('sales funnel by stage'), WORKBOOK_KINDS).kind).toBe('funnel');
  });
  it('a singular sheet noun "for my class" names no sheet', () => {
    expect(parsePrompt('an attendance sheet for my class of 20 students').sheets).toEqual([]);
    expect(parsePrompt('a sheet for Marketing').sheets).toEqual(['Marketing']);
    expect(parsePrompt('balance sheet for Acme Ltd at 30 June 2026').sheets).toEqual([]);
  });
});

describe('titleCase', () => {
  it('keeps small words small, and capitals the prompt wrote ("Series A")', () => {
    expect(titleCase('series A pitch for a logistics startup')).toBe('Series A Pitch for a Logistics Startup');
    expect(titleCase('plan of the year')).toBe('Plan of the Year');
  });
  it('keeps short prepositions small ("by", "per", "at", "from"), also when the prompt capitalised them, but not after a colon', () => {
    expect(titleCase('sales by region')).toBe('Sales by Region');
    expect(titleCase('Sales By Region')).toBe('Sales by Region');
    expect(titleCase('revenue per customer at launch from day one')).toBe('Revenue per Customer at Launch from Day One');
    expect(titleCase('memo: the plan')).toBe('Memo: The Plan');
    expect(titleCase('plan A by Q3')).toBe('Plan A by Q3');
  });
});
