import { describe, expect, it } from 'vitest';
import { translateFormula } from './translate-formula';

describe('translateFormula', () => {
  it('moves relative references and keeps absolute ones', () => {
    expect(translateFormula('A2*$B$1+B$3+$C4', 2, 1)).toBe('B4*$B$1+C$3+$C6');
    expect(translateFormula("SUM('My Sheet'!A1:A3)", 1, 0)).toBe("SUM('My Sheet'!A2:A4)");
    expect(translateFormula('Sheet2!B2', 0, 2)).toBe('Sheet2!D2');
  });
  it('leaves strings, functions, names and structured references alone', () => {
    expect(translateFormula('IF(A1>0,"A1",LOG10(A1))', 1, 0)).toBe('IF(A2>0,"A1",LOG10(A2))');
    expect(translateFormula('Q1_2024+Tax_Rate*A1', 1, 0)).toBe('Q1_2024+Tax_Rate*A2');
    expect(translateFormula('SUM(Table1[Amount])+[@Qty]*A1', 1, 0)).toBe('SUM(Table1[Amount])+[@Qty]*A2');
  });
  it('handles whole rows/columns and references pushed off the sheet', () => {
    expect(translateFormula('SUM(A:A)+SUM(2:2)', 1, 1)).toBe('SUM(B:B)+SUM(3:3)');
    expect(translateFormula('A1', -1, 0)).toBe('#REF!');
  });
});
