/**
 * evaluateWorkbook end to end on the features real workbooks use: defined names, 3-D and
 * structured references, SUBTOTAL/AGGREGATE over hidden rows, the 1904 date system, Excel's
 * operators and implicit intersection, and common functions (including those LibreOffice 7.4
 * lacks, so the agreement test cannot cover them).
 */
import { describe, expect, it } from 'vitest';
import { evaluateWorkbook, type EvalValue } from '../evaluate-formulas';
import { parseWorkbook, type WorkbookInput } from '../schema';

type Cells = NonNullable<WorkbookInput['sheets'][number]['cells']>;

/** Evaluates formulas placed in column Z of sheet "T" (after the given sheets) and returns their values. */
function values(formulas: string[], base: Partial<WorkbookInput> & { sheets?: WorkbookInput['sheets'] } = {}): EvalValue[] {
  const cells: Cells = {};
  formulas.forEach((f, i) => (cells[`Z${i + 1}`] = { formula: f }));
  const wb = parseWorkbook({ ...base, sheets: [...(base.sheets ?? []), { name: 'T', cells }] });
  const ev = evaluateWorkbook(wb);
  return formulas.map((_, i) => ev.get('T', `Z${i + 1}`));
}

const data: WorkbookInput['sheets'][number] = {
  name: 'Data',
  cells: {
    A1: { value: 'Name' }, B1: { value: 'Region' }, C1: { value: 'Sales' },
    A2: { value: 'Ann' }, B2: { value: 'North' }, C2: { value: 120 },
    A3: { value: 'Bob' }, B3: { value: 'south' }, C3: { value: 80.5 },
    A4: { value: 'Cid' }, B4: { value: 'North' },
    A5: { value: 'Dee' }, B5: { value: 'East' }, C5: { value: 'n/a' },
    A6: { value: 'Eve' }, B6: { value: 'South' }, C6: { value: 200 },
  },
};

describe('evaluation: defined names', () => {
  const base: Partial<WorkbookInput> = {
    sheets: [data, { name: 'Other', cells: { A1: { value: 3 } } }],
    definedNames: [
      { name: 'Sales', ref: 'Data!$C$2:$C$6' },
      { name: 'Names', ref: 'Data!$A$2:$A$6' },
      { name: 'Table', ref: 'Data!$A$2:$C$6' },
      { name: 'TaxRate', ref: '0.2' },
      { name: 'Net', ref: 'SUM(Data!$C$2:$C$6)*(1-TaxRate)' },
      { name: 'Local', ref: 'Other!$A$1', sheet: 'T' },
      { name: 'Local', ref: '100' },
    ],
  };
  it('resolves workbook and sheet names referring to ranges, constants and formulas', () => {
    const v = values(
      ['SUM(Sales)*TaxRate', 'VLOOKUP("Eve",Table,3,FALSE)', 'INDEX(Sales,MATCH("Bob",Names,0))', 'Net', 'Local*2', 'COUNT(Sales)+ROWS(Table)', 'NoSuchName', 'IFERROR(NoSuchName,"x")', 'ISERR(Abc)'],
      base,
    );
    expect(v[0]).toBeCloseTo(80.1, 12);
    expect(v[3]).toBeCloseTo(320.4, 12);
    expect(v.slice(1, 3).concat(v.slice(4))).toEqual([200, 80.5, 6, 8, { error: '#NAME?' }, 'x', true]);
  });

  it('reports an unknown name as a #NAME? error, not as unsupported', () => {
    const wb = parseWorkbook({ sheets: [{ name: 'S', cells: { A1: { formula: 'Revenue*TaxRate' } } }] });
    const ev = evaluateWorkbook(wb);
    expect(ev.diagnostics).toMatchObject([{ cell: 'A1', kind: 'error', error: '#NAME?', formula: 'Revenue*TaxRate' }]);
  });

  it('keeps name references on the fast path', () => {
    const cells: Cells = {};
    for (let r = 1; r <= 100; r++) {
      cells[`A${r}`] = { value: r };
      cells[`B${r}`] = { formula: `A${r}*Rate` };
    }
    const ev = evaluateWorkbook(parseWorkbook({ sheets: [{ name: 'S', cells }, { name: 'P', cells: { A1: { value: 2 } } }], definedNames: [{ name: 'Rate', ref: 'P!$A$1' }] }));
    expect(ev.get('S', 'B100')).toBe(200);
    expect(ev.fastPathCount).toBe(100);
  });
});

describe('evaluation: 3-D references', () => {
  const month = (name: string, v: number) => ({ name, cells: { B2: { value: v }, B3: { value: v * 10 } } });
  const base = { sheets: [month('Jan', 1), month('Feb', 2), month('Mar', 3), month('Q1 data', 4), month('Q4 data', 5)] };
  it('spans the sheets between the two names in workbook order', () => {
    expect(
      values(['SUM(Jan:Mar!B2)', 'SUM(Jan:Mar!B2:B3)', 'AVERAGE(Feb:Jan!B2)', "SUM('Q1 data:Q4 data'!B2)", "MAX('Jan:Q4 data'!B3)", 'COUNT(Jan:Mar!B2:B3,1)', 'SUM(Jan:Nope!B2)'], base as WorkbookInput),
    ).toEqual([6, 66, 1.5, 9, 50, 7, { error: '#REF!' }]);
  });
});

describe('evaluation: structured references', () => {
  const table: WorkbookInput = {
    sheets: [
      {
        name: 'Data',
        cells: {
          A1: { value: 'Region' }, B1: { value: 'Units' }, C1: { value: 'Unit Price' }, D1: { value: 'Amount' },
          A2: { value: 'North' }, B2: { value: 10 }, C2: { value: 2.5 }, D2: { formula: '[@Units]*[@[Unit Price]]' },
          A3: { value: 'South' }, B3: { value: 4 }, C3: { value: 5 }, D3: { formula: 'Sales[@Units]*Sales[@[Unit Price]]' },
          A4: { value: 'North' }, B4: { value: 1 }, C4: { value: 7 }, D4: { formula: 'Sales[[#This Row],[Units]]*Sales[[#This Row],[Unit Price]]' },
          // a totals row the model holds itself (next to ones generated from the table definition)
          C5: { formula: 'SUBTOTAL(101,[Unit Price])' },
        },
        tables: [{ name: 'Sales', range: 'A1:D4', totalsRow: [{ column: 'Region', label: 'Total' }, { column: 'Units', function: 'sum' }, { column: 'Amount', function: 'max' }] }],
      },
    ],
  };
  it('computes calculated columns, totals rows and references from outside the table', () => {
    expect(
      values(
        ['SUM(Sales[Amount])', 'Sales[[#Totals],[Units]]', 'Sales[[#Totals],[Amount]]', 'Sales[[#Totals],[Unit Price]]', 'Sales[[#Totals],[Region]]', 'COUNTA(Sales[#All])', 'ROWS(Sales[#Data])', 'INDEX(Sales[#Headers],1,3)', 'SUMIFS(Sales[Amount],Sales[Region],"North")', 'SUM(Sales)', 'Sales[Nope]'],
        table,
      ),
    ).toEqual([52, 15, 25, 4.833333333333333, 'Total', 20, 3, 'Unit Price', 32, 81.5, { error: '#REF!' }]);
  });

  it('does not report generated totals-row cells as model formulas', () => {
    const ev = evaluateWorkbook(parseWorkbook(table));
    expect(ev.formulaCount).toBe(4);
    expect([...ev.formulaValues.get('Data')!.keys()].sort()).toEqual(['C5', 'D2', 'D3', 'D4']);
    expect(ev.get('Data', 'B5')).toBe(15);
    expect(ev.diagnostics).toEqual([]);
  });
});

describe('evaluation: SUBTOTAL and AGGREGATE', () => {
  const sheet = (extra: Partial<WorkbookInput['sheets'][number]> = {}): WorkbookInput => ({
    sheets: [
      {
        name: 'S',
        cells: {
          A1: { value: 10 }, A2: { value: 20 }, A3: { value: 30 }, A4: { formula: 'SUBTOTAL(9,A1:A3)' }, A5: { value: 'x' }, A6: { value: 40 },
          B1: { value: 1 }, B2: { formula: '1/0' }, B3: { value: 3 },
        },
        rows: { '2': { hidden: true } },
        ...extra,
      },
    ],
  });
  it('leaves out hidden rows for 101–111 and nested subtotals always', () => {
    expect(
      values(
        ['SUBTOTAL(9,S!A1:A6)', 'SUBTOTAL(109,S!A1:A6)', 'SUBTOTAL(2,S!A1:A6)', 'SUBTOTAL(103,S!A1:A6)', 'SUBTOTAL(1,S!A1:A6)', 'SUBTOTAL(104,S!A1:A6)', 'SUBTOTAL(9,S!A1:A3,S!A6)', 'SUBTOTAL(12,S!A1:A6)', 'SUM(S!A1:A6)'],
        sheet(),
      ),
    ).toEqual([100, 80, 4, 4, 25, 40, 100, { error: '#VALUE!' }, 160]);
  });

  it('AGGREGATE: options for hidden rows, errors and nested subtotals; LARGE/SMALL/PERCENTILE forms', () => {
    expect(
      values(
        ['AGGREGATE(9,0,S!A1:A6)', 'AGGREGATE(9,4,S!A1:A6)', 'AGGREGATE(9,5,S!A1:A6)', 'AGGREGATE(9,6,S!B1:B3)', 'AGGREGATE(9,0,S!B1:B3)', 'AGGREGATE(14,4,S!A1:A6,2)', 'AGGREGATE(15,5,S!A1:A3,1)', 'AGGREGATE(16,4,S!A1:A3,0.5)', 'AGGREGATE(12,0,S!A1:A3)'],
        sheet(),
      ),
    ).toEqual([100, 160, 140, 4, { error: '#DIV/0!' }, 40, 10, 20, 20]);
  });

  it('leaves out rows a filter hides for every function number', () => {
    const filtered = sheet({ autoFilter: { range: 'A1:A6', filters: [{ column: 0, values: ['10'] }] } });
    expect(values(['SUBTOTAL(9,S!A1:A6)', 'SUBTOTAL(109,S!A1:A6)'], filtered)).toEqual([80, 80]);
  });
});

describe('evaluation: the 1904 date system', () => {
  const base: WorkbookInput = { date1904: true, sheets: [{ name: 'D', cells: { A1: { value: 43000 }, A2: { value: 0 } } }] };
  it('reads and writes serials 1462 days smaller', () => {
    expect(
      values(
        ['DATE(2024,3,15)', 'YEAR(D!A1)', 'MONTH(D!A1)', 'DAY(D!A1)', 'TEXT(D!A1,"yyyy-mm-dd")', 'TEXT(D!A2,"d mmm yyyy")', 'EDATE(D!A1,1)', 'EOMONTH(D!A1,0)', 'WEEKDAY(D!A1)', 'DATEVALUE("2024-03-15")', 'YEAR(TODAY())>2020', 'TEXT(1.5,"0.00")'],
        base,
      ),
    ).toEqual([43904, 2021, 9, 23, '2021-09-23', '1 Jan 1904', 43030, 43007, 5, 43904, true, '1.50']);
    // the same formulas in the 1900 system
    expect(values(['DATE(2024,3,15)', 'YEAR(45366)'])).toEqual([45366, 2024]);
  });
});

describe('evaluation: operators and implicit intersection', () => {
  it('compares text case-insensitively, orders types, converts numbers to text like Excel', () => {
    expect(values(['"a"="A"', '"b">"A"', '1<"a"', '"z"<TRUE', 'Data!C4=0', 'Data!C4=""', '1/3&""', '10^15&""', '0.1+0.2&""', 'TRUE&"x"', '"3"+1', '--TRUE', '+"3"', '2^-1'], { sheets: [data] })).toEqual([
      true, true, true, true, true, true, '0.333333333333333', '1E+15', '0.3', 'TRUEx', 4, 1, '3', 0.5,
    ]);
  });

  it('combines arrays element by element inside SUMPRODUCT, and intersects ranges in ordinary formulas', () => {
    const cells: Cells = { A1: { value: 1 }, A2: { value: 2 }, A3: { value: 3 }, B1: { value: 'x' }, B2: { value: 'y' }, B3: { value: 'x' } };
    cells.C2 = { formula: 'A1:A3*10' };
    cells.C9 = { formula: 'A1:A3*10' };
    cells.D1 = { formula: 'SUMPRODUCT((B1:B3="x")*A1:A3)' };
    cells.D2 = { formula: 'SUMPRODUCT(--(A1:A3>1))' };
    cells.D3 = { formula: 'SUM(A1:A3*2)', array: 'D3' };
    cells.D4 = { formula: 'INDEX(A1:A3,MATCH("y",B1:B3,0))' };
    const ev = evaluateWorkbook(parseWorkbook({ sheets: [{ name: 'S', cells }] }));
    expect(['C2', 'C9', 'D1', 'D2', 'D3', 'D4'].map((a) => ev.get('S', a))).toEqual([20, { error: '#VALUE!' }, 4, 2, 12, 2]);
  });
});

describe('evaluation: common functions', () => {
  const base: WorkbookInput = { sheets: [data] };
  it('lookups: VLOOKUP / HLOOKUP / INDEX-MATCH / XLOOKUP / XMATCH, case-insensitive and with wildcards', () => {
    expect(
      values(
        ['VLOOKUP("bob",Data!A2:C6,3,FALSE)', 'VLOOKUP("E*",Data!A2:C6,2,0)', 'VLOOKUP("Zed",Data!A2:C6,2,FALSE)', 'HLOOKUP("sales",Data!A1:C6,2,FALSE)', 'INDEX(Data!A1:C6,MATCH("Eve",Data!A1:A6,0),3)', 'XLOOKUP("dee",Data!A2:A6,Data!B2:B6)', 'XLOOKUP("zz",Data!A2:A6,Data!B2:B6,"none")', 'XMATCH("Cid",Data!A2:A6)', 'VLOOKUP("A",Data!A2:C6,4,FALSE)'],
        base,
      ),
    ).toEqual([80.5, 'South', { error: '#N/A' }, 120, 200, 'East', 'none', 3, { error: '#REF!' }]);
  });

  it('conditional aggregates and ranges with blanks and text', () => {
    expect(
      values(
        ['SUMIFS(Data!C2:C6,Data!B2:B6,"north")', 'COUNTIFS(Data!B2:B6,"North",Data!C2:C6,">100")', 'AVERAGEIFS(Data!C2:C6,Data!B2:B6,"<>East")', 'COUNTIF(Data!C2:C6,">100")', 'SUMIF(Data!B2:B6,"South",Data!C2)', 'AVERAGEIF(Data!B2:B6,"North",Data!C2:C6)', 'MAX(Data!C2:C6)', 'MIN(Data!C2:C6)', 'AVERAGE(Data!C2:C6)', 'COUNT(Data!C2:C6)', 'COUNTA(Data!C2:C6)', 'COUNTBLANK(Data!C2:C6)'],
        base,
      ),
    ).toEqual([120, 1, 133.5, 2, 280.5, 120, 200, 80.5, 133.5, 3, 4, 1]);
  });

  it('text, rounding, logic, dates and references', () => {
    expect(
      values(
        ['TEXT(1234.567,"#,##0.00")', 'TEXT(0.256,"0.0%")', 'ROUND(2.345,2)', 'ROUNDUP(2.341,1)', 'ROUNDDOWN(-2.349,2)', 'IFS(Data!C3>100,"big",Data!C3>50,"mid",TRUE,"small")', 'AND(Data!C2>100,OR(FALSE,Data!C3<100))', 'CHOOSE(2,"a","b","c")', 'IFERROR(1/0,"div")', 'EDATE(DATE(2024,1,31),1)', 'EOMONTH(DATE(2024,1,15),1)', 'WEEKNUM(DATE(2021,9,23))', 'SEARCH("B","abc")', 'OFFSET(Data!A1,2,2)', 'SUM(OFFSET(Data!C1,1,0,2,1))', 'INDIRECT("Data!A3")', 'SUM(INDIRECT("Data!C2:C3"))'],
        base,
      ),
    ).toEqual(['1,234.57', '25.6%', 2.35, 2.4, -2.34, 'mid', true, 'b', 'div', 45351, 45351, 39, 2, 80.5, 200.5, 'Bob', 200.5]);
  });
});

describe('evaluation: dynamic references and array formulas', () => {
  it('evaluates formulas whose inputs only INDIRECT / OFFSET reveal, once those inputs have values', () => {
    const ev = evaluateWorkbook(
      parseWorkbook({
        sheets: [
          {
            name: 'S',
            cells: {
              A1: { formula: 'INDIRECT("B1")*2' }, B1: { formula: 'C1+1' }, C1: { value: 5 },
              A2: { formula: 'SUM(OFFSET(C1,0,1,1,1))' }, D1: { formula: 'A1+1' }, A4: { formula: 'A1+A2' },
              A3: { formula: 'INDIRECT("A3")' },
            },
          },
        ],
      }),
    );
    expect(['A1', 'A2', 'A4', 'D1'].map((a) => ev.get('S', a))).toEqual([12, 13, 25, 13]);
    // a formula that reads itself through INDIRECT never gets a value, and says why
    expect(ev.diagnostics).toMatchObject([{ cell: 'A3', kind: 'unsupported', message: expect.stringContaining('S!A3') }]);
  });

  it('fills an array formula’s range from its result (dependents see the values; #N/A beyond the result)', () => {
    const ev = evaluateWorkbook(
      parseWorkbook({
        sheets: [
          {
            name: 'S',
            cells: {
              A1: { value: 1 }, A2: { value: 2 }, A3: { value: 3 },
              B1: { formula: 'A1:A3*10', array: 'B1:B4' }, B2: { value: 0 }, B3: { value: 0 },
              C1: { formula: 'SUM(B1:B3)' },
              D1: { formula: 'SUM(IF(A1:A3>1,A1:A3))', array: 'D1' },
              // the same formula not as an array formula: A1:A3>1 is intersected with row 1 (FALSE)
              E1: { formula: 'SUM(IF(A1:A3>1,A1:A3))' },
            },
          },
        ],
      }),
    );
    expect(['B1', 'B2', 'B3', 'B4', 'C1', 'D1', 'E1'].map((a) => ev.get('S', a))).toEqual([10, 20, 30, { error: '#N/A' }, 60, 5, 0]);
    expect(ev.formulaCount).toBe(4);
  });
});

describe('evaluation: rounding to multiples, international workdays, ranks', () => {
  it('CEILING / FLOOR family with Excel 2010 sign rules', () => {
    expect(
      values(['CEILING(4.2,0.1)', 'CEILING(-2.5,2)', 'CEILING(-2.5,-2)', 'CEILING(2.5,-2)', 'FLOOR(-2.5,2)', 'FLOOR(-2.5,-2)', 'FLOOR(5,0)', 'CEILING.MATH(-23.5)', 'CEILING.MATH(-23.5,1,1)', 'FLOOR.MATH(-23.5)', 'FLOOR.MATH(-23.5,1,1)', 'CEILING.PRECISE(-4.1,-2)', 'FLOOR.PRECISE(4.1,-2)']),
    ).toEqual([4.2, -2, -4, { error: '#NUM!' }, -4, -2, { error: '#DIV/0!' }, -23, -24, -24, -23, -4, 4]);
  });

  it('NETWORKDAYS.INTL / WORKDAY.INTL with weekend codes and masks; RANK.AVG, PERCENTRANK, MODE.MULT', () => {
    expect(
      values(['NETWORKDAYS.INTL(DATE(2024,1,1),DATE(2024,1,31))', 'NETWORKDAYS.INTL(DATE(2024,1,1),DATE(2024,1,31),11)', 'NETWORKDAYS.INTL(DATE(2024,1,1),DATE(2024,1,31),"0000111")', 'WORKDAY.INTL(DATE(2024,1,5),1,7)', 'RANK.AVG(2,{1,2,2,3})', 'PERCENTRANK({1,2,3,4,5},2)', 'PERCENTRANK.EXC({1,2,3,4,5},2)', 'PERCENTRANK.INC({1,2,3,4,5},2.5)', 'MODE.MULT(1,2,2,3,3)']),
    ).toEqual([23, 27, 19, 45298, 2.5, 0.25, 0.333, 0.375, 2]);
  });
});

describe('evaluation: references to other workbooks', () => {
  it('keeps the value the file cached for [1]Sheet!A1 (no false cycle), and others can use it', () => {
    const ev = evaluateWorkbook(
      parseWorkbook({ sheets: [{ name: 'Sheet1', cells: { A1: { formula: '[1]Sheet1!A1', value: 'Name' }, A2: { formula: "'[1]Other sheet'!B2*2", value: 8 }, A3: { formula: 'A2+1' } } }] }),
    );
    expect(['A1', 'A2', 'A3'].map((a) => ev.get('Sheet1', a))).toEqual(['Name', 8, 9]);
    expect(ev.diagnostics).toEqual([]);
  });
});
