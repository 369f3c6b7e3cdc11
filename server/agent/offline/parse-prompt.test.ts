import { describe, expect, it } from 'vitest';
import { parsePrompt, titleCase } from './parse-prompt';

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

describe('titleCase', () => {
  it('keeps small words small, and capitals the prompt wrote ("Series A")', () => {
    expect(titleCase('series A pitch for a logistics startup')).toBe('Series A Pitch for a Logistics Startup');
    expect(titleCase('plan of the year')).toBe('Plan of the Year');
  });
});
