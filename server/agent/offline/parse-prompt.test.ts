import { describe, expect, it } from 'vitest';
import { parsePrompt } from './parse-prompt';

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
});
