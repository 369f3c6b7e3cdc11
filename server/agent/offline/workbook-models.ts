/**
 * Offline blueprints that are not one table: the 3-statement model (income statement, balance sheet
 * and cash flow linked by formulas, balancing by construction), the loan amortisation schedule and
 * the invoice. Each returns the tool calls, one batch per sheet; inputs are sample data, marked.
 */
import { numberToColumn } from '@/lib/workbook/cell-ref';
import type { InvoiceDetails } from './invoice-details';
import { seededRandom } from './parse-prompt';
import { SAMPLE_NOTE, type PlannedCall } from './plan-types';

export type Row = Array<string | number | null>;
const HEAD = { bold: true, color: '#FFFFFF', fill: '#1F4E79', border: 'thin' };
const q = (s: string) => `'${s}'`;

export function sheetCalls(name: string, rows: Row[], opts: { widths: Record<string, number>; numFmt?: Array<[string, string]>; bold?: string[]; headerRange?: string; freeze?: number; exists?: boolean }): PlannedCall[] {
  const calls: PlannedCall[] = [
    ...(opts.exists ? [] : [{ toolName: 'add_sheet', input: { name } }]),
    { toolName: 'write_range', input: { sheet: name, start: 'A1', rows } },
    { toolName: 'format_range', input: { sheet: name, range: 'A1', style: { bold: true, fontSize: 14, color: '#1F4E79' } } },
    { toolName: 'format_range', input: { sheet: name, range: 'A2', style: { italic: true, color: '#7F7F7F' } } },
  ];
  if (opts.headerRange) calls.push({ toolName: 'format_range', input: { sheet: name, range: opts.headerRange, style: HEAD } });
  for (const [range, fmt] of opts.numFmt ?? []) calls.push({ toolName: 'format_range', input: { sheet: name, range, numFmt: fmt } });
  for (const range of opts.bold ?? []) calls.push({ toolName: 'format_range', input: { sheet: name, range, style: { bold: true, borderTop: 'thin' } } });
  if (opts.freeze) calls.push({ toolName: 'freeze_panes', input: { sheet: name, rows: opts.freeze, cols: 1 } });
  calls.push({ toolName: 'set_column_widths', input: { sheet: name, widths: opts.widths } });
  return calls;
}

/** Income statement, balance sheet and cash flow over `years` years, linked by formulas. */
export function threeStatementModel(opts: { title: string; years: number; startYear: number; seed: string; names?: [string, string, string] }): { batches: PlannedCall[][]; sheets: string[] } {
  const [IS, BS, CF] = opts.names ?? ['Income Statement', 'Balance Sheet', 'Cash Flow'];
  const n = Math.max(1, Math.min(opts.years, 10));
  const rand = seededRandom(opts.seed);
  const years = Array.from({ length: n }, (_, k) => `FY${opts.startYear + k}`);
  const isCol = (k: number) => numberToColumn(2 + k); // B…
  const bsCol = (k: number) => numberToColumn(3 + k); // C… (B is the opening balance)
  const cfCol = (k: number) => numberToColumn(2 + k);
  const lastIs = isCol(n - 1);
  const lastBs = bsCol(n - 1);
  const rev0 = 800_000 + Math.round(rand() * 400_000);
  const grow = (k: number, base: number, g: number) => Math.round(base * Math.pow(1 + g, k) / 1000) * 1000;

  // Income statement: rows 4… (3 = header)
  const isRows: Row[] = [[`${opts.title} — Income Statement`, ...years.map(() => null)], [SAMPLE_NOTE], ['Line item', ...years]];
  const R = { rev: 4, cogs: 5, gp: 6, opex: 7, ebitda: 8, dep: 9, ebit: 10, int: 11, pbt: 12, tax: 13, ni: 14 };
  isRows.push(['Revenue', ...years.map((_, k) => grow(k, rev0, 0.12))]);
  isRows.push(['Cost of goods sold', ...years.map((_, k) => grow(k, rev0 * 0.45, 0.1))]);
  isRows.push(['Gross profit', ...years.map((_, k) => `=${isCol(k)}${R.rev}-${isCol(k)}${R.cogs}`)]);
  isRows.push(['Operating expenses', ...years.map((_, k) => grow(k, rev0 * 0.28, 0.08))]);
  isRows.push(['EBITDA', ...years.map((_, k) => `=${isCol(k)}${R.gp}-${isCol(k)}${R.opex}`)]);
  isRows.push(['Depreciation', ...years.map((_, k) => grow(k, 40_000, 0.05))]);
  isRows.push(['Operating profit (EBIT)', ...years.map((_, k) => `=${isCol(k)}${R.ebitda}-${isCol(k)}${R.dep}`)]);
  isRows.push(['Interest expense', ...years.map(() => 12_000)]);
  isRows.push(['Profit before tax', ...years.map((_, k) => `=${isCol(k)}${R.ebit}-${isCol(k)}${R.int}`)]);
  isRows.push(['Tax (25%)', ...years.map((_, k) => `=MAX(0,${isCol(k)}${R.pbt}*0.25)`)]);
  isRows.push(['Net income', ...years.map((_, k) => `=${isCol(k)}${R.pbt}-${isCol(k)}${R.tax}`)]);

  // Balance sheet: B = opening balances, C… = years
  const B = { cash: 4, ar: 5, ppe: 6, ta: 7, ap: 9, debt: 10, cap: 11, re: 12, tle: 13, check: 15 };
  const bsHead = ['Line item', 'Opening', ...years];
  const bsRows: Row[] = [[`${opts.title} — Balance Sheet`], [SAMPLE_NOTE], bsHead];
  const prevBs = (k: number) => (k === 0 ? 'B' : bsCol(k - 1));
  bsRows.push(['Cash', 150_000, ...years.map((_, k) => `=${q(CF)}!${cfCol(k)}16`)]);
  bsRows.push(['Accounts receivable', 90_000, ...years.map((_, k) => grow(k + 1, 90_000, 0.1))]);
  bsRows.push(['Property, plant & equipment', 300_000, ...years.map((_, k) => `=${prevBs(k)}${B.ppe}-${q(CF)}!${cfCol(k)}10-${q(IS)}!${isCol(k)}${R.dep}`)]);
  bsRows.push(['Total assets', ...['B', ...years.map((_, k) => bsCol(k))].map((c) => `=SUM(${c}${B.cash}:${c}${B.ppe})`)]);
  bsRows.push([null]);
  bsRows.push(['Accounts payable', 60_000, ...years.map((_, k) => grow(k + 1, 60_000, 0.08))]);
  bsRows.push(['Debt', 200_000, ...years.map((_, k) => `=${prevBs(k)}${B.debt}+${q(CF)}!${cfCol(k)}12`)]);
  bsRows.push(['Share capital', 100_000, ...years.map((_, k) => `=${prevBs(k)}${B.cap}`)]);
  bsRows.push(['Retained earnings', 180_000, ...years.map((_, k) => `=${prevBs(k)}${B.re}+${q(IS)}!${isCol(k)}${R.ni}+${q(CF)}!${cfCol(k)}13`)]);
  bsRows.push(['Total liabilities & equity', ...['B', ...years.map((_, k) => bsCol(k))].map((c) => `=SUM(${c}${B.ap}:${c}${B.re})`)]);
  bsRows.push([null]);
  bsRows.push(['Check (assets − liabilities & equity)', ...['B', ...years.map((_, k) => bsCol(k))].map((c) => `=${c}${B.ta}-${c}${B.tle}`)]);

  // Cash flow: rows 4…16
  const cfRows: Row[] = [[`${opts.title} — Cash Flow`], [SAMPLE_NOTE], ['Line item', ...years]];
  cfRows.push(['Net income', ...years.map((_, k) => `=${q(IS)}!${isCol(k)}${R.ni}`)]); // 4
  cfRows.push(['Depreciation', ...years.map((_, k) => `=${q(IS)}!${isCol(k)}${R.dep}`)]); // 5
  cfRows.push(['Change in receivables', ...years.map((_, k) => `=-(${q(BS)}!${bsCol(k)}${B.ar}-${q(BS)}!${prevBs(k)}${B.ar})`)]); // 6
  cfRows.push(['Change in payables', ...years.map((_, k) => `=${q(BS)}!${bsCol(k)}${B.ap}-${q(BS)}!${prevBs(k)}${B.ap}`)]); // 7
  cfRows.push(['Cash from operations', ...years.map((_, k) => `=SUM(${cfCol(k)}4:${cfCol(k)}7)`)]); // 8
  cfRows.push([null]); // 9
  cfRows.push(['Capital expenditure', ...years.map((_, k) => -grow(k, 60_000, 0.1))]); // 10
  cfRows.push(['Cash from investing', ...years.map((_, k) => `=${cfCol(k)}10`)]); // 11
  cfRows.push(['Debt raised / (repaid)', ...years.map(() => -20_000)]); // 12
  cfRows.push(['Dividends paid', ...years.map(() => -15_000)]); // 13
  cfRows.push(['Net change in cash', ...years.map((_, k) => `=${cfCol(k)}8+${cfCol(k)}11+${cfCol(k)}12+${cfCol(k)}13`)]); // 14
  cfRows.push(['Opening cash', ...years.map((_, k) => `=${q(BS)}!${prevBs(k)}${B.cash}`)]); // 15
  cfRows.push(['Closing cash', ...years.map((_, k) => `=${cfCol(k)}15+${cfCol(k)}14`)]); // 16

  const money = '#,##0;(#,##0)';
  const widths = (cols: number) => ({ A: 36, ...Object.fromEntries(Array.from({ length: cols }, (_, k) => [numberToColumn(2 + k), 14])) });
  return {
    sheets: [IS, BS, CF],
    // the three sheets first: each statement's formulas read the others
    batches: [
      [IS, BS, CF].map((name) => ({ toolName: 'add_sheet', input: { name } })),
      sheetCalls(IS, isRows, { widths: widths(n), headerRange: `A3:${lastIs}3`, numFmt: [[`B4:${lastIs}14`, money]], bold: [`A6:${lastIs}6`, `A10:${lastIs}10`, `A14:${lastIs}14`], freeze: 3, exists: true }),
      sheetCalls(BS, bsRows, { widths: widths(n + 1), headerRange: `A3:${lastBs}3`, numFmt: [[`B4:${lastBs}15`, money]], bold: [`A7:${lastBs}7`, `A13:${lastBs}13`], freeze: 3, exists: true }),
      sheetCalls(CF, cfRows, { widths: widths(n), headerRange: `A3:${cfCol(n - 1)}3`, numFmt: [[`B4:${cfCol(n - 1)}16`, money]], bold: [`A8:${cfCol(n - 1)}8`, `A14:${cfCol(n - 1)}14`, `A16:${cfCol(n - 1)}16`], freeze: 3, exists: true }),
    ],
  };
}

/** A loan: inputs block and a monthly amortisation schedule driven by PMT / IPMT-style formulas. */
export function loanSchedule(opts: { title: string; name: string; principal: number; ratePct: number; years: number }): PlannedCall[] {
  const periods = Math.max(1, Math.min(opts.years * 12, 480));
  const first = 11;
  const last = first + periods - 1;
  const rows: Row[] = [
    [opts.title],
    ['Sample inputs generated by the offline model — replace with your loan terms.'],
    ['Loan amount', opts.principal],
    ['Annual interest rate', opts.ratePct / 100],
    ['Term (years)', opts.years],
    ['Payments per year', 12],
    ['Monthly payment', '=PMT(B4/B6,B5*B6,-B3)'],
    ['Total interest', `=SUM(D${first}:D${last})`],
    [null],
    ['Period', 'Opening balance', 'Payment', 'Interest', 'Principal', 'Closing balance'],
  ];
  for (let p = 1; p <= periods; p++) {
    const r = first + p - 1;
    rows.push([p, p === 1 ? '=$B$3' : `=F${r - 1}`, '=$B$7', `=B${r}*$B$4/$B$6`, `=C${r}-D${r}`, `=B${r}-E${r}`]);
  }
  return [
    ...sheetCalls(opts.name, rows, { widths: { A: 22, B: 16, C: 14, D: 14, E: 14, F: 16 }, headerRange: 'A10:F10', numFmt: [['B3', '#,##0'], ['B4', '0.00%'], ['B7:B8', '#,##0.00'], [`B${first}:F${last}`, '#,##0.00']] }),
    { toolName: 'freeze_panes', input: { sheet: opts.name, rows: 10, cols: 0 } },
  ];
}

/** An invoice: seller/customer block, line items (qty × unit price), subtotal, tax and total; the customer and lines the prompt gives. */
export function invoiceSheet(opts: { title: string; name: string; lines: number; seed: string; columns?: string[]; details?: InvoiceDetails }): PlannedCall[] {
  const rand = seededRandom(opts.seed);
  const given = opts.details?.lines ?? [];
  const n = Math.max(1, Math.min(given.length || opts.lines, 50));
  const items = ['Consulting (hours)', 'Design work (hours)', 'Software licence', 'Support plan', 'Training session', 'Travel expenses', 'Hosting (month)', 'Setup fee'];
  const first = 10;
  const last = first + n - 1;
  // today as an Excel date serial (days since 1899-12-30)
  const today = Math.floor(Date.now() / 86_400_000) + 25_569;
  const year = new Date().getUTCFullYear();
  const samplePrice = () => Math.round((25 + rand() * 175) * 100) / 100;
  const rows: Row[] = [
    [opts.title],
    [given.length ? 'Drafted by the offline model from the prompt — lines marked "sample price", the seller, the address and the tax rate are sample data.' : 'Sample invoice generated by the offline model — replace names, items and prices.'],
    ['Invoice number', `INV-${year}-001`, null, 'Bill to', opts.details?.customer ?? 'Customer name'],
    ['Invoice date', today, null, null, 'Street, City'],
    ['Due date', '=B4+30', null, null, 'customer@example.com'],
    ['From', 'Your company', null, 'Payment terms', 'Net 30'],
    [null],
    [null],
    ['Description', 'Quantity', 'Unit price', 'Amount'],
  ];
  for (let i = 0; i < n; i++) {
    const line = given[i];
    const r = first + i;
    if (line) rows.push([line.description, line.quantity, line.unitPrice ?? samplePrice(), `=B${r}*C${r}`, ...(line.unitPrice === undefined ? ['sample price'] : [])]);
    else rows.push([items[i % items.length]!, Math.round(1 + rand() * 20), samplePrice(), `=B${r}*C${r}`]);
  }
  rows.push([null, null, 'Subtotal', `=SUM(D${first}:D${last})`]);
  rows.push([null, null, 'Tax rate', 0.2]);
  rows.push([null, null, 'Tax', `=D${last + 1}*D${last + 2}`]);
  rows.push([null, null, 'Total due', `=D${last + 1}+D${last + 3}`]);
  const cur = opts.details?.currency;
  const money = cur ? `"${cur}"#,##0.00` : '#,##0.00';
  return sheetCalls(opts.name, rows, {
    widths: { A: 30, B: 16, C: 16, D: 16, E: 24 },
    headerRange: 'A9:D9',
    numFmt: [['B4:B5', 'yyyy-mm-dd'], [`C${first}:D${last + 1}`, money], [`D${last + 2}`, '0%'], [`D${last + 3}:D${last + 4}`, money]],
    bold: [`C${last + 4}:D${last + 4}`],
  });
}

/** What a KPI is: its unit, whether its months add up (a flow) or its latest month counts (a level), and its direction. */
function kpiTraits(name: string): { unit: 'money' | 'count' | 'percent' | 'score'; flow: boolean; lowerIsBetter: boolean; base: number } {
  const n = name.toLowerCase();
  const lowerIsBetter = /churn|cost|\bcac\b|spend|expense|complaint|defect|downtime|incident|\bbugs?\b|response time|resolution time|returns|refund|burn/.test(n);
  if (/%|rate|churn|conversion|margin|retention|ratio|\bshare\b|utili[sz]ation|attainment/.test(n)) {
    const base = /churn/.test(n) ? 0.03 : /conversion/.test(n) ? 0.04 : /margin/.test(n) ? 0.35 : /retention/.test(n) ? 0.9 : 0.25;
    return { unit: 'percent', flow: false, lowerIsBetter, base };
  }
  if (/\bnps\b|csat|score|satisfaction|rating/.test(n)) return { unit: 'score', flow: false, lowerIsBetter, base: /\bnps\b/.test(n) ? 35 : 80 };
  const money = /revenue|sales|\bmrr\b|\barr\b|\bcac\b|\bltv\b|\baov\b|order value|cost|spend|expense|profit|income|cash|bookings|pipeline|budget|burn/.test(n);
  const flow = /\bnew\b|orders|revenue|sales|leads|sign-?ups|deals|tickets|visits|sessions|units|downloads|trials|renewals|spend|cost|expense|profit|bookings|hires|calls|meetings/.test(n) && !/\bmrr\b|\barr\b|order value|\baov\b|\bltv\b/.test(n);
  if (money) {
    const base = /\bmrr\b/.test(n) ? 80_000 : /\barr\b/.test(n) ? 1_000_000 : /\baov\b|order value/.test(n) ? 85 : /\bcac\b/.test(n) ? 400 : /\bltv\b/.test(n) ? 2_400 : /revenue|sales|bookings/.test(n) ? 120_000 : 40_000;
    return { unit: 'money', flow, lowerIsBetter, base };
  }
  const base = /active|users|subscribers/.test(n) ? 12_000 : /new customers|customers/.test(n) ? 150 : /orders/.test(n) ? 2_400 : /leads/.test(n) ? 900 : /tickets/.test(n) ? 600 : /visits|sessions/.test(n) ? 40_000 : /headcount|employees/.test(n) ? 85 : 500;
  return { unit: 'count', flow, lowerIsBetter, base };
}

const KPI_FMT = { money: '#,##0', count: '#,##0', percent: '0.0%', score: '0' } as const;

/**
 * A KPI dashboard: a Dashboard sheet of KPI tiles (KPI, basis, value, target, variance, variance %,
 * status) whose values are formulas over a Data sheet of monthly figures, and a chart of the first
 * KPI (or one per KPI) over the months. Monthly figures and targets are sample data (marked).
 */
export function kpiDashboard(opts: { title: string; kpis: string[]; months: number; startYear: number; startMonth: number; seed: string; chartType: 'bar' | 'column' | 'line' | 'pie' | 'scatter'; charts: number; names?: [string, string] }): { batches: PlannedCall[][]; sheets: [string, string]; kpis: string[]; charts: number } {
  const [DASH, DATA] = opts.names ?? ['Dashboard', 'Data'];
  const rand = seededRandom(opts.seed);
  const kpis = [...new Map(opts.kpis.map((k) => [k.toLowerCase(), k])).values()].slice(0, 10);
  const n = Math.max(2, Math.min(opts.months, 36));
  const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const monthLabel = (i: number) => {
    const m = opts.startMonth - 1 + i;
    return `${MONTHS[m % 12]} ${opts.startYear + Math.floor(m / 12)}`;
  };
  const traits = kpis.map(kpiTraits);
  const firstRow = 4;
  const lastRow = firstRow + n - 1;
  const L = (k: number) => numberToColumn(k + 2); // the KPI's column on the data sheet (A = Month)

  // the data sheet: one row per month, one column per KPI
  const series = traits.map((t) =>
    Array.from({ length: n }, (_, i) => {
      const trend = t.lowerIsBetter ? Math.pow(0.99, i) : Math.pow(1.02, i);
      const v = t.base * trend * (0.94 + 0.12 * rand());
      return t.unit === 'percent' ? Math.round(v * 1000) / 1000 : t.unit === 'score' ? Math.round(v) : Math.round(v);
    }),
  );
  const dataRows: Row[] = [[`${opts.title} — monthly data`], [SAMPLE_NOTE], ['Month', ...kpis]];
  for (let i = 0; i < n; i++) dataRows.push([monthLabel(i), ...series.map((s) => s[i]!)]);
  const lastCol = L(kpis.length - 1);
  const data = sheetCalls(DATA, dataRows, {
    widths: { A: 12, ...Object.fromEntries(kpis.map((k, j) => [L(j), Math.max(12, k.length + 4)])) },
    headerRange: `A3:${lastCol}3`,
    numFmt: traits.map((t, j) => [`${L(j)}${firstRow}:${L(j)}${lastRow}`, KPI_FMT[t.unit]] as [string, string]),
    freeze: 3,
  });

  // the dashboard: one tile (row) per KPI, every figure a formula over the data sheet
  const d = `'${DATA.replace(/'/g, "''")}'`;
  const head = 5;
  // the last filled cell of a data column (the month column counts its labels)
  const latest = (col: string) => `INDEX(${d}!${col}${firstRow}:${col}${lastRow},${col === 'A' ? 'COUNTA' : 'COUNT'}(${d}!${col}${firstRow}:${col}${lastRow}))`;
  const tiles: Row[] = [
    [opts.title],
    [`Values are formulas over the ${DATA} sheet; its monthly figures and the targets are sample data generated by the offline model — replace them with real figures.`],
    // the period and the latest month read the data sheet: rows added there move them on
    [`="Period: "&${d}!A${firstRow}&" – "&${latest('A')}`],
    [null],
    ['KPI', 'Basis', 'Value', 'Target', 'Variance', 'Variance %', 'Status'],
  ];
  kpis.forEach((k, j) => {
    const t = traits[j]!;
    const r = head + 1 + j;
    const col = L(j);
    const value = t.flow ? series[j]!.reduce((a, b) => a + b, 0) : series[j]![n - 1]!;
    // a target near the value: some KPIs on track, some not
    const f = 0.92 + 0.16 * rand();
    const target = t.unit === 'percent' ? Math.round(value * f * 1000) / 1000 : Math.round((value * f) / (value > 1000 ? 100 : 1)) * (value > 1000 ? 100 : 1);
    const status = t.lowerIsBetter ? `=IF(C${r}<=D${r},"On track",IF(C${r}<=D${r}*1.05,"At risk","Off track"))` : `=IF(C${r}>=D${r},"On track",IF(C${r}>=D${r}*0.95,"At risk","Off track"))`;
    tiles.push([
      // the label reads the data sheet's header: renaming the KPI there renames its tile
      `=${d}!${col}3`,
      t.flow ? `="Total "&${d}!A${firstRow}&" – "&${latest('A')}` : `="Latest month ("&${latest('A')}&")"`,
      t.flow ? `=SUM(${d}!${col}${firstRow}:${col}${lastRow})` : `=${latest(col)}`,
      target,
      `=C${r}-D${r}`,
      `=IF(D${r}=0,0,E${r}/D${r})`,
      status,
    ]);
  });
  const lastTile = head + kpis.length;
  const dash = sheetCalls(DASH, tiles, {
    widths: { A: 24, B: 26, C: 14, D: 14, E: 14, F: 12, G: 12 },
    headerRange: `A${head}:G${head}`,
    numFmt: [...traits.map((t, j) => [`C${head + 1 + j}:E${head + 1 + j}`, KPI_FMT[t.unit]] as [string, string]), [`F${head + 1}:F${lastTile}`, '0.0%']],
  });
  dash.push({ toolName: 'format_range', input: { sheet: DASH, range: `C${head + 1}:C${lastTile}`, style: { bold: true, fontSize: 12 } } });
  dash.push({ toolName: 'format_range', input: { sheet: DASH, range: `A${head + 1}:G${lastTile}`, style: { border: 'thin' } } });
  dash.push({ toolName: 'format_range', input: { sheet: DASH, range: 'A3', style: { color: '#595959' } } });

  // charts: the first KPI over the months (or one per KPI), right of the tiles, two by two
  const charts: PlannedCall[] = [];
  const count = Math.max(1, Math.min(opts.charts, kpis.length, 4));
  for (let j = 0; j < count; j++) {
    const top = head + Math.floor(j / 2) * 19;
    const left = 9 + (j % 2) * 9; // I, R
    charts.push({
      toolName: 'add_chart',
      input: {
        sheet: DASH,
        id: `chart_${j + 1}`,
        type: opts.chartType,
        title: `${kpis[j]} by month`,
        categories: `${d}!A${firstRow}:A${lastRow}`,
        series: [{ name: `${d}!${L(j)}3`, values: `${d}!${L(j)}${firstRow}:${L(j)}${lastRow}` }],
        anchor: `${numberToColumn(left)}${top}:${numberToColumn(left + 7)}${top + 17}`,
        legend: 'none',
      },
    });
  }
  // the data sheet first (the dashboard's formulas read it), the dashboard placed before it
  dash[0] = { toolName: 'add_sheet', input: { name: DASH, position: 0 } };
  return { batches: [data, dash, charts], sheets: [DASH, DATA], kpis, charts: count };
}

/** Objectives with three measurable key results each: [key result, target, current, format, owner]. */
const OKRS: Array<[string, Array<[string, number, number, string]>]> = [
  ['Grow revenue', [['New ARR closed ($)', 1_200_000, 780_000, '#,##0'], ['New enterprise deals', 40, 23, '#,##0'], ['Average deal size ($)', 30_000, 26_500, '#,##0']]],
  ['Delight customers', [['NPS', 50, 41, '0'], ['CSAT', 0.95, 0.91, '0%'], ['Help-centre articles published', 20, 12, '#,##0']]],
  ['Ship faster', [['Roadmap features shipped', 12, 7, '#,##0'], ['Releases', 13, 9, '#,##0'], ['Automated test coverage', 0.8, 0.66, '0%']]],
  ['Build the team', [['Engineers hired', 8, 5, '#,##0'], ['Leadership workshops held', 6, 2, '#,##0'], ['Hires onboarded within 2 weeks', 1, 0.75, '0%']]],
];

/**
 * OKRs: objectives with three key results each, a target and a current value per key result, its
 * progress (current ÷ target, capped at 100%) and status as formulas, and the average progress of
 * each objective and overall. Targets and current values are sample data (marked).
 */
export function okrSheet(opts: { title: string; name: string; objectives?: string[]; seed: string }): { calls: PlannedCall[]; rows: number } {
  const rand = seededRandom(opts.seed);
  const owners = ['Alex', 'Sam', 'Jordan', 'Taylor'];
  const objectives = (opts.objectives?.length ? opts.objectives.slice(0, 8) : OKRS.map(([o]) => o)).map((o, k) => [o, OKRS[k % OKRS.length]![1]] as const);
  const first = 4;
  const rows: Row[] = [[opts.title], ['Sample targets and progress generated by the offline model — replace with your key results.'], ['Objective', 'Key result', 'Owner', 'Target', 'Current', 'Progress %', 'Status']];
  const fmts: Array<[string, string]> = [];
  let r = first;
  objectives.forEach(([objective, krs], k) => {
    for (const [kr, target, current, fmt] of krs) {
      // a little variation, the same for the same prompt
      const cur = fmt.endsWith('%') ? Math.round(current * (0.9 + 0.2 * rand()) * 100) / 100 : Math.round(current * (0.9 + 0.2 * rand()));
      rows.push([objective, kr, owners[k % owners.length]!, target, Math.min(cur, target), `=IF(D${r}=0,0,MIN(1,E${r}/D${r}))`, `=IF(F${r}>=0.7,"On track",IF(F${r}>=0.4,"At risk","Off track"))`]);
      fmts.push([`D${r}:E${r}`, fmt]);
      r++;
    }
  });
  const last = r - 1;
  rows.push([null]);
  const avgRow = last + 2;
  rows.push(['Average progress', null, null, null, null, `=AVERAGE(F${first}:F${last})`, null]);
  // one row per objective: the average progress of its own key results
  objectives.forEach(([objective], k) => rows.push([objective, null, null, null, null, `=AVERAGEIF(A$${first}:A$${last},A${avgRow + 1 + k},F$${first}:F$${last})`, null]));
  const calls = sheetCalls(opts.name, rows, {
    widths: { A: 24, B: 34, C: 12, D: 14, E: 14, F: 13, G: 12 },
    headerRange: 'A3:G3',
    numFmt: [...fmts, [`F${first}:F${avgRow + objectives.length}`, '0%']],
    bold: [`A${avgRow}:G${avgRow}`],
    freeze: 3,
  });
  calls.push({ toolName: 'add_conditional_format', input: { sheet: opts.name, range: `F${first}:F${last}`, kind: '<', values: [0.4], fill: '#FFC7CE', color: '#9C0006' } });
  return { calls, rows: last - first + 1 };
}
