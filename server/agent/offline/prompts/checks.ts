/**
 * Machine checks of the prompt suite. Each check reads the generated document (workbook model,
 * tiptap document, deck) — never the parser's output — and returns a failure message or null.
 */
import type { Deck } from '@/server/documents/deck/schema';
import { nodeText, type DocumentModel, type TiptapNode } from '@/server/documents/document/schema';
import { evaluateWorkbook, isErrorValue, type WorkbookEvaluation } from '@/server/documents/workbook/evaluate-formulas';
import type { Workbook } from '@/server/documents/workbook/schema';
import { numberToColumn, parseRange } from '@/lib/workbook/cell-ref';

export type Check =
  // workbooks
  | { c: 'sheets'; equals: string[] }
  | { c: 'sheetsInclude'; names: string[] }
  | { c: 'sheetCount'; n: number }
  | { c: 'headers'; sheet?: string; row?: number; equals: string[] }
  | { c: 'headersInclude'; sheet?: string; row?: number; names: string[] }
  | { c: 'dataRows'; sheet?: string; row?: number; n: number }
  /** every data cell of the column is a division formula shown as a percentage */
  | { c: 'ratioColumn'; sheet?: string; row?: number; header: string }
  | { c: 'formulaColumn'; sheet?: string; row?: number; header: string; pattern: string; skipFirst?: boolean }
  | { c: 'chart'; sheet?: string; type?: string; series?: string[]; count?: number }
  /** a chart (of a type) whose category labels, read from the cells its range covers, are these */
  | { c: 'chartCategories'; sheet?: string; type?: string; labels: string[] }
  /** charts do not mix units (money with counts or ratios) and their titles name their series */
  | { c: 'chartsConsistent' }
  | { c: 'noCharts' }
  | { c: 'table'; sheet?: string; range?: string }
  /** a conditional format whose range covers `covers` (e.g. "B4:B15"), with that operator and value */
  | { c: 'conditionalFormat'; sheet?: string; covers: string; operator?: string; values?: Array<number | string>; fill?: string }
  /** the data cells of the column have a dropdown list of exactly these choices */
  | { c: 'dropdown'; sheet?: string; row?: number; header: string; values: string[] }
  | { c: 'frozen'; sheet?: string; rows: number; cols: number }
  | { c: 'comment'; sheet?: string; cell: string; text: string }
  | { c: 'definedName'; name: string; ref?: string }
  /** a cell's number format, text colour and its column's width */
  | { c: 'cellFormat'; sheet?: string; cell: string; numFmt?: string; color?: string; width?: number; bold?: boolean; fill?: string }
  /** the value ranges (and categories) a chart plots */
  | { c: 'chartRefs'; sheet?: string; values: string[]; categories?: string }
  /** the first values of a column's data rows */
  | { c: 'columnValues'; sheet?: string; row?: number; header: string; equals: Array<string | number> }
  | { c: 'noJunkNames' }
  | { c: 'title'; sheet?: string; text: string }
  | { c: 'unique'; sheet?: string; row?: number; header: string }
  | { c: 'distinctAtMost'; sheet?: string; row?: number; header: string; n: number }
  | { c: 'linksTo'; sheet: string; target: string }
  | { c: 'sampleMarked'; sheet?: string }
  /** a Total row after the data; `sums` are SUMs over exactly the data rows */
  | { c: 'totals'; sheet?: string; row?: number; sums: string[]; notSummed?: string[] }
  /** every formula evaluates without an Excel error */
  | { c: 'noFormulaErrors' }
  | { c: 'value'; sheet: string; ref: string; equals?: number | string; near?: number; min?: number; max?: number }
  | { c: 'columnEmpty'; sheet?: string; row?: number; header: string }
  /** evaluated, every data row: header = num ÷ (sum of den), the den read on the same row, the previous row or the first data row */
  | { c: 'ratioOf'; sheet?: string; row?: number; header: string; num: string; den: string | string[]; denRow?: 'same' | 'prev' | 'first'; skipFirst?: boolean }
  /** evaluated, every data row: header = Σ plus − Σ minus */
  | { c: 'sumOf'; sheet?: string; row?: number; header: string; plus: string[]; minus?: string[] }
  /** evaluated: from the second data row on, the column equals the other column of the row before (opening = last closing) */
  | { c: 'carriesOver'; sheet?: string; row?: number; header: string; from: string }
  /** evaluated: the column's values never grow from one data row to the next (a funnel narrows), and do shrink overall */
  | { c: 'narrowing'; sheet?: string; row?: number; header: string }
  /** the row whose first cell is `label`: its cells from B to `cols` columns hold formulas matching the pattern, and evaluate near `near` */
  | { c: 'rowCheck'; sheet?: string; label: string; cols?: number; pattern?: string; near?: number }
  /** evaluated, in columns B… (`cols` of them): the row labelled `label` = Σ rows `plus` − Σ rows `minus` (found by their labels) */
  | { c: 'rowSum'; sheet?: string; label: string; plus: string[]; minus?: string[]; cols?: number }
  // documents
  | { c: 'docTitle'; text: string }
  | { c: 'headings'; equals: string[] }
  | { c: 'headingsInclude'; names: string[] }
  | { c: 'headingCount'; n: number }
  | { c: 'docTables'; min: number }
  | { c: 'contents' }
  | { c: 'textIncludes'; patterns: string[] }
  /** the section (a level-2 heading and what follows up to the next) holds a block of that type */
  | { c: 'sectionHolds'; title: string; type: string }
  // decks
  | { c: 'slides'; n: number }
  | { c: 'deckCharts'; min: number; type?: string; series?: string }
  | { c: 'deckTables'; min: number }
  | { c: 'uniqueTitles' }
  | { c: 'slideTitle'; n: number; text: string }
  | { c: 'deckTitle'; text: string }
  | { c: 'slideTitlesInclude'; names: string[] }
  /** no slide title matches the pattern (case-insensitive) */
  | { c: 'noSlideTitle'; pattern: string }
  /** the memo block's line (To, From, Subject…) reads exactly this (or matches the pattern) */
  | { c: 'memoField'; label: string; equals?: string; pattern?: string }
  /** a table (document or deck) whose header row is exactly these cells */
  | { c: 'tableHeader'; cells: string[] }
  /** a slide with this layout (at least `min`, default 1) */
  | { c: 'slideLayout'; layout: string; min?: number }
  /** every slide but title and section slides shows something: two or more bullets, two columns, a chart, a table or an image */
  | { c: 'noEmptySlides' }
  /** every slide has speaker notes of at least `min` characters */
  | { c: 'slideNotes'; min: number }
  /** slide (or section) titles are no prompt fragments: no dangling "and"/"with"/"of", no quotes, no format words */
  | { c: 'noJunkTitles' }
  /** the slide titled so lists these bullets (case-insensitive, in any order) */
  | { c: 'slideBullets'; title: string; includes: string[] }
  // any format
  | { c: 'summary'; pattern: string }
  | { c: 'unchanged' };

export interface Output {
  format: 'excel' | 'word' | 'slides';
  document: unknown;
  /** the document before the resume (for "unchanged") */
  before?: unknown;
  summary: string;
}

type Sheet = Workbook['sheets'][number];

function sheetOf(wb: Workbook, name?: string): Sheet {
  const s = name ? wb.sheets.find((x) => x.name === name) : wb.sheets[0];
  if (!s) throw new Error(`no sheet ${name ?? '(first)'} in [${wb.sheets.map((x) => x.name).join(', ')}]`);
  return s;
}

function headers(s: Sheet, row: number): string[] {
  const out: string[] = [];
  for (let c = 1; c <= 60; c++) {
    const v = s.cells[`${numberToColumn(c)}${row}`]?.value;
    if (typeof v !== 'string' || !v) break;
    out.push(v);
  }
  return out;
}

/** Data rows under the header row: up to a Total / Average row or an empty first cell. */
function dataRowNumbers(s: Sheet, row: number): number[] {
  const out: number[] = [];
  for (let r = row + 1; r < row + 5000; r++) {
    const v = s.cells[`A${r}`]?.value ?? (s.cells[`A${r}`]?.formula ? '=' : undefined);
    if (v === undefined || v === null || v === '' || (typeof v === 'string' && /^(total|average)$/i.test(v))) break;
    out.push(r);
  }
  return out;
}

function columnLetter(s: Sheet, row: number, header: string): string {
  const i = headers(s, row).findIndex((h) => h.toLowerCase() === header.toLowerCase());
  if (i < 0) throw new Error(`no column "${header}" in [${headers(s, row).join(', ')}]`);
  return numberToColumn(i + 1);
}

const JUNK = /\b(with|chart|graph|table|titled|called|named|rows?|columns?|sheets?|including)\b|["“”]|^(and|or|the|a)\b|\b(and|or)$/i;

const FAMILY = (name: string) => (/%|share|growth|margin|rate|ratio|attainment|progress|complete/i.test(name) ? 'percent' : /units|qty|quantity|count|orders|headcount|stock|customers|hours/i.test(name) ? 'count' : 'money');

function headingsOf(doc: DocumentModel, level = 2): string[] {
  return doc.doc.content.filter((n) => n.type === 'heading' && n.attrs?.level === level).map(nodeText);
}

/** A chart series' name as shown: a cell reference ("Sales!B3") reads that cell. */
function seriesName(wb: Workbook, name: string | undefined, cache: { ev?: WorkbookEvaluation }): string {
  if (!name || !/!\$?[A-Z]{1,3}\$?\d+$/.test(name)) return name ?? '';
  cache.ev ??= evaluateWorkbook(wb);
  const bang = name.lastIndexOf('!');
  const v = cache.ev.get(name.slice(0, bang).replace(/^'|'$/g, '').replaceAll("''", "'"), name.slice(bang + 1).replaceAll('$', ''));
  return valueText(v);
}

/** A computed value as text; an error value as its code (#REF!…). */
function valueText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') {
    const error: unknown = 'error' in v ? v.error : undefined;
    return typeof error === 'string' ? error : JSON.stringify(v);
  }
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : '';
}

/** A title that is a fragment of the prompt rather than a name. */
const JUNK_TITLE = /^(and|or|of|with|to|for|by|on|in)\s|\s(and|or|of|with|the|a|an|to|for|by|including|titled|called|named|about)$|["“”]|\b(slides?|deck|presentation|speaker notes|two-column|agenda slide)\b/i;

function walk(n: TiptapNode, f: (n: TiptapNode) => void): void {
  f(n);
  for (const c of n.content ?? []) walk(c, f);
}

export function runCheck(check: Check, out: Output, cache: { ev?: WorkbookEvaluation }): string | null {
  try {
    return evaluate(check, out, cache);
  } catch (e) {
    return (e as Error).message;
  }
}

function evaluate(check: Check, out: Output, cache: { ev?: WorkbookEvaluation }): string | null {
  const fail = (msg: string, ok: boolean) => (ok ? null : msg);
  if (check.c === 'summary') return fail(`summary "${out.summary}" does not match /${check.pattern}/`, new RegExp(check.pattern, 'i').test(out.summary));
  if (check.c === 'unchanged') return fail('the document changed', JSON.stringify(out.document) === JSON.stringify(out.before));

  if (out.format === 'excel') {
    const wb = out.document as Workbook;
    const row = 'row' in check && check.row !== undefined ? check.row : 3;
    const sheet = () => sheetOf(wb, 'sheet' in check ? check.sheet : undefined);
    switch (check.c) {
      case 'sheets':
        return fail(`sheets [${wb.sheets.map((s) => s.name).join(', ')}] ≠ [${check.equals.join(', ')}]`, JSON.stringify(wb.sheets.map((s) => s.name)) === JSON.stringify(check.equals));
      case 'sheetsInclude':
        return fail(`sheets [${wb.sheets.map((s) => s.name).join(', ')}] lack one of [${check.names.join(', ')}]`, check.names.every((n) => wb.sheets.some((s) => s.name === n)));
      case 'sheetCount':
        return fail(`${wb.sheets.length} sheets, expected ${check.n}`, wb.sheets.length === check.n);
      case 'headers':
        return fail(`headers [${headers(sheet(), row).join(', ')}] ≠ [${check.equals.join(', ')}]`, JSON.stringify(headers(sheet(), row)) === JSON.stringify(check.equals));
      case 'headersInclude': {
        const h = headers(sheet(), row).map((x) => x.toLowerCase());
        return fail(`headers [${h.join(', ')}] lack one of [${check.names.join(', ')}]`, check.names.every((n) => h.includes(n.toLowerCase())));
      }
      case 'dataRows': {
        const n = dataRowNumbers(sheet(), row).length;
        return fail(`${n} data rows, expected ${check.n}`, n === check.n);
      }
      case 'ratioColumn': {
        const s = sheet();
        const L = columnLetter(s, row, check.header);
        const rows = dataRowNumbers(s, row);
        const bad = rows.filter((r) => {
          const c = s.cells[`${L}${r}`];
          return !c?.formula || !c.formula.includes('/') || !/%/.test(c.numFmt ?? '');
        });
        return fail(`"${check.header}" is not a ratio with a % format in ${bad.length}/${rows.length} rows (e.g. ${L}${bad[0]}: ${JSON.stringify(s.cells[`${L}${bad[0]}`])})`, rows.length > 0 && bad.length === 0);
      }
      case 'formulaColumn': {
        const s = sheet();
        const L = columnLetter(s, row, check.header);
        const re = new RegExp(check.pattern);
        const rows = dataRowNumbers(s, row).slice(check.skipFirst ? 1 : 0);
        const bad = rows.filter((r) => !re.test(s.cells[`${L}${r}`]?.formula ?? ''));
        return fail(`"${check.header}": ${bad.length}/${rows.length} cells do not match /${check.pattern}/ (e.g. ${L}${bad[0]}: ${s.cells[`${L}${bad[0]}`]?.formula ?? 'no formula'})`, rows.length > 0 && bad.length === 0);
      }
      case 'chart': {
        const charts = check.sheet ? sheet().charts : wb.sheets.flatMap((s) => s.charts);
        if (check.count !== undefined && charts.length !== check.count) return `${charts.length} charts, expected ${check.count}`;
        const names = (c: (typeof charts)[number]) => c.series.map((x) => seriesName(wb, x.name, cache));
        const ok = charts.some((c) => (!check.type || c.type === check.type) && (!check.series || JSON.stringify(names(c)) === JSON.stringify(check.series)));
        return fail(`no chart${check.type ? ` of type ${check.type}` : ''}${check.series ? ` on [${check.series.join(', ')}]` : ''}; charts: ${charts.map((c) => `${c.type}[${names(c).join(', ')}]`).join('; ') || 'none'}`, ok);
      }
      case 'chartCategories': {
        const charts = (check.sheet ? sheet().charts : wb.sheets.flatMap((s) => s.charts)).filter((c) => !check.type || c.type === check.type);
        cache.ev ??= evaluateWorkbook(wb);
        const ev = cache.ev;
        const labelsOf = (ref: string | undefined) => {
          if (!ref) return [];
          const bang = ref.lastIndexOf('!');
          const sheetName = bang >= 0 ? ref.slice(0, bang).replace(/^'|'$/g, '').replaceAll("''", "'") : wb.sheets[0]!.name;
          const r = parseRange(ref.slice(bang + 1).replaceAll('$', ''));
          const out: string[] = [];
          for (let row = r.from.row; row <= r.to.row; row++) for (let col = r.from.col; col <= r.to.col; col++) out.push(valueText(ev.get(sheetName, `${numberToColumn(col)}${row}`)));
          return out;
        };
        const seen = charts.map((c) => labelsOf(c.categories));
        return fail(`no chart${check.type ? ` of type ${check.type}` : ''} with categories [${check.labels.join(', ')}]; categories: ${seen.map((x) => `[${x.join(', ')}]`).join('; ') || 'no charts'}`, seen.some((x) => JSON.stringify(x) === JSON.stringify(check.labels)));
      }
      case 'chartsConsistent': {
        const charts = wb.sheets.flatMap((s) => s.charts);
        if (!charts.length) return 'no charts';
        for (const c of charts) {
          const names = c.series.map((x) => seriesName(wb, x.name, cache));
          const fams = new Set(names.map(FAMILY));
          if (fams.size > 1) return `chart "${c.title}" mixes units: ${names.join(', ')}`;
          const missing = names.find((x) => !(c.title ?? '').includes(x));
          if (missing !== undefined) return `chart title "${c.title}" does not name series "${missing}"`;
        }
        return null;
      }
      case 'noCharts':
        return fail('charts present', wb.sheets.every((s) => s.charts.length === 0));
      case 'table': {
        const tables = check.sheet ? sheet().tables : wb.sheets.flatMap((s) => s.tables);
        if (check.range) return fail(`no table over ${check.range}; tables: ${tables.map((t) => `${t.name} ${t.range}`).join(', ') || 'none'}`, tables.some((t) => t.range === check.range));
        return fail('no table defined', tables.length > 0);
      }
      case 'conditionalFormat': {
        const cfs = sheet().conditionalFormats;
        const target = parseRange(check.covers);
        const covers = (sq: string) => sq.split(/\s+/).some((p) => {
          const r = parseRange(p);
          return r.from.row <= target.from.row && r.to.row >= target.to.row && r.from.col <= target.from.col && r.to.col >= target.to.col;
        });
        const ok = cfs.some((cf) => {
          const rule = cf.rule as { type: string; operator?: string; values?: unknown[]; rank?: number; style?: { fill?: string } };
          return covers(cf.range) && (!check.operator || rule.operator === check.operator || rule.type === check.operator) && (!check.values || JSON.stringify(rule.values ?? [rule.rank]) === JSON.stringify(check.values)) && (!check.fill || rule.style?.fill === check.fill);
        });
        return fail(`no conditional format ${check.operator ?? ''} ${JSON.stringify(check.values ?? [])} over ${check.covers}; rules: ${JSON.stringify(cfs)}`, ok);
      }
      case 'dropdown': {
        const s = sheet();
        const L = columnLetter(s, row, check.header);
        const rows = dataRowNumbers(s, row);
        const want = `"${check.values.join(',')}"`;
        const dv = (s.dataValidations ?? []).find((d) => d.type === 'list' && d.formula1 === want && d.range.split(/\s+/).some((p) => {
          const r = parseRange(p);
          return numberToColumn(r.from.col) === L && r.to.col === r.from.col && r.from.row <= rows[0]! && r.to.row >= rows[rows.length - 1]!;
        }));
        const outside = rows.map((r) => s.cells[`${L}${r}`]?.value).filter((v) => v !== undefined && v !== null && !check.values.includes(String(v)));
        if (!dv) return `no dropdown ${want} on ${L}${rows[0]}:${L}${rows[rows.length - 1]}; validations: ${JSON.stringify(s.dataValidations ?? [])}`;
        return fail(`"${check.header}" holds values outside the dropdown: ${outside.slice(0, 3).join(', ')}`, outside.length === 0);
      }
      case 'frozen': {
        const f = sheet().frozen;
        return fail(`frozen ${JSON.stringify(f)}, expected rows ${check.rows} cols ${check.cols}`, (f?.rows ?? 0) === check.rows && (f?.cols ?? 0) === check.cols);
      }
      case 'comment': {
        const c = (sheet().comments ?? []).find((x) => x.cell === check.cell);
        return fail(`comment on ${check.cell} is ${JSON.stringify(c?.text)}, expected "${check.text}"`, c?.text === check.text);
      }
      case 'definedName': {
        const d = (wb.definedNames ?? []).find((x) => x.name === check.name);
        return fail(`name ${check.name} is ${JSON.stringify(d?.ref)}; names: ${(wb.definedNames ?? []).map((x) => `${x.name}=${x.ref}`).join(', ') || 'none'}`, !!d && (!check.ref || d.ref === check.ref));
      }
      case 'cellFormat': {
        const s = sheet();
        const c = s.cells[check.cell];
        const letter = check.cell.replace(/\d+$/, '');
        if (check.numFmt !== undefined && c?.numFmt !== check.numFmt) return `${check.cell} has number format ${JSON.stringify(c?.numFmt)}, expected "${check.numFmt}"`;
        if (check.color !== undefined && c?.style?.color !== check.color) return `${check.cell} has colour ${JSON.stringify(c?.style?.color)}, expected "${check.color}"`;
        if (check.width !== undefined && s.columns[letter]?.width !== check.width) return `column ${letter} is ${JSON.stringify(s.columns[letter]?.width)} wide, expected ${check.width}`;
        if (check.bold !== undefined && !!c?.style?.bold !== check.bold) return `${check.cell} is ${c?.style?.bold ? '' : 'not '}bold, expected ${check.bold ? 'bold' : 'not bold'}`;
        if (check.fill !== undefined && c?.style?.fill !== check.fill) return `${check.cell} has fill ${JSON.stringify(c?.style?.fill)}, expected "${check.fill}"`;
        return null;
      }
      case 'chartRefs': {
        const charts = check.sheet ? sheet().charts : wb.sheets.flatMap((s) => s.charts);
        const ok = charts.some((c) => JSON.stringify(c.series.map((x) => x.values)) === JSON.stringify(check.values) && (check.categories === undefined || c.categories === check.categories));
        return fail(`no chart plotting [${check.values.join(', ')}]; charts: ${charts.map((c) => `${c.categories} [${c.series.map((x) => x.values).join(', ')}]`).join('; ')}`, ok);
      }
      case 'columnValues': {
        const s = sheet();
        const L = columnLetter(s, row, check.header);
        const vals = dataRowNumbers(s, row).slice(0, check.equals.length).map((r) => s.cells[`${L}${r}`]?.value ?? null);
        return fail(`"${check.header}" starts [${vals.join(', ')}], expected [${check.equals.join(', ')}]`, JSON.stringify(vals) === JSON.stringify(check.equals));
      }
      case 'noJunkNames': {
        for (const s of wb.sheets) {
          if (JUNK.test(s.name) && !/^Sheet \d+$/.test(s.name)) return `junk sheet name "${s.name}"`;
          const h = headers(s, 3).find((x) => JUNK.test(x) && !/^(reorder\?|key result)$/i.test(x));
          if (h) return `junk column "${h}" on ${s.name}`;
        }
        return null;
      }
      case 'title':
        return fail(`A1 is ${JSON.stringify(sheet().cells.A1?.value)}, expected "${check.text}"`, sheet().cells.A1?.value === check.text);
      case 'unique': {
        const s = sheet();
        const L = columnLetter(s, row, check.header);
        const vals = dataRowNumbers(s, row).map((r) => s.cells[`${L}${r}`]?.value);
        return fail(`"${check.header}" has ${new Set(vals).size} distinct values in ${vals.length} rows`, vals.length > 0 && new Set(vals).size === vals.length);
      }
      case 'distinctAtMost': {
        const s = sheet();
        const L = columnLetter(s, row, check.header);
        const n = new Set(dataRowNumbers(s, row).map((r) => s.cells[`${L}${r}`]?.value)).size;
        return fail(`"${check.header}" has ${n} distinct values, at most ${check.n} expected`, n > 0 && n <= check.n);
      }
      case 'linksTo': {
        const f = Object.values(sheetOf(wb, check.sheet).cells).map((c) => c.formula ?? '');
        return fail(`no formula on ${check.sheet} refers to ${check.target}`, f.some((x) => x.includes(`'${check.target}'!`) || x.includes(`${check.target}!`)));
      }
      case 'sampleMarked':
        return fail('A2 does not mark sample data', /sample/i.test(String(sheet().cells.A2?.value ?? '')));
      case 'totals': {
        const s = sheet();
        const rows = dataRowNumbers(s, row);
        const t = rows[rows.length - 1]! + 1;
        if (!/^total$/i.test(String(s.cells[`A${t}`]?.value ?? ''))) return `no Total row after the data (A${t})`;
        for (const h of check.sums) {
          const L = columnLetter(s, row, h);
          const f = s.cells[`${L}${t}`]?.formula ?? '';
          if (!/^SUM\(/.test(f)) return `Total of "${h}" is not a SUM`;
          if (f !== `SUM(${L}${rows[0]}:${L}${rows[rows.length - 1]})`) return `Total of "${h}" is ${f}, not the sum of the data rows ${rows[0]}–${rows[rows.length - 1]}`;
        }
        for (const h of check.notSummed ?? []) if (/^SUM\(/.test(s.cells[`${columnLetter(s, row, h)}${t}`]?.formula ?? '')) return `"${h}" is summed in the Total row`;
        return null;
      }
      case 'noFormulaErrors': {
        cache.ev ??= evaluateWorkbook(wb);
        const errs = cache.ev.diagnostics.filter((d) => !d.allowed);
        return fail(`${errs.length} formula problems (first: ${errs[0]?.sheet}!${errs[0]?.cell} ${errs[0]?.formula} → ${errs[0]?.error})`, errs.length === 0);
      }
      case 'value': {
        cache.ev ??= evaluateWorkbook(wb);
        const v = cache.ev.get(check.sheet, check.ref);
        if (isErrorValue(v)) return `${check.sheet}!${check.ref} is ${v.error}`;
        if (check.equals !== undefined) return fail(`${check.sheet}!${check.ref} = ${JSON.stringify(v)}, expected ${JSON.stringify(check.equals)}`, v === check.equals);
        if (typeof v !== 'number') return `${check.sheet}!${check.ref} = ${JSON.stringify(v)}, not a number`;
        if (check.near !== undefined && Math.abs(v - check.near) > 1e-6 * Math.max(1, Math.abs(check.near))) return `${check.sheet}!${check.ref} = ${v}, expected ${check.near}`;
        if (check.min !== undefined && v < check.min) return `${check.sheet}!${check.ref} = ${v} < ${check.min}`;
        if (check.max !== undefined && v > check.max) return `${check.sheet}!${check.ref} = ${v} > ${check.max}`;
        return null;
      }
      case 'columnEmpty': {
        const s = sheet();
        const L = columnLetter(s, row, check.header);
        const filled = dataRowNumbers(s, row).filter((r) => {
          const c = s.cells[`${L}${r}`];
          return c && ((c.value !== null && c.value !== undefined && c.value !== '') || c.formula);
        });
        return fail(`"${check.header}" has values in ${filled.length} rows`, filled.length === 0);
      }
      case 'ratioOf':
      case 'sumOf':
      case 'carriesOver':
      case 'narrowing': {
        const s = sheet();
        cache.ev ??= evaluateWorkbook(wb);
        const ev = cache.ev;
        const num = (L: string, r: number) => {
          const v = ev.get(s.name, `${L}${r}`);
          return typeof v === 'number' ? v : v === null || v === undefined || v === '' ? 0 : NaN;
        };
        const rows = dataRowNumbers(s, row);
        if (!rows.length) return 'no data rows';
        const H = columnLetter(s, row, check.header);
        const close = (a: number, b: number) => Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(b));
        if (check.c === 'narrowing') {
          const vals = rows.map((r) => num(H, r));
          const up = vals.findIndex((v, k) => k > 0 && !(v <= vals[k - 1]!));
          return fail(`"${check.header}" grows at row ${rows[up]} (${vals.join(', ')})`, up < 0 && vals.length > 1 && vals[vals.length - 1]! < vals[0]!);
        }
        if (check.c === 'carriesOver') {
          const F = columnLetter(s, row, check.from);
          const bad = rows.slice(1).find((r) => !close(num(H, r), num(F, r - 1)));
          return fail(`"${check.header}" ${H}${bad} = ${bad ? num(H, bad) : ''} is not "${check.from}" of the row before (${F}${(bad ?? 1) - 1} = ${bad ? num(F, bad - 1) : ''})`, bad === undefined && rows.length > 1);
        }
        if (check.c === 'sumOf') {
          const plus = check.plus.map((h) => columnLetter(s, row, h));
          const minus = (check.minus ?? []).map((h) => columnLetter(s, row, h));
          const want = (r: number) => plus.reduce((a, L) => a + num(L, r), 0) - minus.reduce((a, L) => a + num(L, r), 0);
          const bad = rows.find((r) => !close(num(H, r), want(r)));
          return fail(`"${check.header}" ${H}${bad} = ${bad ? num(H, bad) : ''}, expected ${check.plus.join(' + ')}${minus.length ? ` − ${(check.minus ?? []).join(' − ')}` : ''} = ${bad ? want(bad) : ''}`, bad === undefined && rows.every((r) => !!s.cells[`${H}${r}`]?.formula));
        }
        const N = columnLetter(s, row, check.num);
        const D = (Array.isArray(check.den) ? check.den : [check.den]).map((h) => columnLetter(s, row, h));
        const denRow = (r: number) => (check.denRow === 'prev' ? r - 1 : check.denRow === 'first' ? rows[0]! : r);
        const checked = rows.slice(check.skipFirst || check.denRow === 'prev' ? 1 : 0);
        const bad = checked.find((r) => {
          const den = D.reduce((a, L) => a + num(L, denRow(r)), 0);
          return !s.cells[`${H}${r}`]?.formula || !close(num(H, r), den === 0 ? 0 : num(N, r) / den);
        });
        return fail(`"${check.header}" ${H}${bad} (${bad ? s.cells[`${H}${bad}`]?.formula : ''} = ${bad ? num(H, bad) : ''}) is not ${check.num} ÷ ${D.length > 1 ? `(${(check.den as string[]).join(' + ')})` : String(check.den)}${check.denRow && check.denRow !== 'same' ? ` of the ${check.denRow} row` : ''}`, bad === undefined && checked.length > 0);
      }
      case 'rowSum': {
        const s = sheet();
        const rowOf = (label: string) => {
          for (let r = 1; r < 400; r++) if (String(s.cells[`A${r}`]?.value ?? '').toLowerCase() === label.toLowerCase()) return r;
          throw new Error(`no row "${label}" on ${s.name}`);
        };
        cache.ev ??= evaluateWorkbook(wb);
        const ev = cache.ev;
        const v = (ref: string) => {
          const x = ev.get(s.name, ref);
          return typeof x === 'number' ? x : NaN;
        };
        const target = rowOf(check.label);
        const plus = check.plus.map(rowOf);
        const minus = (check.minus ?? []).map(rowOf);
        for (let k = 0; k < (check.cols ?? 1); k++) {
          const L = numberToColumn(2 + k);
          const want = plus.reduce((a, r) => a + v(`${L}${r}`), 0) - minus.reduce((a, r) => a + v(`${L}${r}`), 0);
          const got = v(`${L}${target}`);
          if (!s.cells[`${L}${target}`]?.formula) return `${L}${target} (${check.label}) is no formula`;
          if (!(Math.abs(got - want) <= 1e-6 * Math.max(1, Math.abs(want)))) return `${L}${target} (${check.label}) = ${got}, expected ${want}`;
        }
        return null;
      }
      case 'rowCheck': {
        const s = sheet();
        let r = 1;
        while (r < 400 && String(s.cells[`A${r}`]?.value ?? '').toLowerCase() !== check.label.toLowerCase()) r++;
        if (r >= 400) return `no row "${check.label}" on ${s.name}`;
        const cols = check.cols ?? 1;
        cache.ev ??= evaluateWorkbook(wb);
        for (let k = 0; k < cols; k++) {
          const ref = `${numberToColumn(2 + k)}${r}`;
          const f = s.cells[ref]?.formula ?? '';
          if (check.pattern !== undefined && !new RegExp(check.pattern).test(f)) return `${ref} (${check.label}) is ${f ? `=${f}` : JSON.stringify(s.cells[ref]?.value)}, not /${check.pattern}/`;
          if (check.near !== undefined) {
            const v = cache.ev.get(s.name, ref);
            if (typeof v !== 'number' || Math.abs(v - check.near) > 1e-6 * Math.max(1, Math.abs(check.near))) return `${ref} (${check.label}) = ${JSON.stringify(v)}, expected ${check.near}`;
          }
        }
        return null;
      }
      default:
        return `check ${check.c} does not apply to a workbook`;
    }
  }

  if (out.format === 'word') {
    const doc = out.document as DocumentModel;
    const h2 = headingsOf(doc).filter((h) => h !== 'Contents');
    switch (check.c) {
      case 'docTitle':
        return fail(`title "${doc.title}" ≠ "${check.text}"`, doc.title === check.text);
      case 'headings':
        return fail(`headings [${h2.join(', ')}] ≠ [${check.equals.join(', ')}]`, JSON.stringify(h2) === JSON.stringify(check.equals));
      case 'headingsInclude':
        return fail(`headings [${h2.join(', ')}] lack one of [${check.names.join(', ')}]`, check.names.every((n) => h2.some((h) => h.replace(/^\d+\.\s*/, '').toLowerCase() === n.toLowerCase())));
      case 'headingCount':
        return fail(`${h2.length} sections, expected ${check.n}`, h2.length === check.n);
      case 'docTables': {
        let n = 0;
        walk(doc.doc, (x) => {
          if (x.type === 'table') n++;
        });
        return fail(`${n} tables, expected at least ${check.min}`, n >= check.min);
      }
      case 'contents': {
        // the document's table-of-contents element (rendered from the headings), before the sections it lists
        const content = doc.doc.content;
        const i = content.findIndex((n) => n.type === 'tableOfContents');
        if (i < 0) return 'no table of contents element';
        const firstSection = content.findIndex((n) => n.type === 'heading' && n.attrs?.level === 2);
        if (firstSection >= 0 && firstSection < i) return 'the table of contents comes after the first section';
        if (Number(content[i]!.attrs?.maxLevel ?? 3) < 2) return 'the table of contents does not list the sections (maxLevel < 2)';
        return fail('a "Contents" heading duplicates the table of contents', !content.some((n) => n.type === 'heading' && nodeText(n) === 'Contents'));
      }
      case 'sectionHolds': {
        const c = doc.doc.content;
        const at = c.findIndex((n) => n.type === 'heading' && nodeText(n).replace(/^\d+\.\s*/, '') === check.title);
        if (at < 0) return `no section "${check.title}"`;
        let end = at + 1;
        while (end < c.length && !(c[end]!.type === 'heading' && Number(c[end]!.attrs?.level) <= Number(c[at]!.attrs?.level))) end++;
        return fail(`section "${check.title}" holds [${c.slice(at + 1, end).map((n) => n.type).join(', ')}], no ${check.type}`, c.slice(at + 1, end).some((n) => n.type === check.type));
      }
      case 'memoField': {
        let value: string | undefined;
        walk(doc.doc, (x) => {
          if (x.type !== 'tableRow' || value !== undefined) return;
          const cells = (x.content ?? []).map((c) => nodeText(c).trim());
          if (cells.length >= 2 && cells[0]!.replace(/:$/, '').toLowerCase() === check.label.toLowerCase()) value = cells[1];
        });
        if (value === undefined) return `no memo line "${check.label}:"`;
        if (check.equals !== undefined) return fail(`memo line ${check.label}: "${value}", expected "${check.equals}"`, value === check.equals);
        return fail(`memo line ${check.label}: "${value}" does not match /${check.pattern}/`, new RegExp(check.pattern ?? '', 'i').test(value));
      }
      case 'tableHeader': {
        const heads: string[][] = [];
        walk(doc.doc, (x) => {
          if (x.type === 'table') heads.push((x.content?.[0]?.content ?? []).map((c) => nodeText(c).trim()));
        });
        return fail(`no table with header [${check.cells.join(', ')}]; headers: ${heads.map((h) => `[${h.join(', ')}]`).join('; ') || 'no tables'}`, heads.some((h) => JSON.stringify(h) === JSON.stringify(check.cells)));
      }
      case 'noJunkTitles': {
        const bad = [doc.title ?? '', ...h2].find((h) => JUNK_TITLE.test(h.replace(/^\d+\.\s*/, '')) || !h.trim());
        return fail(`junk title "${bad}"`, bad === undefined);
      }
      case 'textIncludes': {
        const all = doc.doc.content.map(nodeText).join('\n');
        const miss = check.patterns.find((p) => !new RegExp(p, 'i').test(all));
        return fail(`text lacks /${miss}/`, !miss);
      }
      default:
        return `check ${check.c} does not apply to a document`;
    }
  }

  const deck = out.document as Deck;
  const elements = deck.slides.flatMap((s) => s.elements);
  switch (check.c) {
    case 'slides':
      return fail(`${deck.slides.length} slides, expected ${check.n}`, deck.slides.length === check.n);
    case 'deckCharts': {
      const charts = elements.filter((e) => e.kind === 'chart' && (!check.type || e.chartType === check.type) && (!check.series || e.series.some((x) => x.name === check.series)));
      return fail(`${charts.length} charts${check.type ? ` of type ${check.type}` : ''}${check.series ? ` on ${check.series}` : ''}, expected at least ${check.min}`, charts.length >= check.min);
    }
    case 'deckTables': {
      const n = elements.filter((e) => e.kind === 'table').length;
      return fail(`${n} tables, expected at least ${check.min}`, n >= check.min);
    }
    case 'uniqueTitles': {
      const t = deck.slides.map((s) => s.title ?? '');
      return fail(`repeated slide titles: ${t.filter((x, i) => t.indexOf(x) !== i).join(', ')}`, new Set(t).size === t.length && !t.some((x) => /\(\d+\)$/.test(x)));
    }
    case 'slideTitle':
      return fail(`slide ${check.n} is titled "${deck.slides[check.n - 1]?.title}", expected "${check.text}"`, deck.slides[check.n - 1]?.title === check.text);
    case 'deckTitle':
      return fail(`deck title "${deck.title}" ≠ "${check.text}"`, deck.title === check.text);
    case 'tableHeader': {
      const heads = elements.flatMap((e) => (e.kind === 'table' ? [e.rows[0]!.map(String)] : []));
      return fail(`no table with header [${check.cells.join(', ')}]; headers: ${heads.map((h) => `[${h.join(', ')}]`).join('; ') || 'no tables'}`, heads.some((h) => JSON.stringify(h) === JSON.stringify(check.cells)));
    }
    case 'slideLayout': {
      const n = deck.slides.filter((s) => s.layout === check.layout).length;
      return fail(`${n} slides with layout ${check.layout}, expected at least ${check.min ?? 1}`, n >= (check.min ?? 1));
    }
    case 'noEmptySlides': {
      const empty = deck.slides.filter((s) => s.layout !== 'title' && s.layout !== 'section' && (s.bullets?.length ?? 0) < 2 && !(s.columns ?? []).some((c) => c.bullets.length > 0) && !s.elements.some((e) => e.kind === 'chart' || e.kind === 'table' || e.kind === 'image'));
      return fail(`${empty.length} of ${deck.slides.length} slides show nothing: ${empty.map((s) => `"${s.title}"`).join(', ')}`, empty.length === 0);
    }
    case 'slideNotes': {
      const short = deck.slides.filter((s) => (s.notes ?? '').length < check.min);
      return fail(`${short.length} slides have notes shorter than ${check.min} characters (e.g. "${short[0]?.title}": "${short[0]?.notes ?? ''}")`, short.length === 0);
    }
    case 'noJunkTitles': {
      const bad = [deck.title ?? '', ...deck.slides.map((s) => s.title ?? '')].find((t) => JUNK_TITLE.test(t) || !t.trim());
      return fail(`junk title "${bad}"`, bad === undefined);
    }
    case 'slideBullets': {
      const s = deck.slides.find((x) => (x.title ?? '').toLowerCase() === check.title.toLowerCase());
      if (!s) return `no slide "${check.title}"`;
      const text = [...(s.bullets ?? []), ...(s.columns ?? []).flatMap((c) => [c.heading ?? '', ...c.bullets])].map((b) => (typeof b === 'string' ? b : b.text).toLowerCase());
      const miss = check.includes.find((x) => !text.some((t) => t.includes(x.toLowerCase())));
      return fail(`slide "${check.title}" lacks "${miss}" in [${text.join(' | ')}]`, miss === undefined);
    }
    case 'noSlideTitle': {
      const bad = deck.slides.map((s) => s.title ?? '').find((t) => new RegExp(check.pattern, 'i').test(t));
      return fail(`slide titled "${bad}" matches /${check.pattern}/`, bad === undefined);
    }
    case 'slideTitlesInclude': {
      const t = deck.slides.map((s) => (s.title ?? '').toLowerCase());
      const miss = check.names.find((n) => !t.some((x) => x.includes(n.toLowerCase())));
      return fail(`no slide titled like "${miss}"`, !miss);
    }
    default:
      return `check ${check.c} does not apply to a deck`;
  }
}


