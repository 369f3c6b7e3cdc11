import { describe, expect, it } from 'vitest';
import type { AxisEdit } from './shift-area';
import { shiftFormula } from './shift-formula';
import { translateFormula } from './translate-formula';

const rows = (op: 'insert' | 'delete', at: number, count: number, sheet = 'Sheet1'): AxisEdit => ({ sheet, axis: 'row', op, at, count });
const cols = (op: 'insert' | 'delete', at: number, count: number, sheet = 'Sheet1'): AxisEdit => ({ sheet, axis: 'col', op, at, count });
const shift = (f: string, edit: AxisEdit, sheet: string | undefined = 'Sheet1') => shiftFormula(f, edit, { sheet }).formula;

describe('shiftFormula: rows', () => {
  it('moves cells at or below an insertion, absolute and relative alike', () => {
    expect(shift('A1+A5+$B$5+B$9+$C10', rows('insert', 5, 2))).toBe('A1+A7+$B$7+B$11+$C12');
  });
  it('grows a range that contains the insertion point and leaves one that ends above it', () => {
    expect(shift('SUM(A2:A10)', rows('insert', 5, 3))).toBe('SUM(A2:A13)');
    expect(shift('SUM(A5:A10)', rows('insert', 5, 1))).toBe('SUM(A6:A11)');
    expect(shift('SUM(A1:A4)', rows('insert', 5, 1))).toBe('SUM(A1:A4)');
  });
  it('shrinks a range when rows inside are deleted, and cuts its ends', () => {
    expect(shift('SUM(A2:A10)', rows('delete', 4, 3))).toBe('SUM(A2:A7)');
    expect(shift('SUM(A2:A10)', rows('delete', 1, 3))).toBe('SUM(A1:A7)');
    expect(shift('SUM(A2:A10)', rows('delete', 9, 5))).toBe('SUM(A2:A8)');
  });
  it('turns references whose cells are all deleted into #REF!', () => {
    const r = shiftFormula('A5+SUM(B4:B6)+Sheet1!C5+A7', rows('delete', 4, 3), { sheet: 'Sheet1' });
    expect(r.formula).toBe('#REF!+SUM(#REF!)+Sheet1!#REF!+A4');
    expect(r.refErrors).toBe(3);
  });
  it('moves whole-row references and leaves whole-column ones', () => {
    expect(shift('SUM(3:3)+SUM($5:$8)+SUM(A:B)', rows('insert', 4, 2))).toBe('SUM(3:3)+SUM($7:$10)+SUM(A:B)');
    expect(shift('SUM(5:8)+SUM(A:A)', rows('delete', 5, 4))).toBe('SUM(#REF!)+SUM(A:A)');
  });
  it('only touches references to the edited sheet', () => {
    expect(shift('A5+Other!A5+Sheet1!A5', rows('insert', 1, 1))).toBe('A6+Other!A5+Sheet1!A6');
    // from another sheet: unqualified references are that sheet's own
    expect(shift('A5+Sheet1!A5+sheet1!B5', rows('insert', 1, 1), 'Other')).toBe('A5+Sheet1!A6+sheet1!B6');
  });
  it('handles quoted sheet names', () => {
    expect(shift("'My sheet'!A5+'My sheet'!B1:B9", rows('insert', 2, 1, 'My sheet'), 'Other')).toBe("'My sheet'!A6+'My sheet'!B1:B10");
    expect(shift("'It''s'!A5", rows('delete', 5, 1, "It's"), 'Other')).toBe("'It''s'!#REF!");
  });
  it('never touches strings, function names or defined names', () => {
    expect(shift('"A5"&LOG10(A5)&Q5_2024&ATAN2(A5,1)&INDIRECT("B5")', rows('insert', 1, 1))).toBe('"A5"&LOG10(A6)&Q5_2024&ATAN2(A6,1)&INDIRECT("B5")');
  });
  it('leaves external and 3-D references, counting 3-D ones that span the sheet', () => {
    const r = shiftFormula('[1]Sheet1!A5+SUM(Jan:Mar!A5)', rows('insert', 1, 1, 'Feb'), { sheet: 'Feb', spanIncludesEdited: () => true });
    expect(r.formula).toBe('[1]Sheet1!A5+SUM(Jan:Mar!A5)');
    expect(r.skipped3d).toBe(1);
  });
  it('pushing a reference off the sheet makes it #REF!; a range is clamped; a full-height range stays', () => {
    expect(shift('A1048576+SUM(A1:A1048576)+SUM(B5:B1048576)', rows('insert', 1, 1))).toBe('#REF!+SUM(A1:A1048576)+SUM(B6:B1048576)');
    expect(shift('SUM(A1:A1048576)', rows('delete', 1, 3))).toBe('SUM(A1:A1048576)');
  });
});

describe('shiftFormula: columns', () => {
  it('moves, grows and shrinks like rows', () => {
    expect(shift('C1+$D$2+SUM(B1:E1)+SUM(A:A)+SUM(C:D)', cols('insert', 3, 2))).toBe('E1+$F$2+SUM(B1:G1)+SUM(A:A)+SUM(E:F)');
    expect(shift('C1+SUM(B1:E1)+SUM(C:D)+SUM(2:2)', cols('delete', 3, 2))).toBe('#REF!+SUM(B1:C1)+SUM(#REF!)+SUM(2:2)');
  });
  it('handles columns past Z', () => {
    expect(shift('AA1+SUM(Z1:AB1)', cols('insert', 27, 26))).toBe('BA1+SUM(Z1:BB1)');
  });
});

describe('translateFormula (copy semantics)', () => {
  it('moves relative parts and keeps absolute ones', () => {
    expect(translateFormula('A1+$A$1+A$1+$A1+SUM(A1:B2)', 3, 1).formula).toBe('B4+$A$1+B$1+$A4+SUM(B4:C5)');
  });
  it('makes references moved off the sheet #REF!', () => {
    expect(translateFormula('A1+B2', -1, 0).formula).toBe('#REF!+B1');
  });
});
