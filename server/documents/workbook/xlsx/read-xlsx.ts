/**
 * .xlsx → workbook model, read from the package's XML parts (no exceljs): cells with values,
 * formulas, rich text and styles; defined names; hidden and very hidden sheets; row/column
 * sizes, hidden state and outline; merges; conditional formats; data validations (kept as
 * ranges — a validation over a whole sheet costs what a one-cell one does); comments;
 * hyperlinks; autofilter; print setup; protection; tables; charts; images; 1904 dates.
 * Whatever the model does not hold stays in the source package, which the writer renders over.
 */
import { createHash } from 'node:crypto';
import { numberToColumn, parseRange, toRange } from '../../../../lib/workbook/cell-ref';
import { parseChartXml } from './read-chart';
import type {
  CfRule,
  CfStyle,
  Chart,
  ColumnSpec,
  ConditionalFormat,
  DataValidation,
  DefinedName,
  Hyperlink,
  PrintSetup,
  Sheet,
  Table,
  Workbook,
} from '../schema';
import { emptySheet, parseWorkbook } from '../schema';
import { DocumentLimitError, UnreadableDocumentError, documentLimits } from '../../common/document-limits';
import { XlsxPackage, type Relationship } from './package';
import { carriedParts, describeImport } from './describe-import';
import { stableKey } from './style-sheet';
import { assertCellBudget, readRuns, readSheetData, type CellLimits, type SharedString } from './read-sheet-data';
import { readStyles, readThemeColors, resolveColor, type StylesInfo } from './read-styles';
import { attr, child, children, childrenOf, rootElement, textContent, textOfT, unescapeXml, type XmlElement } from './xml-scan';

export interface ReadXlsxOptions {
  /** Bytes we wrote or verified before (a run's stored source): not checked against the archive limits again. */
  trusted?: boolean;
  /** Cells over all sheets (default MAX_WORKBOOK_CELLS). */
  maxCells?: number;
}

export interface ImportWarning {
  code: string;
  message: string;
  location?: string;
}

export interface ImportedWorkbook {
  workbook: Workbook;
  warnings: ImportWarning[];
  sha256: string;
  /** what the file holds, and the parts the model only carries (one line, for the agent and summaries) */
  description: string;
}

const TRUE = new Set(['1', 'true', 'on']);
const isTrue = (v: string | undefined) => v !== undefined && TRUE.has(v.toLowerCase());

function readSst(xml: string | undefined, theme: string[]): SharedString[] {
  if (!xml) return [];
  const out: SharedString[] = [];
  for (const m of xml.matchAll(/<(?:\w+:)?si>([\s\S]*?)<\/(?:\w+:)?si>|<(?:\w+:)?si\s*\/>/g)) out.push(m[1] === undefined ? { text: '' } : readRuns(m[1], theme));
  return out;
}

function sheetRefRange(ref: string): { sheet?: string; range: string } | undefined {
  const bang = ref.lastIndexOf('!');
  const sheetPart = bang >= 0 ? ref.slice(0, bang) : undefined;
  const rangePart = bang >= 0 ? ref.slice(bang + 1) : ref;
  const sheet = sheetPart?.startsWith("'") ? sheetPart.slice(1, -1).replace(/''/g, "'") : sheetPart;
  return { ...(sheet !== undefined ? { sheet } : {}), range: rangePart };
}

const DEFAULT_CFVO: Record<string, unknown> = {
  dataBar: [{ type: 'min' }, { type: 'max' }],
  colorScale2: [{ type: 'min' }, { type: 'max' }],
  colorScale3: [{ type: 'min' }, { type: 'percentile', value: 50 }, { type: 'max' }],
};

const CF_OPERATORS = new Set(['greaterThan', 'lessThan', 'between', 'notBetween', 'equal', 'notEqual', 'greaterThanOrEqual', 'lessThanOrEqual']);

function cfvoOf(xml: string, el: XmlElement): NonNullable<Extract<CfRule, { type: 'iconSet' }>['cfvo']>[number] {
  const type = attr(el.attrs, 'type') ?? 'min';
  const val = attr(el.attrs, 'val');
  const t = (['min', 'max', 'num', 'percent', 'percentile', 'formula', 'autoMin', 'autoMax'].includes(type) ? type : 'num') as 'num';
  const numeric = val !== undefined && val.trim() !== '' && Number.isFinite(Number(val));
  const gte = attr(el.attrs, 'gte');
  void xml;
  return { type: t, ...(val !== undefined ? { value: numeric ? Number(val) : val } : {}), ...(gte !== undefined && !isTrue(gte) ? { gte: false } : {}) };
}

function readCfRule(xml: string, rule: XmlElement, dxfs: CfStyle[], theme: string[]): CfRule | undefined {
  const type = attr(rule.attrs, 'type') ?? '';
  const dxfId = attr(rule.attrs, 'dxfId');
  const style: CfStyle = dxfId !== undefined ? { ...(dxfs[Number(dxfId)] ?? {}) } : {};
  const formulas = children(xml, rule, 'formula').map((f) => textContent(xml, f).trim());
  switch (type) {
    case 'cellIs': {
      const op = attr(rule.attrs, 'operator') ?? 'equal';
      if (!CF_OPERATORS.has(op) || !formulas.length) return undefined;
      return {
        type: 'cellIs',
        operator: op as 'equal',
        values: formulas.slice(0, 2).map((f) => (/^-?\d+(\.\d+)?(E[+-]?\d+)?$/i.test(f) ? Number(f) : f)),
        style,
      };
    }
    case 'expression':
      return formulas[0] ? { type: 'expression', formula: formulas[0], style } : undefined;
    case 'top10':
      return {
        type: 'top10',
        rank: Math.max(1, Number(attr(rule.attrs, 'rank') ?? 10)),
        ...(isTrue(attr(rule.attrs, 'percent')) ? { percent: true } : {}),
        ...(isTrue(attr(rule.attrs, 'bottom')) ? { bottom: true } : {}),
        style,
      };
    case 'aboveAverage': {
      const above = attr(rule.attrs, 'aboveAverage');
      const sd = attr(rule.attrs, 'stdDev');
      return {
        type: 'aboveAverage',
        ...(above !== undefined && !isTrue(above) ? { below: true } : {}),
        ...(isTrue(attr(rule.attrs, 'equalAverage')) ? { equal: true } : {}),
        ...(sd !== undefined ? { stdDev: Number(sd) } : {}),
        style,
      };
    }
    case 'containsText':
    case 'notContainsText':
    case 'beginsWith':
    case 'endsWith':
      return {
        type: 'text',
        operator: type === 'notContainsText' ? 'notContains' : (type),
        text: attr(rule.attrs, 'text') ?? '',
        style,
      };
    case 'duplicateValues':
    case 'uniqueValues':
    case 'containsBlanks':
    case 'notContainsBlanks':
    case 'containsErrors':
    case 'notContainsErrors':
      return { type, style };
    case 'timePeriod':
      return { type: 'timePeriod', period: attr(rule.attrs, 'timePeriod') ?? 'today', style };
    case 'colorScale': {
      const cs = child(xml, rule, 'colorScale');
      if (!cs) return undefined;
      const colors = children(xml, cs, 'color').map((c) => resolveColor(c.attrs, theme) ?? '#FFFFFF');
      const cfvo = children(xml, cs, 'cfvo').map((c) => cfvoOf(xml, c));
      if (colors.length < 2 || colors.length > 3) return undefined;
      return { type: 'colorScale', colors, ...(cfvo.length === colors.length ? { cfvo } : {}) };
    }
    case 'dataBar': {
      const db = child(xml, rule, 'dataBar');
      if (!db) return undefined;
      const c = child(xml, db, 'color');
      const cfvo = children(xml, db, 'cfvo').map((x) => cfvoOf(xml, x));
      const showValue = attr(db.attrs, 'showValue');
      return {
        type: 'dataBar',
        color: (c && resolveColor(c.attrs, theme)) ?? '#638EC6',
        ...(cfvo.length === 2 ? { cfvo } : {}),
        ...(showValue !== undefined && !isTrue(showValue) ? { showValue: false } : {}),
      };
    }
    case 'iconSet': {
      const is = child(xml, rule, 'iconSet');
      if (!is) return undefined;
      const cfvo = children(xml, is, 'cfvo').map((x) => cfvoOf(xml, x));
      const showValue = attr(is.attrs, 'showValue');
      return {
        type: 'iconSet',
        iconSet: attr(is.attrs, 'iconSet') ?? '3TrafficLights1',
        ...(cfvo.length >= 3 && cfvo.length <= 5 ? { cfvo } : {}),
        ...(isTrue(attr(is.attrs, 'reverse')) ? { reverse: true } : {}),
        ...(showValue !== undefined && !isTrue(showValue) ? { showValue: false } : {}),
      };
    }
    default:
      return undefined;
  }
}

function readValidation(xml: string, dv: XmlElement, sqref: string): DataValidation | undefined {
  const a = dv.attrs;
  const type = (attr(a, 'type') ?? 'none');
  const map: Record<string, DataValidation['type']> = { none: 'any', list: 'list', whole: 'whole', decimal: 'decimal', date: 'date', time: 'time', textLength: 'textLength', custom: 'custom' };
  const t = map[type];
  if (!t || !sqref.trim()) return undefined;
  const f = (name: string) => {
    const el = child(xml, dv, name);
    return el ? textContent(xml, el).trim() || undefined : undefined;
  };
  const op = attr(a, 'operator');
  const es = attr(a, 'errorStyle');
  const out: DataValidation = { range: sqref.trim().split(/\s+/).join(' '), type: t };
  if (op && op !== 'between' && CF_OPERATORS.has(op)) out.operator = op as 'between'; // between is the default
  const f1 = f('formula1');
  const f2 = f('formula2');
  if (f1 !== undefined) out.formula1 = f1;
  if (f2 !== undefined) out.formula2 = f2;
  if (isTrue(attr(a, 'allowBlank'))) out.allowBlank = true;
  if (isTrue(attr(a, 'showDropDown'))) out.showDropDown = true;
  if (isTrue(attr(a, 'showInputMessage'))) out.showInputMessage = true;
  if (isTrue(attr(a, 'showErrorMessage'))) out.showErrorMessage = true;
  if (es === 'warning' || es === 'information') out.errorStyle = es;
  for (const k of ['promptTitle', 'prompt', 'errorTitle', 'error'] as const) {
    const v = attr(a, k);
    if (v) out[k] = v;
  }
  return out;
}

function validSqref(s: string): boolean {
  return s
    .trim()
    .split(/\s+/)
    .every((p) => {
      try {
        parseRange(p);
        return true;
      } catch {
        return false;
      }
    });
}

/** A range in a sqref may be a whole column/row ("A:A", "3:5") — as A1 bounds. */
function normalizeSqref(s: string): string {
  return s
    .trim()
    .split(/\s+/)
    .map((p) => {
      const col = /^\$?([A-Z]{1,3}):\$?([A-Z]{1,3})$/.exec(p);
      if (col) return `${col[1]}1:${col[2]}1048576`;
      const row = /^\$?(\d+):\$?(\d+)$/.exec(p);
      if (row) return `A${row[1]}:XFD${row[2]}`;
      return p.replace(/\$/g, '');
    })
    .join(' ');
}

interface SheetEntry {
  name: string;
  state: 'visible' | 'hidden' | 'veryHidden';
  part?: string;
  kind: 'worksheet' | 'chartsheet' | 'dialogsheet';
}

async function readDrawing(pkg: XlsxPackage, drawingPart: string, warnings: ImportWarning[], sheetName: string): Promise<{ charts: Chart[]; images: NonNullable<Sheet['images']> }> {
  const xml = await pkg.text(drawingPart);
  const charts: Chart[] = [];
  const images: NonNullable<Sheet['images']> = [];
  if (!xml) return { charts, images };
  const rels = new Map((await pkg.rels(drawingPart)).map((r) => [r.id, r] as const));
  const { children: anchors } = rootElement(xml);
  const flat: XmlElement[] = [];
  for (const a of anchors) {
    if (a.name.endsWith('Anchor')) flat.push(a);
    else if (a.name === 'AlternateContent') {
      const choice = child(xml, a, 'Choice');
      for (const c of choice ? childrenOf(xml, choice) : []) if (c.name.endsWith('Anchor')) flat.push(c);
    }
  }
  for (const a of flat) {
    const pos = (name: string) => {
      const el = child(xml, a, name);
      if (!el) return undefined;
      const col = Number(textContent(xml, child(xml, el, 'col')!));
      const row = Number(textContent(xml, child(xml, el, 'row')!));
      const colOff = Number(textContent(xml, child(xml, el, 'colOff') ?? el) || 0);
      const rowOff = Number(textContent(xml, child(xml, el, 'rowOff') ?? el) || 0);
      return { col, row, colOff, rowOff };
    };
    const from = pos('from');
    let to = pos('to');
    if (from && !to) {
      // a one-cell anchor: its extent in EMU, over default-sized cells (64 × 20 px)
      const ext = /<(?:\w+:)?ext\b[^>]*\bcx="(\d+)"[^>]*\bcy="(\d+)"/.exec(xml.slice(a.innerStart, a.innerEnd));
      if (ext) to = { col: from.col + Math.max(0, Math.ceil(Number(ext[1]) / 609_600) - 1), row: from.row + Math.max(0, Math.ceil(Number(ext[2]) / 190_500) - 1), colOff: 0, rowOff: 0 };
    }
    const anchor = from
      ? toRange({
          from: { col: from.col + 1, row: from.row + 1 },
          to: to ? { col: Math.max(from.col + 1, to.colOff > 0 ? to.col + 1 : to.col), row: Math.max(from.row + 1, to.rowOff > 0 ? to.row + 1 : to.row) } : { col: from.col + 1, row: from.row + 1 },
        })
      : 'A1';
    const inner = xml.slice(a.innerStart, a.innerEnd);
    const chartRid = /<(?:\w+:)?chart\b[^>]*\br:id="([^"]+)"/.exec(inner)?.[1] ?? /<(?:\w+:)?chart\b[^>]*\bid="([^"]+)"/.exec(inner)?.[1];
    const name = /<(?:\w+:)?cNvPr\b[^>]*\bname="([^"]*)"/.exec(inner)?.[1];
    if (chartRid) {
      const rel = rels.get(chartRid);
      const cx = rel ? await pkg.text(rel.target) : undefined;
      if (!cx) continue;
      const id = name && name.startsWith('Chart ') && name.length > 6 ? unescapeXml(name.slice(6)) : `chart${charts.length + 1}`;
      try {
        const chart = parseChartXml(cx, anchor, id);
        if (chart) charts.push({ ...chart, sourcePart: rel!.target });
        else warnings.push({ code: 'chart_kept_unmodelled', message: `a chart on "${sheetName}" (${rel!.target}) is of a kind the model does not describe; it is kept as it is in the file`, location: `${sheetName}!${anchor}` });
      } catch (e) {
        warnings.push({ code: 'chart_unreadable', message: `a chart on "${sheetName}" could not be read (${(e as Error).message}); it is kept as it is in the file`, location: `${sheetName}!${anchor}` });
      }
      continue;
    }
    const blip = /<(?:\w+:)?blip\b[^>]*\br:embed="([^"]+)"/.exec(inner)?.[1];
    if (blip && /<(?:\w+:)?pic\b/.test(inner)) {
      const rel = rels.get(blip);
      const descr = /<(?:\w+:)?cNvPr\b[^>]*\bdescr="([^"]*)"/.exec(inner)?.[1];
      images.push({ anchor, ...(name ? { name: unescapeXml(name) } : {}), ...(descr ? { description: unescapeXml(descr) } : {}), ...(rel && !rel.external ? { part: rel.target } : {}) });
    }
  }
  return { charts, images };
}

async function readComments(pkg: XlsxPackage, part: string): Promise<NonNullable<Sheet['comments']>> {
  const xml = await pkg.text(part);
  if (!xml) return [];
  const { children: top } = rootElement(xml);
  const authors = children(xml, top.find((e) => e.name === 'authors'), 'author').map((a) => textContent(xml, a));
  const out: NonNullable<Sheet['comments']> = [];
  for (const c of children(xml, top.find((e) => e.name === 'commentList'), 'comment')) {
    const ref = attr(c.attrs, 'ref');
    if (!ref) continue;
    const cell = ref.split(':')[0]!.replace(/\$/g, '');
    const author = authors[Number(attr(c.attrs, 'authorId') ?? 0)];
    const textEl = child(xml, c, 'text');
    out.push({ cell, ...(author ? { author } : {}), text: textEl ? textOfT(xml, textEl) : '' });
  }
  return out;
}

async function readTable(pkg: XlsxPackage, part: string): Promise<Table | undefined> {
  const xml = await pkg.text(part);
  if (!xml) return undefined;
  const { root, children: top } = rootElement(xml);
  const a = root.attrs;
  const name = attr(a, 'displayName') ?? attr(a, 'name');
  const ref = attr(a, 'ref');
  if (!name || !ref || !/^[A-Za-z_\\][\w.\\]*$/.test(name)) return undefined;
  const r = parseRange(ref);
  const totals = Number(attr(a, 'totalsRowCount') ?? 0) > 0;
  if (totals) r.to.row -= 1;
  const headerRow = attr(a, 'headerRowCount') !== '0';
  const cols = children(xml, top.find((e) => e.name === 'tableColumns'), 'tableColumn').map((c) => {
    const col: NonNullable<Table['columns']>[number] = { name: attr(c.attrs, 'name') ?? '' };
    const fn = attr(c.attrs, 'totalsRowFunction');
    if (fn && fn !== 'none') col.totalsRowFunction = fn;
    const label = attr(c.attrs, 'totalsRowLabel');
    if (label) col.totalsRowLabel = label;
    const cf = child(xml, c, 'calculatedColumnFormula');
    if (cf) col.calculatedColumnFormula = textContent(xml, cf).replace(/^=/, '');
    const tf = child(xml, c, 'totalsRowFormula');
    if (tf) col.totalsRowFormula = textContent(xml, tf).replace(/^=/, '');
    return col;
  });
  const si = top.find((e) => e.name === 'tableStyleInfo');
  const FN = new Set(['sum', 'average', 'count', 'countNums', 'min', 'max', 'stdDev', 'var']);
  const totalsRow = totals
    ? cols
        .filter((c) => c.totalsRowFunction || c.totalsRowLabel)
        .map((c) => ({
          column: c.name,
          ...(c.totalsRowFunction && FN.has(c.totalsRowFunction) ? { function: c.totalsRowFunction as 'sum' } : {}),
          ...(c.totalsRowLabel ? { label: c.totalsRowLabel } : {}),
        }))
    : undefined;
  return {
    name,
    range: toRange(r),
    headerRow,
    ...(totalsRow ? { totalsRow } : {}),
    style: (si && attr(si.attrs, 'name')) ?? 'TableStyleMedium2',
    showRowStripes: si ? isTrue(attr(si.attrs, 'showRowStripes') ?? '1') : true,
    ...(si && isTrue(attr(si.attrs, 'showColumnStripes')) ? { showColumnStripes: true } : {}),
    ...(top.some((e) => e.name === 'autoFilter') ? {} : { autoFilter: false }),
    ...(attr(a, 'name') && attr(a, 'name') !== name ? { displayName: name } : {}),
    columns: cols,
    sourcePart: part,
  };
}

function readPrint(xml: string, top: XmlElement[], print: PrintSetup): void {
  const get = (n: string) => top.find((e) => e.name === n);
  const ps = get('pageSetup');
  if (ps) {
    const o = attr(ps.attrs, 'orientation');
    if (o === 'landscape' || o === 'portrait') print.orientation = o;
    const paper = Number(attr(ps.attrs, 'paperSize'));
    if (paper >= 1) print.paperSize = paper;
    const scale = Number(attr(ps.attrs, 'scale'));
    if (scale >= 10 && scale <= 400 && scale !== 100) print.scale = Math.round(scale);
    const fw = attr(ps.attrs, 'fitToWidth');
    const fh = attr(ps.attrs, 'fitToHeight');
    if (fw !== undefined) print.fitToWidth = Number(fw);
    if (fh !== undefined) print.fitToHeight = Number(fh);
  }
  const pm = get('pageMargins');
  if (pm) {
    const n = (k: string, d: number) => {
      const v = Number(attr(pm.attrs, k));
      return Number.isFinite(v) ? v : d;
    };
    print.margins = { left: n('left', 0.7), right: n('right', 0.7), top: n('top', 0.75), bottom: n('bottom', 0.75), header: n('header', 0.3), footer: n('footer', 0.3) };
  }
  const hf = get('headerFooter');
  if (hf) {
    const oh = child(xml, hf, 'oddHeader');
    const of = child(xml, hf, 'oddFooter');
    if (oh) print.header = textContent(xml, oh);
    if (of) print.footer = textContent(xml, of);
  }
  const po = get('printOptions');
  if (po) {
    for (const k of ['gridLines', 'headings', 'horizontalCentered', 'verticalCentered'] as const) if (isTrue(attr(po.attrs, k))) print[k] = true;
  }
  const breaks = (n: string) => children(xml, get(n), 'brk').map((b) => Number(attr(b.attrs, 'id'))).filter((x) => x >= 1);
  const rb = breaks('rowBreaks');
  const cb = breaks('colBreaks');
  if (rb.length) print.rowBreaks = rb;
  if (cb.length) print.colBreaks = cb;
}

async function readWorksheet(
  pkg: XlsxPackage,
  entry: SheetEntry,
  part: string,
  ctx: { sst: SharedString[]; styles: StylesInfo; theme: string[]; date1904: boolean; limits: CellLimits; warnings: ImportWarning[] },
): Promise<Sheet> {
  const xml = (await pkg.text(part)) ?? '';
  const { children: top } = rootElement(xml, new Set(['sheetData']));
  const get = (n: string) => top.find((e) => e.name === n);
  const rels = new Map<string, Relationship>((await pkg.rels(part)).map((r) => [r.id, r]));
  const sheet: Sheet = { ...emptySheet(entry.name), sourcePart: part };
  if (entry.state !== 'visible') sheet.state = entry.state;
  if (entry.kind !== 'worksheet') sheet.kind = entry.kind;

  const sd = get('sheetData');
  if (sd) {
    await assertCellBudget(xml, sd.innerStart, sd.innerEnd, ctx.limits);
    const data = readSheetData(xml, sd.innerStart, sd.innerEnd, ctx.sst, ctx.styles, ctx.date1904, ctx.limits);
    sheet.cells = data.cells;
    sheet.rows = data.rows;
  }

  const pr = get('sheetPr');
  if (pr) {
    const tab = child(xml, pr, 'tabColor');
    const c = tab ? resolveColor(tab.attrs, ctx.theme) : undefined;
    if (c) sheet.tabColor = c;
    const op = child(xml, pr, 'outlinePr');
    if (op && attr(op.attrs, 'summaryBelow') !== undefined && !isTrue(attr(op.attrs, 'summaryBelow'))) sheet.outlineSummaryBelow = false;
    const psp = child(xml, pr, 'pageSetUpPr');
    if (psp && isTrue(attr(psp.attrs, 'fitToPage'))) (sheet.print ??= {}).fitToPage = true;
  }
  const view = children(xml, get('sheetViews'), 'sheetView')[0];
  if (view) {
    if (attr(view.attrs, 'showGridLines') !== undefined && !isTrue(attr(view.attrs, 'showGridLines'))) sheet.showGridLines = false;
    if (isTrue(attr(view.attrs, 'rightToLeft'))) sheet.rightToLeft = true;
    const zoom = Number(attr(view.attrs, 'zoomScale'));
    if (zoom >= 10 && zoom <= 400 && zoom !== 100) sheet.zoom = Math.round(zoom);
    const pane = child(xml, view, 'pane');
    if (pane && /^frozen/.test(attr(pane.attrs, 'state') ?? '')) {
      const rows = Math.floor(Number(attr(pane.attrs, 'ySplit') ?? 0));
      const cols = Math.floor(Number(attr(pane.attrs, 'xSplit') ?? 0));
      if (rows || cols) sheet.frozen = { rows, cols };
    }
  }
  const fmt = get('sheetFormatPr');
  if (fmt) {
    const drh = Number(attr(fmt.attrs, 'defaultRowHeight'));
    if (drh > 0 && drh <= 409) sheet.defaultRowHeight = drh;
    const dcw = Number(attr(fmt.attrs, 'defaultColWidth'));
    if (dcw > 0 && dcw <= 255) sheet.defaultColWidth = dcw;
  }
  for (const c of children(xml, get('cols'), 'col')) {
    const min = Math.max(1, Number(attr(c.attrs, 'min') ?? 1));
    const max = Math.min(16384, Number(attr(c.attrs, 'max') ?? min));
    if (!(max >= min)) continue;
    const spec: ColumnSpec = {};
    const w = Number(attr(c.attrs, 'width'));
    if (Number.isFinite(w) && w >= 0) spec.width = Math.min(255, Math.round(w * 100) / 100);
    if (isTrue(attr(c.attrs, 'hidden'))) spec.hidden = true;
    const ol = Number(attr(c.attrs, 'outlineLevel') ?? 0);
    if (ol > 0) spec.outlineLevel = Math.min(7, ol);
    if (isTrue(attr(c.attrs, 'collapsed'))) spec.collapsed = true;
    if (!Object.keys(spec).length) continue;
    const key = min === max ? numberToColumn(min) : `${numberToColumn(min)}:${numberToColumn(max)}`;
    sheet.columns[key] = spec;
  }
  for (const mc of children(xml, get('mergeCells'), 'mergeCell')) {
    const ref = attr(mc.attrs, 'ref');
    if (ref && ref.includes(':') && validSqref(ref)) sheet.merges.push(ref.replace(/\$/g, ''));
  }
  // conditional formats
  for (const cf of top.filter((e) => e.name === 'conditionalFormatting')) {
    const sqref = normalizeSqref(attr(cf.attrs, 'sqref') ?? '');
    if (!sqref || !validSqref(sqref)) continue;
    for (const rule of children(xml, cf, 'cfRule')) {
      const r = readCfRule(xml, rule, ctx.styles.dxfs, ctx.theme);
      if (!r) {
        ctx.warnings.push({ code: 'conditional_format_kept_unmodelled', message: `a conditional format rule of type "${attr(rule.attrs, 'type') ?? '?'}" on ${entry.name}!${sqref} is kept in the file but not shown`, location: `${entry.name}!${sqref}` });
        continue;
      }
      // thresholds and priorities that are the defaults are left out of the model
      if ('cfvo' in r && r.cfvo && stableKey(r.cfvo) === stableKey(DEFAULT_CFVO[r.type === 'colorScale' ? `colorScale${r.colors.length}` : r.type])) delete r.cfvo;
      const entryCf: ConditionalFormat = { range: sqref, rule: r };
      const prio = Number(attr(rule.attrs, 'priority'));
      if (Number.isInteger(prio) && prio !== sheet.conditionalFormats.length + 1) entryCf.priority = prio;
      if (isTrue(attr(rule.attrs, 'stopIfTrue'))) entryCf.stopIfTrue = true;
      sheet.conditionalFormats.push(entryCf);
    }
  }
  // data validations (and the x14 ones in extLst, which reference other sheets)
  const dvs: DataValidation[] = [];
  for (const dv of children(xml, get('dataValidations'), 'dataValidation')) {
    const sq = normalizeSqref(attr(dv.attrs, 'sqref') ?? '');
    if (!validSqref(sq)) continue;
    const v = readValidation(xml, dv, sq);
    if (v) dvs.push(v);
  }
  const extLst = get('extLst');
  for (const ext of children(xml, extLst, 'ext')) {
    for (const group of children(xml, ext, 'dataValidations')) {
      for (const dv of children(xml, group, 'dataValidation')) {
        const sqEl = child(xml, dv, 'sqref');
        const sq = normalizeSqref(sqEl ? textContent(xml, sqEl) : '');
        if (!sq || !validSqref(sq)) continue;
        const v = readValidation(xml, dv, sq);
        if (v) dvs.push(v);
      }
    }
  }
  if (dvs.length) sheet.dataValidations = dvs;
  // hyperlinks
  const links: Hyperlink[] = [];
  for (const h of children(xml, get('hyperlinks'), 'hyperlink')) {
    const ref = attr(h.attrs, 'ref');
    if (!ref || !validSqref(ref.replace(/\$/g, ''))) continue;
    const rid = attr(h.attrs, 'id');
    const rel = rid ? rels.get(rid) : undefined;
    const link: Hyperlink = { ref: ref.replace(/\$/g, '') };
    if (rel) link.target = rel.target;
    const loc = attr(h.attrs, 'location');
    if (loc) link.location = loc;
    const tip = attr(h.attrs, 'tooltip');
    if (tip) link.tooltip = tip;
    const disp = attr(h.attrs, 'display');
    if (disp) link.display = disp;
    links.push(link);
  }
  if (links.length) sheet.hyperlinks = links;
  const af = get('autoFilter');
  if (af) {
    const ref = attr(af.attrs, 'ref');
    if (ref && validSqref(ref.replace(/\$/g, ''))) {
      const filters: NonNullable<NonNullable<Sheet['autoFilter']>['filters']> = [];
      for (const fc of children(xml, af, 'filterColumn')) {
        const column = Number(attr(fc.attrs, 'colId') ?? 0);
        const f = child(xml, fc, 'filters');
        if (f) {
          const values = children(xml, f, 'filter').map((x) => attr(x.attrs, 'val') ?? '');
          filters.push({ column, ...(values.length ? { values } : {}), ...(isTrue(attr(f.attrs, 'blank')) ? { blank: true } : {}) });
        } else filters.push({ column, custom: xml.slice(fc.innerStart, fc.innerEnd) });
      }
      sheet.autoFilter = { range: ref.replace(/\$/g, ''), ...(filters.length ? { filters } : {}) };
    }
  }
  const print: PrintSetup = sheet.print ?? {};
  readPrint(xml, top, print);
  if (Object.keys(print).length) sheet.print = print;
  const prot = get('sheetProtection');
  if (prot && isTrue(attr(prot.attrs, 'sheet'))) {
    const allow: string[] = [];
    for (const k of ['formatCells', 'formatColumns', 'formatRows', 'insertColumns', 'insertRows', 'insertHyperlinks', 'deleteColumns', 'deleteRows', 'sort', 'autoFilter', 'pivotTables']) {
      if (attr(prot.attrs, k) !== undefined && !isTrue(attr(prot.attrs, k))) allow.push(k);
    }
    sheet.protection = {
      sheet: true,
      ...(isTrue(attr(prot.attrs, 'objects')) ? { objects: true } : {}),
      ...(isTrue(attr(prot.attrs, 'scenarios')) ? { scenarios: true } : {}),
      ...(allow.length ? { allow } : {}),
      ...(attr(prot.attrs, 'password') || attr(prot.attrs, 'hashValue') ? { hasPassword: true } : {}),
    };
  }
  // related parts: tables, comments, drawings
  // a broken related part is reported and kept as it is in the file; the rest of the sheet still reads
  const guard = async (what: string, part: string, fn: () => Promise<void>) => {
    try {
      await fn();
    } catch (e) {
      ctx.warnings.push({ code: 'part_unreadable', message: `the ${what} of sheet "${entry.name}" (${part}) could not be read (${(e as Error).message.slice(0, 200)}); it is kept as it is in the file`, location: part });
    }
  };
  for (const tp of children(xml, get('tableParts'), 'tablePart')) {
    const rel = rels.get(attr(tp.attrs, 'id') ?? '');
    if (!rel) continue;
    await guard('table', rel.target, async () => {
      const t = await readTable(pkg, rel.target);
      if (t) sheet.tables.push(t);
    });
  }
  for (const rel of rels.values()) {
    if (rel.type === 'comments' && !rel.external) {
      await guard('comments', rel.target, async () => {
        const comments = await readComments(pkg, rel.target);
        if (comments.length) sheet.comments = comments;
      });
    }
  }
  const drawing = get('drawing');
  const drel = drawing ? rels.get(attr(drawing.attrs, 'id') ?? '') : undefined;
  if (drel && !drel.external) {
    await guard('drawing', drel.target, async () => {
      const { charts, images } = await readDrawing(pkg, drel.target, ctx.warnings, entry.name);
      sheet.charts = charts;
      if (images.length) sheet.images = images;
    });
  }
  return sheet;
}

async function readChartsheet(pkg: XlsxPackage, entry: SheetEntry, part: string, warnings: ImportWarning[]): Promise<Sheet> {
  const sheet: Sheet = { ...emptySheet(entry.name), kind: 'chartsheet', sourcePart: part };
  if (entry.state !== 'visible') sheet.state = entry.state;
  const xml = (await pkg.text(part)) ?? '';
  const rid = /<(?:\w+:)?drawing\b[^>]*\br:id="([^"]+)"/.exec(xml)?.[1];
  const rel = rid ? (await pkg.rels(part)).find((r) => r.id === rid) : undefined;
  if (rel) sheet.charts = (await readDrawing(pkg, rel.target, warnings, entry.name)).charts;
  return sheet;
}

/** Reads an .xlsx package into the workbook model (with warnings for what the model only carries). */
export async function readXlsx(bytes: Buffer | Uint8Array, opts: ReadXlsxOptions = {}): Promise<ImportedWorkbook> {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const maxCells = opts.maxCells ?? documentLimits().maxCells;
  let pkg: XlsxPackage;
  try {
    pkg = await XlsxPackage.open(bytes, { trusted: opts.trusted });
  } catch (err) {
    if (err instanceof UnreadableDocumentError) throw err;
    throw new UnreadableDocumentError('the file is not a valid .xlsx package (not a zip archive)');
  }
  const wbPart = await pkg.workbookPart();
  const wbXml = (await pkg.text(wbPart))!;
  if (/strict\.openxmlformats\.org|purl\.oclc\.org\/ooxml/.test(wbXml.slice(0, 2000))) {
    // Strict OOXML uses other namespace URIs; local names are the same, so the reader works as is
  }
  const wbRels = new Map((await pkg.rels(wbPart)).map((r) => [r.id, r] as const));
  const relOfType = (t: string) => [...wbRels.values()].find((r) => r.type === t);
  const warnings: ImportWarning[] = [];
  const { children: wbTop } = rootElement(wbXml);
  const wbGet = (n: string) => wbTop.find((e) => e.name === n);
  const date1904 = isTrue(attr(wbGet('workbookPr')?.attrs ?? '', 'date1904'));
  const theme = readThemeColors(relOfType('theme') ? await pkg.text(relOfType('theme')!.target) : undefined);
  const styles = readStyles(relOfType('styles') ? await pkg.text(relOfType('styles')!.target) : undefined, theme);
  const sst = readSst(relOfType('sharedStrings') ? await pkg.text(relOfType('sharedStrings')!.target) : undefined, theme);

  const entries: SheetEntry[] = children(wbXml, wbGet('sheets'), 'sheet').map((s) => {
    const rel = wbRels.get(attr(s.attrs, 'id') ?? '');
    const st = attr(s.attrs, 'state');
    const kind = rel?.type === 'chartsheet' ? 'chartsheet' : rel?.type === 'dialogsheet' ? 'dialogsheet' : 'worksheet';
    return {
      name: attr(s.attrs, 'name') ?? 'Sheet',
      state: st === 'hidden' || st === 'veryHidden' ? st : 'visible',
      ...(rel && !rel.external ? { part: rel.target } : {}),
      kind,
    };
  });
  if (!entries.length) throw new Error('the workbook has no sheets');

  const sheets: Sheet[] = [];
  let cellBudget = maxCells;
  let sparklineSheets = 0;
  for (const e of entries) {
    if (!e.part || !pkg.has(e.part)) {
      warnings.push({ code: 'sheet_part_missing', message: `sheet "${e.name}" has no content in the file; it is kept empty` });
      sheets.push({ ...emptySheet(e.name), ...(e.state !== 'visible' ? { state: e.state } : {}) });
      continue;
    }
    const part = pkg.resolve(e.part)!;
    if (e.kind === 'chartsheet') {
      sheets.push(await readChartsheet(pkg, e, part, warnings));
      continue;
    }
    if (e.kind === 'dialogsheet') {
      sheets.push({ ...emptySheet(e.name), kind: 'dialogsheet', sourcePart: part, ...(e.state !== 'visible' ? { state: e.state } : {}) });
      continue;
    }
    let sheet: Sheet;
    try {
      sheet = await readWorksheet(pkg, e, part, { sst, styles, theme, date1904, limits: { maxCells: cellBudget, totalMaxCells: maxCells }, warnings });
    } catch (err) {
      if (err instanceof DocumentLimitError) throw err;
      throw new UnreadableDocumentError(`sheet "${e.name}" (${part}) could not be read: ${(err as Error).message.slice(0, 200)}`);
    }
    if (/sparklineGroups/.test((await pkg.text(part)) ?? '')) sparklineSheets++;
    cellBudget -= Object.keys(sheet.cells).length;
    sheets.push(sheet);
  }

  // defined names: print areas and titles go to their sheets
  const definedNames: DefinedName[] = [];
  for (const d of children(wbXml, wbGet('definedNames'), 'definedName')) {
    const name = attr(d.attrs, 'name') ?? '';
    const ref = textContent(wbXml, d).trim().replace(/^=/, '');
    if (!name || !ref) continue;
    const lid = attr(d.attrs, 'localSheetId');
    const scope = lid !== undefined ? sheets[Number(lid)] : undefined;
    const lower = name.toLowerCase();
    if (lower === '_xlnm.print_area' && scope) {
      const areas = ref.split(',').map((p) => sheetRefRange(p)?.range ?? p);
      (scope.print ??= {}).area = areas.join(',');
      continue;
    }
    if (lower === '_xlnm.print_titles' && scope) {
      for (const p of ref.split(',')) {
        const r = sheetRefRange(p)?.range ?? '';
        if (/^\$?\d+:\$?\d+$/.test(r)) (scope.print ??= {}).titleRows = r;
        else if (/^\$?[A-Z]{1,3}:\$?[A-Z]{1,3}$/.test(r)) (scope.print ??= {}).titleCols = r;
      }
      continue;
    }
    if (lower === '_xlnm._filterdatabase') continue;
    const dn: DefinedName = { name, ref: ref.replace(/_xlfn\./g, '') };
    if (scope) dn.sheet = scope.name;
    if (isTrue(attr(d.attrs, 'hidden'))) dn.hidden = true;
    const comment = attr(d.attrs, 'comment');
    if (comment) dn.comment = comment;
    definedNames.push(dn);
  }

  // chart ids unique across the workbook
  const ids = new Set<string>();
  let n = 0;
  for (const s of sheets)
    for (const c of s.charts) {
      while (ids.has(c.id)) c.id = `chart${++n}`;
      ids.add(c.id);
    }
  // table names unique (a broken file may repeat one)
  const tableNames = new Set<string>();
  for (const s of sheets)
    s.tables = s.tables.filter((t) => {
      const k = t.name.toLowerCase();
      if (tableNames.has(k)) return false;
      tableNames.add(k);
      return true;
    });

  const activeTab = Number(attr(children(wbXml, wbGet('bookViews'), 'workbookView')[0]?.attrs ?? '', 'activeTab') ?? 0);
  const model = {
    defaultFont: styles.defaultFont,
    sheets,
    ...(definedNames.length ? { definedNames } : {}),
    ...(date1904 ? { date1904: true } : {}),
    ...(activeTab > 0 && activeTab < sheets.length ? { activeSheet: activeTab } : {}),
  };
  const workbook = parseWorkbook(model);
  const description = describeImport(workbook, carriedParts(pkg), sparklineSheets);
  return { workbook, warnings, sha256, description };
}
