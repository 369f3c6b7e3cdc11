import { describe, expect, it } from 'vitest';
import { addSheet } from './add-sheet';
import { deleteSheet } from './delete-sheet';
import { moveSheet } from './move-sheet';
import { renameSheet } from './rename-sheet';
import { assertValidSheetName } from './sheet-names';
import { expectSameValues, snapshot, workbook } from './test-utils';

const model = () =>
  workbook({
    sheets: [
      { name: 'Data', cells: { A1: { value: 2 }, A2: { value: 3 }, B1: { formula: 'A1*10' } } },
      {
        name: 'Report',
        cells: {
          A1: { formula: 'Data!A1+SUM(Data!A1:A2)+data!A2' },
          A2: { formula: '"Data!A1"&INDIRECT("Data!A2")' },
          A3: { formula: 'SUM(Data:Extra!A1)' },
          A4: { formula: 'DataX!A1', allowError: true },
        },
        conditionalFormats: [{ range: 'A1', rule: { type: 'expression', formula: 'Data!$A$1>1', style: { bold: true } } }],
        dataValidations: [{ range: 'B1', type: 'list', formula1: 'Data!$A$1:$A$2' }],
        hyperlinks: [{ ref: 'C1', location: 'Data!A1' }],
        charts: [{ id: 'c', type: 'column', series: [{ name: 'Data!B1', values: 'Data!A1:A2' }], anchor: 'E1:J10' }],
        print: { area: 'A1:C10' },
        tables: [{ name: 'Tbl', range: 'F1:G3', columns: [{ name: 'x', calculatedColumnFormula: 'Data!$A$1*2' }, { name: 'y', totalsRowFormula: 'SUM(Data!A1:A2)' }] }],
      },
      { name: 'Extra', cells: { A1: { value: 100 } } },
    ],
    definedNames: [
      { name: 'First', ref: 'Data!$A$1' },
      { name: 'Local', ref: 'Data!$A$2', sheet: 'Data' },
      { name: 'Other', ref: 'Report!$A$1' },
    ],
    activeSheet: 1,
  });

describe('sheet names', () => {
  it('follows Excel rules', () => {
    const wb = model();
    expect(() => assertValidSheetName(wb, '')).toThrow(/empty/);
    expect(() => assertValidSheetName(wb, 'x'.repeat(32))).toThrow(/longer than 31/);
    for (const ch of ['\\', '/', '?', '*', '[', ']', ':']) expect(() => assertValidSheetName(wb, `a${ch}b`)).toThrow(/cannot contain/);
    expect(() => assertValidSheetName(wb, "'quoted")).toThrow(/apostrophe/);
    expect(() => assertValidSheetName(wb, 'history')).toThrow(/reserved/);
    expect(() => assertValidSheetName(wb, 'DATA')).toThrow(/already exists/);
    expect(() => assertValidSheetName(wb, 'DATA', 'Data')).not.toThrow();
    expect(() => assertValidSheetName(wb, "It's 2024 (Q1)")).not.toThrow();
  });
});

describe('addSheet', () => {
  it('adds an empty sheet at the end or at a position, keeping the active sheet', () => {
    const wb = model();
    const end = addSheet(wb, 'New').workbook;
    expect(end.sheets.map((s) => s.name)).toEqual(['Data', 'Report', 'Extra', 'New']);
    expect(end.sheets[3]).toMatchObject({ name: 'New', cells: {}, merges: [], showGridLines: true });
    expect(end.activeSheet).toBe(1);
    expect(end.sheets[0]).toBe(wb.sheets[0]);
    expect(expectSameValues(wb, end, (s, a) => [s, a])).toBeGreaterThan(2);
    const first = addSheet(wb, 'Front', 0).workbook;
    expect(first.sheets[0]!.name).toBe('Front');
    expect(first.activeSheet).toBe(2);
    expect(() => addSheet(wb, 'data')).toThrow(/already exists/);
    expect(() => addSheet(wb, 'X', 9)).toThrow(/Invalid sheet position/);
  });
});

describe('renameSheet', () => {
  it('updates every formula, name, rule, validation, chart, link that names the sheet', () => {
    const wb = model();
    const before = snapshot(wb);
    const r = renameSheet(wb, 'Data', 'Raw data');
    expect(wb).toEqual(before);
    const w = r.workbook;
    expect(w.sheets[0]!.name).toBe('Raw data');
    const rep = w.sheets[1]!;
    expect(rep.cells.A1!.formula).toBe("'Raw data'!A1+SUM('Raw data'!A1:A2)+'Raw data'!A2");
    expect(rep.cells.A2!.formula).toBe('"Data!A1"&INDIRECT("Data!A2")'); // text is not a reference (as in Excel)
    expect(rep.cells.A3!.formula).toBe("SUM('Raw data:Extra'!A1)");
    expect(rep.cells.A4!.formula).toBe('DataX!A1');
    expect(rep.conditionalFormats[0]!.rule).toMatchObject({ formula: "'Raw data'!$A$1>1" });
    expect(rep.dataValidations![0]!.formula1).toBe("'Raw data'!$A$1:$A$2");
    expect(rep.hyperlinks![0]!.location).toBe("'Raw data'!A1");
    expect(rep.charts[0]!.series[0]).toEqual({ name: "'Raw data'!B1", values: "'Raw data'!A1:A2" });
    expect(rep.tables[0]!.columns).toEqual([
      { name: 'x', calculatedColumnFormula: "'Raw data'!$A$1*2" },
      { name: 'y', totalsRowFormula: "SUM('Raw data'!A1:A2)" },
    ]);
    expect(w.definedNames).toEqual([
      { name: 'First', ref: "'Raw data'!$A$1" },
      { name: 'Local', ref: "'Raw data'!$A$2", sheet: 'Raw data' },
      { name: 'Other', ref: 'Report!$A$1' },
    ]);
    expect(w.sheets[2]).toBe(wb.sheets[2]);
    expect(r.warnings).toEqual([]);
    // (INDIRECT("Data!A2") names the old sheet in text: it breaks, as in Excel)
    expect(expectSameValues(wb, w, (s, a) => (s === 'Report' && a === 'A2' ? undefined : [s === 'Data' ? 'Raw data' : s, a]))).toBeGreaterThan(2);
  });

  it('quotes only when needed, and renames back', () => {
    const wb = model();
    const quoted = renameSheet(wb, 'Data', "Bob's").workbook;
    expect(quoted.sheets[1]!.cells.A1!.formula).toBe("'Bob''s'!A1+SUM('Bob''s'!A1:A2)+'Bob''s'!A2");
    const back = renameSheet(quoted, "bob's", 'Data').workbook;
    expect(back.sheets[1]!.cells.A1!.formula).toBe('Data!A1+SUM(Data!A1:A2)+Data!A2');
    // names that look like cells need quotes
    expect(renameSheet(wb, 'Data', 'AB12').workbook.sheets[1]!.cells.A1!.formula).toBe("'AB12'!A1+SUM('AB12'!A1:A2)+'AB12'!A2");
  });

  it('throws on invalid names and unknown sheets; a case-only rename is allowed', () => {
    const wb = model();
    expect(() => renameSheet(wb, 'Data', 'Extra')).toThrow(/already exists/);
    expect(() => renameSheet(wb, 'Data', 'a:b')).toThrow(/cannot contain/);
    expect(() => renameSheet(wb, 'Nope', 'X')).toThrow(/no sheet named/);
    expect(renameSheet(wb, 'Data', 'DATA').workbook.sheets[0]!.name).toBe('DATA');
    expect(renameSheet(wb, 'Data', 'Data').workbook).toBe(wb);
  });
});

describe('deleteSheet', () => {
  it('turns references into #REF!, drops scoped names, chart series and links, with a warning for each', () => {
    const wb = model();
    const r = deleteSheet(wb, 'Data');
    const w = r.workbook;
    expect(w.sheets.map((s) => s.name)).toEqual(['Report', 'Extra']);
    const rep = w.sheets[0]!;
    expect(rep.cells.A1!.formula).toBe('#REF!+SUM(#REF!)+#REF!');
    expect(rep.cells.A3!.formula).toBe('SUM(Report:Extra!A1)'); // the 3-D span now starts at the next sheet
    expect(rep.conditionalFormats[0]!.rule).toMatchObject({ formula: '#REF!>1' });
    expect(rep.dataValidations![0]!.formula1).toBe('#REF!');
    expect(rep.hyperlinks).toEqual([]);
    expect(rep.charts).toEqual([]);
    expect(w.definedNames).toEqual([
      { name: 'First', ref: '#REF!' },
      { name: 'Other', ref: 'Report!$A$1' },
    ]);
    expect(w.activeSheet).toBe(0);
    expect(r.warnings.map((x) => [x.code, x.location])).toEqual([
      ['defined-name-removed', 'name Local (Data)'],
      ['ref-error', 'Report!A1'],
      ['ref-error', 'Report!A1'],
      ['ref-error', 'Report!B1'],
      ['ref-error', 'Report table Tbl column x'],
      ['ref-error', 'Report table Tbl column y'],
      ['chart-series-removed', 'Report chart c'],
      ['chart-removed', 'Report chart c'],
      ['hyperlink-location-removed', 'Report!C1'],
      ['ref-error', 'name First'],
    ]);
  });

  it('a 3-D reference loses a deleted end sheet; one of two sheets becomes a plain reference', () => {
    const wb = workbook({
      sheets: [
        { name: 'A', cells: { A1: { value: 1 } } },
        { name: 'B', cells: { A1: { value: 2 } } },
        { name: 'C', cells: { A1: { value: 3 } } },
        { name: 'Sum', cells: { A1: { formula: 'SUM(A:C!A1)' }, A2: { formula: 'SUM(B:C!A1)' }, A3: { formula: 'SUM(C:A!A1)' } } },
      ],
    });
    const r = deleteSheet(wb, 'C').workbook.sheets[2]!.cells;
    expect(r.A1!.formula).toBe('SUM(A:B!A1)');
    expect(r.A2!.formula).toBe('SUM(B!A1)');
    expect(r.A3!.formula).toBe('SUM(B:A!A1)');
    expect(deleteSheet(wb, 'B').workbook.sheets[2]!.cells.A1!.formula).toBe('SUM(A:C!A1)');
  });

  it('values that do not depend on the deleted sheet are unchanged; the active sheet follows', () => {
    const wb = model();
    const r = deleteSheet(wb, 'Extra').workbook;
    expect(r.activeSheet).toBe(1);
    expect(expectSameValues(wb, r, (s, a) => (s === 'Extra' || (s === 'Report' && a === 'A3') ? undefined : [s, a]))).toBeGreaterThan(2);
    expect(deleteSheet(wb, 'Report').workbook.activeSheet).toBe(1);
  });

  it('refuses to delete the last (visible) sheet', () => {
    expect(() => deleteSheet(workbook({ sheets: [{ name: 'Only' }] }), 'Only')).toThrow(/at least one sheet/);
    expect(() => deleteSheet(workbook({ sheets: [{ name: 'V' }, { name: 'H', state: 'hidden' }] }), 'V')).toThrow(/visible/);
  });
});

describe('moveSheet', () => {
  it('reorders, keeping the active sheet and the formulas', () => {
    const wb = model();
    const r = moveSheet(wb, 'Data', 2);
    expect(r.workbook.sheets.map((s) => s.name)).toEqual(['Report', 'Extra', 'Data']);
    expect(r.workbook.activeSheet).toBe(0);
    expect(r.workbook.sheets[0]).toBe(wb.sheets[1]);
    expect(expectSameValues(wb, r.workbook, (s, a) => (s === 'Report' && a === 'A3' ? undefined : [s, a]))).toBeGreaterThan(2);
    // Data:Extra now spans Extra and Data only (Report left the span)
    expect(r.warnings.map((w) => [w.code, w.location])).toEqual([['3d-ref-span-changed', 'Report!A3']]);
    expect(moveSheet(wb, 'Extra', 1).warnings.map((w) => w.code)).toEqual(['3d-ref-span-changed']);
    const no3d = workbook({ sheets: [{ name: 'A' }, { name: 'B', cells: { A1: { formula: 'A!A1' } } }] });
    expect(moveSheet(no3d, 'B', 0).warnings).toEqual([]);
    expect(moveSheet(wb, 'Data', 0).workbook).toBe(wb);
    expect(() => moveSheet(wb, 'Data', 3)).toThrow(/Invalid sheet position/);
  });
});
