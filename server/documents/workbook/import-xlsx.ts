/**
 * .xlsx → workbook model. exceljs reads values, formulas (with cached results), number formats,
 * styles, merges, widths, heights, frozen panes, tables and conditional formats; charts (which
 * exceljs drops) are read from the DrawingML parts with JSZip + fast-xml-parser.
 *
 * Lost: theme/indexed colours that have no RGB, rich-text runs inside a cell (flattened to text),
 * images, data validation, comments, defined names, pivot tables, chart styling beyond series colours.
 */
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { XMLParser } from 'fast-xml-parser';
import { dateToSerial, numberToColumn, parseRange, toRange } from './cell-ref';
import { sheetPaths } from './xlsx-chart-parts';
import { PALETTE, resolvePartPath, textValue } from '../common/xml';
import { parseWorkbook, type Cell, type CellStyle, type Chart, type ConditionalFormat, type Sheet, type Workbook } from './schema';

function color(c: Partial<ExcelJS.Color> | undefined): string | undefined {
  const a = c?.argb;
  if (typeof a !== 'string' || a.length < 6) return undefined;
  return `#${a.slice(-6).toUpperCase()}`;
}

const BORDER_STYLES = new Set(['thin', 'medium', 'thick', 'dashed', 'dotted', 'double', 'hair']);

function readStyle(cell: ExcelJS.Cell, defaultFont: { name: string; size: number }): CellStyle | undefined {
  const s: CellStyle = {};
  const f = cell.font;
  if (f) {
    if (f.name && f.name !== defaultFont.name) s.fontName = f.name;
    if (f.size && f.size !== defaultFont.size) s.fontSize = f.size;
    if (f.bold) s.bold = true;
    if (f.italic) s.italic = true;
    if (f.underline) s.underline = true;
    if (f.strike) s.strike = true;
    const c = color(f.color);
    if (c && c !== '#000000') s.color = c;
  }
  const fill = cell.fill;
  if (fill && fill.type === 'pattern' && fill.pattern === 'solid') {
    const c = color(fill.fgColor) ?? color(fill.bgColor);
    if (c) s.fill = c;
  }
  const b = cell.border;
  if (b) {
    const sides: NonNullable<Exclude<CellStyle['border'], string>> = {};
    for (const side of ['top', 'bottom', 'left', 'right'] as const) {
      const x = b[side];
      if (x?.style && BORDER_STYLES.has(x.style)) {
        const c = color(x.color);
        sides[side] = { style: x.style as 'thin', ...(c && c !== '#808080' ? { color: c } : {}) };
      }
    }
    const vals = Object.values(sides);
    if (vals.length === 4 && vals.every((v) => v.style === vals[0]!.style && v.color === undefined)) s.border = vals[0]!.style;
    else if (vals.length) s.border = sides;
  }
  const a = cell.alignment;
  if (a) {
    if (a.horizontal && ['left', 'center', 'right', 'fill', 'justify'].includes(a.horizontal)) s.hAlign = a.horizontal as CellStyle['hAlign'];
    if (a.vertical && ['top', 'middle'].includes(a.vertical)) s.vAlign = a.vertical as CellStyle['vAlign'];
    if (a.wrapText) s.wrap = true;
    if (a.indent) s.indent = a.indent;
  }
  return Object.keys(s).length ? s : undefined;
}

function scalar(v: unknown): Cell['value'] {
  if (v === null || v === undefined) return undefined;
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  if (v instanceof Date) return dateToSerial(v);
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (Array.isArray(o.richText)) return (o.richText as Array<{ text: string }>).map((r) => r.text).join('');
    if (typeof o.text === 'string') return o.text; // hyperlink
    if ('error' in o) return undefined;
  }
  return undefined;
}

function readCell(cell: ExcelJS.Cell, defaultFont: { name: string; size: number }): Cell | undefined {
  const out: Cell = {};
  const v = cell.value;
  if (cell.type === ExcelJS.ValueType.Formula || (v && typeof v === 'object' && ('formula' in v || 'sharedFormula' in v))) {
    const formula = cell.formula;
    if (formula) out.formula = formula.replace(/^=/, '').replace(/_xlfn\./g, '');
    const r = scalar((v as ExcelJS.CellFormulaValue).result);
    if (r !== undefined) out.value = r;
  } else {
    const s = scalar(v);
    if (s !== undefined) out.value = s;
  }
  if (cell.numFmt && cell.numFmt !== 'General') out.numFmt = cell.numFmt;
  const st = readStyle(cell, defaultFont);
  if (st) out.style = st;
  return Object.keys(out).length ? out : undefined;
}

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', removeNSPrefix: true, isArray: (name) => ['ser', 'pt', 'twoCellAnchor', 'oneCellAnchor', 'Relationship', 'p', 'r'].includes(name) });

type X = Record<string, unknown> & { [k: string]: unknown };
const get = (o: unknown, ...path: string[]): unknown => path.reduce<unknown>((acc, k) => (acc && typeof acc === 'object' ? (acc as X)[k] : undefined), o);

function richTextOf(tx: unknown): string | undefined {
  const ps = get(tx, 'rich', 'p') as unknown[] | undefined;
  if (!ps) return undefined;
  return ps
    .map((p) => ((get(p, 'r') as unknown[] | undefined) ?? []).map((r) => textValue(get(r, 't'))).join(''))
    .join('\n');
}

function stripSheet(ref: string): string {
  return ref.replace(/\$/g, '');
}

async function readCharts(zip: JSZip, sheetPath: string): Promise<Chart[]> {
  const dir = sheetPath.slice(0, sheetPath.lastIndexOf('/'));
  const base = sheetPath.slice(sheetPath.lastIndexOf('/') + 1);
  const relsFile = zip.file(`${dir}/_rels/${base}.rels`);
  if (!relsFile) return [];
  const rels = (get(parser.parse(await relsFile.async('string')), 'Relationships', 'Relationship') as X[] | undefined) ?? [];
  const charts: Chart[] = [];
  for (const rel of rels) {
    if (!String(rel['@Type']).endsWith('/drawing')) continue;
    const drawingPath = resolvePartPath(dir, String(rel['@Target']));
    const drawingFile = zip.file(drawingPath);
    if (!drawingFile) continue;
    const ddir = drawingPath.slice(0, drawingPath.lastIndexOf('/'));
    const dbase = drawingPath.slice(drawingPath.lastIndexOf('/') + 1);
    const drels = (get(parser.parse((await zip.file(`${ddir}/_rels/${dbase}.rels`)?.async('string')) ?? '<r/>'), 'Relationships', 'Relationship') as X[] | undefined) ?? [];
    const relTarget = new Map(drels.map((r) => [String(r['@Id']), resolvePartPath(ddir, String(r['@Target']))]));
    const drawing: unknown = parser.parse(await drawingFile.async('string'));
    const anchors = (get(drawing, 'wsDr', 'twoCellAnchor') as X[] | undefined) ?? [];
    for (const anchor of anchors) {
      const rid = get(anchor, 'graphicFrame', 'graphic', 'graphicData', 'chart', '@id') as string | undefined;
      if (!rid) continue;
      const chartPath = relTarget.get(rid);
      const chartFile = chartPath ? zip.file(chartPath) : null;
      if (!chartFile) continue;
      const from = { col: Number(get(anchor, 'from', 'col')) + 1, row: Number(get(anchor, 'from', 'row')) + 1 };
      const toCol = Number(get(anchor, 'to', 'col'));
      const toRow = Number(get(anchor, 'to', 'row'));
      const to = {
        col: Math.max(from.col, Number(get(anchor, 'to', 'colOff')) > 0 ? toCol + 1 : toCol),
        row: Math.max(from.row, Number(get(anchor, 'to', 'rowOff')) > 0 ? toRow + 1 : toRow),
      };
      const frameName = textValue(get(anchor, 'graphicFrame', 'nvGraphicFramePr', 'cNvPr', '@name'));
      const id = frameName.startsWith('Chart ') && frameName.length > 6 ? frameName.slice(6) : `chart${charts.length + 1}`;
      const chart = parseChartXml(await chartFile.async('string'), toRange({ from, to }), id);
      if (chart) charts.push(chart);
    }
  }
  return charts;
}

/** Reads the type, title, axis titles and series references of a DrawingML chart part. */
export function parseChartXml(xml: string, anchor: string, id: string): Chart | undefined {
  const doc: unknown = parser.parse(xml);
  const chart = get(doc, 'chartSpace', 'chart') as X | undefined;
  const plot = get(chart, 'plotArea') as X | undefined;
  if (!chart || !plot) return undefined;
  const kinds: Array<[string, Chart['type']]> = [
    ['barChart', 'column'],
    ['bar3DChart', 'column'],
    ['lineChart', 'line'],
    ['line3DChart', 'line'],
    ['pieChart', 'pie'],
    ['pie3DChart', 'pie'],
    ['doughnutChart', 'pie'],
    ['scatterChart', 'scatter'],
  ];
  const found = kinds.find(([k]) => plot[k] !== undefined);
  if (!found) return undefined;
  const node = plot[found[0]] as X;
  let type = found[1];
  if (type === 'column' && get(node, 'barDir', '@val') === 'bar') type = 'bar';
  const grouping = get(node, 'grouping', '@val');
  const sers = ((node.ser as X[] | undefined) ?? []).filter(Boolean);
  const series: Chart['series'] = [];
  let categories: string | undefined;
  for (const s of sers) {
    const valRef = (get(s, type === 'scatter' ? 'yVal' : 'val', 'numRef', 'f') as string | undefined) ?? undefined;
    if (!valRef) continue;
    const catRef =
      (get(s, type === 'scatter' ? 'xVal' : 'cat', 'strRef', 'f') as string | undefined) ??
      (get(s, type === 'scatter' ? 'xVal' : 'cat', 'numRef', 'f') as string | undefined);
    const nameRef = get(s, 'tx', 'strRef', 'f') as string | undefined;
    const nameLit = get(s, 'tx', 'v') as string | undefined;
    const fill = get(s, 'spPr', 'solidFill', 'srgbClr', '@val') ?? get(s, 'spPr', 'ln', 'solidFill', 'srgbClr', '@val');
    const entry: Chart['series'][number] = { values: stripSheet(valRef) };
    if (nameRef) entry.name = stripSheet(nameRef);
    else if (nameLit !== undefined) entry.name = String(nameLit);
    if (typeof fill === 'string' && /^[0-9A-Fa-f]{6}$/.test(fill) && type !== 'pie' && fill.toUpperCase() !== PALETTE[series.length % PALETTE.length]) entry.color = `#${fill.toUpperCase()}`;
    if (catRef) {
      if (type === 'scatter') entry.categories = stripSheet(catRef);
      else if (categories === undefined) categories = stripSheet(catRef);
      else if (categories !== stripSheet(catRef)) entry.categories = stripSheet(catRef);
    }
    series.push(entry);
  }
  if (!series.length) return undefined;
  const axTitle = (ax: string, pos: string[]): string | undefined => {
    const axes = plot[ax];
    const list = Array.isArray(axes) ? axes : axes ? [axes] : [];
    for (const a of list) if (pos.includes(String(get(a, 'axPos', '@val')))) return richTextOf(get(a, 'title', 'tx'));
    return undefined;
  };
  const horizontal = type === 'bar';
  const xAxisTitle = type === 'scatter' ? axTitle('valAx', ['b', 't']) : axTitle('catAx', horizontal ? ['l', 'r'] : ['b', 't']);
  const yAxisTitle = type === 'scatter' ? axTitle('valAx', ['l', 'r']) : axTitle('valAx', horizontal ? ['b', 't'] : ['l', 'r']);
  const legendPos = get(chart, 'legend', 'legendPos', '@val') as string | undefined;
  const legend: Chart['legend'] = !get(chart, 'legend') ? 'none' : ({ r: 'right', b: 'bottom', t: 'top', l: 'left' } as const)[legendPos as 'r'] ?? 'right';
  const title = richTextOf(get(chart, 'title', 'tx'));
  return {
    id,
    type,
    ...(title ? { title } : {}),
    ...(categories ? { categories } : {}),
    series,
    anchor,
    ...(xAxisTitle ? { xAxisTitle } : {}),
    ...(yAxisTitle ? { yAxisTitle } : {}),
    legend,
    stacked: grouping === 'stacked' || grouping === 'percentStacked',
  };
}

export async function importXlsx(buffer: Buffer | Uint8Array): Promise<Workbook> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(buffer as unknown as ArrayBuffer);
  const zip = await JSZip.loadAsync(buffer);
  const paths = await sheetPaths(zip);

  // the most common font is the workbook default
  const fontCount = new Map<string, number>();
  book.eachSheet((ws) => {
    let n = 0;
    ws.eachRow({ includeEmpty: false }, (row) => {
      row.eachCell({ includeEmpty: false }, (cell) => {
        if (n++ > 2000) return;
        const f = cell.font;
        if (f?.name) {
          const k = `${f.name}|${f.size ?? 11}`;
          fontCount.set(k, (fontCount.get(k) ?? 0) + 1);
        }
      });
    });
  });
  const top = [...fontCount].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 'Calibri|11';
  const defaultFont = { name: top.split('|')[0]!, size: Number(top.split('|')[1]) };

  const sheets: Sheet[] = [];
  const usedTableNames = new Set<string>();
  for (const ws of book.worksheets) {
    const cells: Record<string, Cell> = {};
    ws.eachRow({ includeEmpty: false }, (row) => {
      row.eachCell({ includeEmpty: false }, (cell) => {
        if (cell.isMerged && cell.master !== cell) return;
        const c = readCell(cell, defaultFont);
        if (c) cells[cell.address] = c;
      });
    });
    const columns: Sheet['columns'] = {};
    (ws.columns ?? []).forEach((col, i) => {
      const c = col as ExcelJS.Column & { _width?: number };
      if (c && typeof c.width === 'number' && c.width > 0) columns[numberToColumn(i + 1)] = { width: Math.round(c.width * 100) / 100 };
    });
    const rows: Sheet['rows'] = {};
    ws.eachRow({ includeEmpty: true }, (row, n) => {
      if (row.height && (row as unknown as { customHeight?: boolean }).customHeight !== false) rows[String(n)] = { height: row.height };
    });
    const view = (ws.views?.[0] ?? {}) as Partial<ExcelJS.WorksheetViewFrozen> & { showGridLines?: boolean };
    const frozen = view.state === 'frozen' ? { rows: view.ySplit ?? 0, cols: view.xSplit ?? 0 } : undefined;
    const merges = ((ws.model as unknown as { merges?: string[] }).merges ?? []).filter((m) => m.includes(':'));

    const tables: Sheet['tables'] = [];
    const tableMap = (ws as unknown as { tables?: Record<string, { table?: Record<string, unknown> }> }).tables ?? {};
    for (const t of Object.values(tableMap)) {
      const m = (t.table ?? t) as {
        name?: string;
        tableRef?: string;
        ref?: string;
        headerRow?: boolean;
        totalsRow?: boolean;
        columns?: Array<{ name: string; totalsRowFunction?: string; totalsRowLabel?: string }>;
        style?: { theme?: string; showRowStripes?: boolean };
      };
      const ref = m.tableRef ?? m.ref;
      if (!m.name || !ref || !ref.includes(':') || usedTableNames.has(m.name.toLowerCase())) continue;
      usedTableNames.add(m.name.toLowerCase());
      const r = parseRange(ref);
      const totalsSpec = (m.columns ?? []).filter((c) => (c.totalsRowFunction && c.totalsRowFunction !== 'none') || c.totalsRowLabel);
      // a totals row without functions or labels (as LibreOffice writes them) stays as plain cells
      if (m.totalsRow) r.to.row -= 1;
      if (m.totalsRow && !totalsSpec.length) m.totalsRow = false;
      const totals = m.totalsRow
        ? (m.columns ?? [])
            .filter((c) => (c.totalsRowFunction && c.totalsRowFunction !== 'none') || c.totalsRowLabel)
            .map((c) => ({
              column: c.name,
              ...(c.totalsRowFunction && c.totalsRowFunction !== 'custom' && c.totalsRowFunction !== 'none' ? { function: c.totalsRowFunction as 'sum' } : {}),
              ...(c.totalsRowLabel ? { label: c.totalsRowLabel } : {}),
            }))
        : undefined;
      tables.push({
        name: m.name,
        range: toRange(r),
        headerRow: m.headerRow !== false,
        ...(totals ? { totalsRow: totals } : {}),
        style: m.style?.theme ?? 'TableStyleMedium2',
        showRowStripes: m.style?.showRowStripes !== false,
      });
      if (m.totalsRow) {
        // the totals row is generated from the table definition (its labels and functions)
        for (let col = r.from.col; col <= r.to.col; col++) delete cells[`${numberToColumn(col)}${r.to.row + 1}`];
      }
    }

    const conditionalFormats: ConditionalFormat[] = [];
    const cfs = (ws as unknown as { conditionalFormattings?: Array<{ ref: string; rules: Array<Record<string, unknown>> }> }).conditionalFormattings ?? [];
    for (const cf of cfs) {
      for (const rule of cf.rules ?? []) {
        const range = cf.ref.split(' ')[0]!;
        if (rule.type === 'dataBar') {
          conditionalFormats.push({ range, rule: { type: 'dataBar', color: color(rule.color as ExcelJS.Color) ?? '#638EC6' } });
        } else if (rule.type === 'colorScale') {
          const colors = ((rule.color as ExcelJS.Color[] | undefined) ?? []).map((c) => color(c)).filter((c): c is string => !!c);
          if (colors.length >= 2 && colors.length <= 3) conditionalFormats.push({ range, rule: { type: 'colorScale', colors } });
        } else if (rule.type === 'cellIs' && typeof rule.operator === 'string') {
          const style = (rule.style ?? {}) as Partial<ExcelJS.Style>;
          const values = ((rule.formulae as unknown[] | undefined) ?? []).map((f) => {
            const s = String(f);
            return /^-?\d+(\.\d+)?$/.test(s) ? Number(s) : s.replace(/^"|"$/g, '');
          });
          const fill = style.fill && style.fill.type === 'pattern' ? (color(style.fill.bgColor) ?? color(style.fill.fgColor)) : undefined;
          const fc = color(style.font?.color);
          if (values.length >= 1 && values.length <= 2) {
            conditionalFormats.push({
              range,
              rule: {
                type: 'cellIs',
                operator: rule.operator as 'greaterThan',
                values,
                style: { ...(fc ? { color: fc } : {}), ...(fill ? { fill } : {}), ...(style.font?.bold ? { bold: true } : {}) },
              },
            });
          }
        }
      }
    }

    const sheetPath = paths.get(ws.name);
    const charts = sheetPath ? await readCharts(zip, sheetPath) : [];
    const tab = color((ws.properties as { tabColor?: ExcelJS.Color }).tabColor);
    sheets.push({
      name: ws.name,
      ...(tab ? { tabColor: tab } : {}),
      ...(frozen && (frozen.rows || frozen.cols) ? { frozen } : {}),
      columns,
      rows,
      cells,
      merges,
      tables,
      conditionalFormats,
      charts: [],
      showGridLines: view.showGridLines !== false,
    });
    sheets[sheets.length - 1]!.charts = charts;
  }
  // chart ids unique across the workbook
  const ids = new Set<string>();
  let n = 0;
  for (const s of sheets)
    for (const c of s.charts) {
      while (ids.has(c.id)) c.id = `chart${++n}`;
      ids.add(c.id);
    }
  return parseWorkbook({ defaultFont, sheets });
}
