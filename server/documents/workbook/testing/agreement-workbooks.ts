/**
 * Workbook models for the LibreOffice agreement test (formulas/libreoffice-agreement.test.ts):
 * each exercises formula features real files use. Every formula here must evaluate to the value
 * LibreOffice computes for the rendered file. Covered by unit tests instead (formulas/*.test.ts):
 * functions LibreOffice 7.4 lacks (XLOOKUP, XMATCH, LET, FILTER…) and forms it reads differently
 * from Excel: quoted 3-D references ('Q1 data:Q4 data'!B2 → #NAME?), single-bracket specials
 * (Sales[#Data] → #NAME?; Sales[[#Data]] works) and a bare table name (Excel: the data rows;
 * LibreOffice: the whole table).
 */
import type { WorkbookInput } from '../schema';

type Cells = NonNullable<WorkbookInput['sheets'][number]['cells']>;

/** Cells from rows of values (row 1 first); a string starting with "=" is a formula. */
function grid(rows: Array<Array<string | number | boolean | null>>, startRow = 1, startCol = 1): Cells {
  const cells: Cells = {};
  rows.forEach((line, r) =>
    line.forEach((v, c) => {
      if (v === null) return;
      let col = '';
      let n = startCol + c;
      while (n > 0) {
        col = String.fromCharCode(65 + ((n - 1) % 26)) + col;
        n = Math.floor((n - 1) / 26);
      }
      const addr = `${col}${startRow + r}`;
      cells[addr] = typeof v === 'string' && v.startsWith('=') ? { formula: v.slice(1) } : { value: v };
    }),
  );
  return cells;
}

/** Formulas in column B (labels in A), from row `start`. */
function formulas(list: string[], start = 1): Cells {
  const cells: Cells = {};
  list.forEach((f, i) => {
    cells[`A${start + i}`] = { value: f };
    cells[`B${start + i}`] = { formula: f };
  });
  return cells;
}

export function namesWorkbook(): WorkbookInput {
  return {
    sheets: [
      {
        name: 'Assumptions',
        cells: grid([
          ['Tax rate', 0.21],
          ['Growth', 0.05],
          ['Start', 45292],
          ['Product', 'Price'],
          ['Widget', 2.5],
          ['Gadget', 4],
          ['Gizmo', 7.25],
        ]),
      },
      {
        name: 'Revenue',
        cells: {
          ...grid([
            ['Month', 'Amount', 'Product', 'Units'],
            [45292, 1200, 'Widget', 10],
            [45323, 1350.5, 'Gadget', 12],
            [45352, 990, 'Gizmo', 7],
            [45383, 1500, 'Widget', 15],
          ]),
          F1: { value: 0.1 },
          ...formulas(
            [
              'SUM(Amounts)*TaxRate',
              'Amounts_Total*(1+Growth)',
              'VLOOKUP("Gadget",PriceList,2,FALSE)',
              'INDEX(PriceList,MATCH("Gizmo",Products,0),2)',
              'SUMPRODUCT(Doubled)',
              'LocalRate*100',
              'Assumptions!LocalRate*100',
              'IFERROR(NoSuchName,"missing")',
              'ISERROR(NoSuchName)',
              'EDATE(StartDate,3)',
              'ROUND(AVERAGE(Amounts)*VatConst,4)',
              'COUNTIF(Products,"G*")',
              'SUMIFS(Amounts,Revenue!$C$2:$C$5,"Widget")',
              'MAX(Amounts)-MIN(Amounts)',
              'ROWS(Amounts)+COLUMNS(PriceList)',
            ],
            8,
          ),
        },
      },
      {
        name: 'Summary',
        cells: formulas(['LocalRate', 'SUM(Revenue!B2:B5)*LocalRate', 'TaxRate+0', 'Amounts_Total/COUNT(Amounts)']),
      },
    ],
    definedNames: [
      { name: 'TaxRate', ref: 'Assumptions!$B$1' },
      { name: 'Growth', ref: 'Assumptions!$B$2' },
      { name: 'StartDate', ref: 'Assumptions!$B$3' },
      { name: 'PriceList', ref: 'Assumptions!$A$5:$B$7' },
      { name: 'Products', ref: 'Assumptions!$A$5:$A$7' },
      { name: 'Amounts', ref: 'Revenue!$B$2:$B$5' },
      { name: 'Amounts_Total', ref: 'SUM(Revenue!$B$2:$B$5)' },
      { name: 'Doubled', ref: 'Revenue!$B$2:$B$5*2' },
      { name: 'VatConst', ref: '0.07' },
      { name: 'LocalRate', ref: '0.5' },
      { name: 'LocalRate', ref: 'Revenue!$F$1', sheet: 'Revenue' },
      { name: 'LocalRate', ref: '0.25', sheet: 'Assumptions' },
    ],
  };
}

export function threeDWorkbook(): WorkbookInput {
  const month = (name: string, k: number): WorkbookInput['sheets'][number] => ({
    name,
    cells: grid([['Item', 'Value'], ['a', 10 * k], ['b', 20 * k + 1], ['c', 'n/a'], ['d', 5 * k]]),
  });
  return {
    sheets: [
      month('Jan', 1),
      month('Feb', 2),
      month('Mar', 3),
      month('Q1 data', 4),
      month('Q4 data', 5),
      {
        name: 'Summary',
        cells: formulas([
          'SUM(Jan:Mar!B2)',
          'SUM(Jan:Mar!B2:B5)',
          'AVERAGE(Jan:Mar!B2:B5)',
          'MAX(Feb:Mar!B3)',
          'COUNT(Jan:Mar!B2:B5)',
          'COUNTA(Jan:Mar!B2:B5)',
          'SUM(Mar:Jan!B2)',
          'MIN(Jan:Feb!B5,Mar!B5)',
          'SUM(Jan:Mar!B2,10)',
          'PRODUCT(Jan:Feb!B2)',
        ]),
      },
    ],
  };
}

export function tablesWorkbook(): WorkbookInput {
  const data: Array<Array<string | number | null>> = [
    ['Region', 'Rep', 'Units', 'Unit Price', 'Price [USD]', 'Amount'],
    ['North', 'Ann', 10, 2.5, 3, '=Sales[[#This Row],[Units]]*Sales[[#This Row],[Unit Price]]'],
    ['South', 'Bob', 7, 4, 5, '=Sales[[#This Row],[Units]]*Sales[[#This Row],[Unit Price]]'],
    ['North', 'Cid', 3, 10, 12, '=Sales[[#This Row],[Units]]*Sales[[#This Row],[Unit Price]]'],
    ['East', 'Dee', 12, 1.25, 2, '=Sales[[#This Row],[Units]]*Sales[[#This Row],[Unit Price]]'],
    ['South', 'Eve', 5, 6, 7, '=Sales[[#This Row],[Units]]*Sales[[#This Row],[Unit Price]]'],
  ];
  return {
    sheets: [
      {
        name: 'Data',
        cells: {
          ...grid(data),
          ...formulas(
            [
              'SUM(Sales[Amount])',
              'Sales[[#Totals],[Amount]]',
              'Sales[[#Totals],[Units]]',
              'COUNTA(Sales[[#All]])',
              'ROWS(Sales[[#Data]])',
              'INDEX(Sales[[#Headers]],1,4)',
              "SUM(Sales[Price '[USD']])",
              'SUMIFS(Sales[Amount],Sales[Region],"North")',
              'AVERAGE(Sales[[Units]:[Unit Price]])',
              'COUNTIFS(Sales[Region],"South",Sales[Units],">5")',
              'MAX(Sales[Unit Price])',
              'VLOOKUP("Cid",Sales[[Rep]:[Amount]],5,FALSE)',
              'Sales[[#Headers],[Rep]]',
              'ROWS(Sales[[#Headers],[#Data],[Units]])',
              'SUMPRODUCT(Sales[Units],Sales[Unit Price])',
            ],
            12,
          ),
        },
        tables: [
          {
            name: 'Sales',
            range: 'A1:F6',
            totalsRow: [
              { column: 'Region', label: 'Total' },
              { column: 'Units', function: 'sum' },
              { column: 'Amount', function: 'sum' },
            ],
          },
        ],
      },
    ],
  };
}

export function subtotalWorkbook(): WorkbookInput {
  const cells: Cells = {
    ...grid([
      ['Item', 'Value', 'Text'],
      ['a', 10, 'x'],
      ['b', 20, null],
      ['c', 30, 'y'],
      ['d', 40, null],
      ['e', 50, 'z'],
      ['sub', '=SUBTOTAL(9,B2:B6)', null],
      ['f', 60, null],
    ]),
  };
  const list = [
    'SUBTOTAL(9,B2:B8)',
    'SUBTOTAL(109,B2:B8)',
    'SUBTOTAL(1,B2:B8)',
    'SUBTOTAL(101,B2:B8)',
    'SUBTOTAL(2,B2:B8)',
    'SUBTOTAL(102,B2:B8)',
    'SUBTOTAL(3,C2:C8)',
    'SUBTOTAL(103,C2:C8)',
    'SUBTOTAL(4,B2:B8)',
    'SUBTOTAL(104,B2:B8)',
    'SUBTOTAL(105,B2:B8)',
    'SUBTOTAL(6,B2:B3)',
    'SUBTOTAL(107,B2:B8)',
    'SUBTOTAL(110,B2:B8)',
    'SUBTOTAL(109,B2:B8,B2:B3)',
    'AGGREGATE(9,5,B2:B8)',
    'AGGREGATE(9,4,B2:B8)',
    'AGGREGATE(9,0,B2:B8)',
    'AGGREGATE(14,5,B2:B8,2)',
    'AGGREGATE(15,7,B2:B8,1)',
    'AGGREGATE(12,1,B2:B8)',
    'AGGREGATE(9,6,E2:E4)',
    'SUM(B2:B8)',
  ];
  list.forEach((f, i) => {
    cells[`G${i + 1}`] = { value: f };
    cells[`H${i + 1}`] = { formula: f };
  });
  cells.E2 = { value: 1 };
  cells.E3 = { formula: '1/0' };
  cells.E4 = { value: 2 };
  return { sheets: [{ name: 'Sub', cells, rows: { '3': { hidden: true }, '5': { hidden: true } } }] };
}

export function date1904Workbook(): WorkbookInput {
  return {
    date1904: true,
    sheets: [
      {
        name: 'Dates',
        cells: {
          C1: { value: 43000, numFmt: 'yyyy-mm-dd' },
          C2: { value: 0, numFmt: 'yyyy-mm-dd' },
          ...formulas([
            'DATE(2024,3,15)',
            'YEAR(C1)',
            'MONTH(C1)',
            'DAY(C1)',
            'WEEKDAY(C1)',
            'WEEKDAY(C1,2)',
            'EDATE(C1,5)',
            'EOMONTH(C1,-1)',
            'TEXT(C1,"yyyy-mm-dd")',
            'TEXT(DATE(2024,2,29),"dddd d mmmm yyyy")',
            'DATEVALUE("2024-03-15")',
            'YEAR(C2)',
            'DATE(2024,12,31)-DATE(2024,1,1)',
            'YEAR(TODAY())>2020',
            'TEXT(1.5,"0.00")',
            'DAY(EOMONTH(DATE(2024,2,10),0))',
            'WEEKNUM(C1)',
            'DATEDIF(C2,C1,"y")',
          ]),
        },
      },
    ],
  };
}

export function functionsWorkbook(): WorkbookInput {
  return {
    sheets: [
      {
        name: 'Data',
        cells: grid([
          ['Name', 'Region', 'Sales', 'Date', 'Code'],
          ['Ann', 'North', 120, 45300, 'a-1'],
          ['Bob', 'south', 80.5, 45310, 'b-2'],
          ['Cid', 'North', null, 45320, 'c-3'],
          ['Dee', 'East', 'n/a', 45330, 'd-4'],
          ['Eve', 'South', 200, 45340, 'e-5'],
          ['Fay', 'North', 55.25, 45350, 'f-6'],
          [1, 10, 100, 1000, 'x'],
          [2, 20, 200, 2000, 'y'],
          [3, 30, 300, 3000, 'z'],
        ]),
      },
      {
        name: 'Calc',
        cells: formulas([
          'IFERROR(1/0,"div")',
          'IFERROR(VLOOKUP("Zed",Data!A2:C7,3,FALSE),-1)',
          'VLOOKUP("Eve",Data!A2:C7,3,FALSE)',
          'VLOOKUP("bob",Data!A2:C7,2,0)',
          'VLOOKUP(2.5,Data!A8:C10,3,TRUE)',
          'HLOOKUP(100,Data!B8:D10,3,FALSE)',
          'INDEX(Data!A2:E7,MATCH("Dee",Data!A2:A7,0),5)',
          'MATCH(25,Data!B8:B10,1)',
          'MATCH("C*",Data!A2:A7,0)',
          'SUMIFS(Data!C2:C7,Data!B2:B7,"North")',
          'SUMIFS(Data!C2:C7,Data!B2:B7,"south",Data!C2:C7,">50")',
          'COUNTIFS(Data!B2:B7,"North",Data!C2:C7,">=55.25")',
          'AVERAGEIFS(Data!C2:C7,Data!B2:B7,"<>East")',
          'COUNTIF(Data!C2:C7,">100")',
          'SUMIF(Data!B2:B7,"North",Data!C2:C7)',
          'TEXT(1234.567,"#,##0.00")',
          'TEXT(0.256,"0.0%")',
          'TEXT(Data!D2,"dd/mm/yyyy")',
          'TEXT(Data!D2,"mmm d, yyyy")',
          'TEXT(-5,"0.00;(0.00)")',
          'ROUND(2.345,2)',
          'ROUND(-2.5,0)',
          'ROUNDUP(2.341,1)',
          'ROUNDDOWN(-2.349,2)',
          'ROUND(1234.5,-2)',
          'MROUND(17,5)',
          'INT(-3.5)',
          'TRUNC(-3.5)',
          'MOD(-7,3)',
          'DATE(2024,14,1)',
          'YEAR(Data!D2)+MONTH(Data!D2)/100',
          'EOMONTH(Data!D2,2)',
          'EDATE(DATE(2024,1,31),1)',
          'WEEKDAY(Data!D3)',
          'IF(Data!C2>100,"big","small")',
          'IFS(Data!C3>100,"big",Data!C3>50,"mid",TRUE,"small")',
          'AND(Data!C2>100,Data!C3<100)',
          'OR(Data!C4>0,FALSE)',
          'NOT(ISBLANK(Data!C4))',
          'CHOOSE(2,"a","b","c")',
          'SUMPRODUCT((Data!B2:B7="North")*Data!C2:C7)',
          'SUMPRODUCT(Data!A8:A10,Data!B8:B10)',
          'SUMPRODUCT(--(Data!C2:C7>60))',
          'MAX(Data!C2:C7)',
          'MIN(Data!C2:C7)',
          'AVERAGE(Data!C2:C7)',
          'COUNT(Data!C2:C7)',
          'COUNTA(Data!C2:C7)',
          'COUNTBLANK(Data!C2:C7)',
          'MEDIAN(Data!C2:C7)',
          'LEFT(Data!E2,1)&UPPER(RIGHT(Data!A3,2))',
          'MID("spreadsheet",3,4)',
          'LEN(Data!A2&Data!B2)',
          'PROPER("hello wORLD")',
          'TRIM("  a   b  ")',
          'SUBSTITUTE("a-b-c","-","+",2)',
          'FIND("b","abcb",3)',
          'SEARCH("B","abc")',
          'CONCATENATE(Data!A2," ",Data!C2)',
          'TEXTJOIN(", ",TRUE,Data!A2:A4)',
          'CONCAT(Data!E2:E3)',
          'VALUE("12.5")+1',
          'REPT("ab",3)',
          'EXACT("a","A")',
          '"a"="A"',
          'Data!C2&""',
          '1/3&""',
          'Data!C4=0',
          'Data!C4=""',
          'OFFSET(Data!A1,2,2)',
          'SUM(OFFSET(Data!C1,1,0,3,1))',
          'ABS(-4)+SQRT(16)+POWER(2,3)',
          'SUM(Data!C2:C7)/COUNT(Data!C2:C7)',
          'LARGE(Data!C2:C7,2)',
          'SMALL(Data!C2:C7,2)',
          'RANK(80.5,Data!C2:C7)',
          'STDEV(Data!C2:C7)',
          'MAXIFS(Data!C2:C7,Data!B2:B7,"North")',
          'MINIFS(Data!C2:C7,Data!B2:B7,"North")',
          'SWITCH(Data!B2,"North",1,"South",2,0)',
          'ISNUMBER(Data!C5)',
          'ISTEXT(Data!C5)',
          'N(Data!C2)',
          'IFNA(MATCH("zz",Data!A2:A7,0),"none")',
          'PMT(0.05/12,60,-10000)',
          'NPV(0.1,100,200,300)',
          'LOWER(Data!B3)=Data!B3',
          'Data!C2*Data!C3-Data!C5',
          'IF(Data!C5="n/a",0,Data!C5)',
        ]),
      },
    ],
  };
}

export const AGREEMENT_WORKBOOKS: Array<{ name: string; build: () => WorkbookInput }> = [
  { name: 'defined names', build: namesWorkbook },
  { name: '3-D references', build: threeDWorkbook },
  { name: 'structured references and totals row', build: tablesWorkbook },
  { name: 'SUBTOTAL and AGGREGATE over hidden rows', build: subtotalWorkbook },
  { name: '1904 date system', build: date1904Workbook },
  { name: 'common, text and lookup functions', build: functionsWorkbook },
];
