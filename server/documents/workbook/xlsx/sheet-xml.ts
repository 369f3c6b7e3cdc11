/**
 * SpreadsheetML fragments written from the model: cells, rows, columns, merges, views,
 * conditional formats, validations, hyperlinks, autofilter and print setup. Used for new sheets
 * and for the parts of an imported sheet that an edit changed.
 */
import { escapeXml } from '../../common/xml';
import { addressKey, columnToNumber, numberToColumn } from '../../../../lib/workbook/cell-ref';
import { isErrorValue, toFileFormula, type EvalValue } from '../evaluate-formulas';
import type { Cell, CfRule, ColumnSpec, ConditionalFormat, DataValidation, PrintSetup, RowSpec, Sheet } from '../schema';
import type { StyleSheet } from './style-sheet';

/**
 * Escapes text for XML: CR as &#13; (a raw CR would be read back as LF), the controls XML 1.0 cannot
 * hold as Excel's _xHHHH_, and a literal "_xHHHH_" in the text with its underscore escaped (_x005F_)
 * so that it reads back as written.
 */
export function cellText(s: string): string {
  let out = escapeXml(s);
  if (out.includes('_x')) out = out.replace(/_x(?=[0-9A-Fa-f]{4}_)/g, '_x005F_x');
  if (out.includes('\r')) out = out.replace(/\r/g, '&#13;');
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/.test(out)) {
    out = out.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, (c) => `_x${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}_`);
  }
  return out;
}

function tText(s: string): string {
  const space = /^\s|\s$|\n/.test(s) ? ' xml:space="preserve"' : '';
  return `<t${space}>${cellText(s)}</t>`;
}

function richXml(cell: Cell): string {
  return (cell.richText ?? [])
    .map((r) => {
      const st = r.style;
      const rpr = st
        ? `<rPr>${st.bold ? '<b/>' : ''}${st.italic ? '<i/>' : ''}${st.strike ? '<strike/>' : ''}${st.underline ? '<u/>' : ''}${st.fontSize ? `<sz val="${st.fontSize}"/>` : ''}${st.color ? `<color rgb="FF${st.color.slice(1)}"/>` : ''}${st.fontName ? `<rFont val="${escapeXml(st.fontName)}"/>` : ''}</rPr>`
        : '';
      return `<r>${rpr}${tText(r.text)}</r>`;
    })
    .join('');
}

/** One <c>: formulas with their computed value, text as inline strings. '' for nothing to write. */
export function cellXml(address: string, styleId: number, cell: Cell, computed: EvalValue | undefined, hasComputed: boolean, table?: string): string {
  const s = styleId ? ` s="${styleId}"` : '';
  if (cell.formula) {
    // inside a table, [@Col] and [Col] are written qualified with the table's name (as Excel stores them)
    const text = cellText(toFileFormula(cell.formula, table ? { table } : undefined));
    const f = cell.array ? `<f t="array" ref="${cell.array}">${text}</f>` : `<f>${text}</f>`;
    if (!hasComputed) return `<c r="${address}"${s}>${f}</c>`;
    const v = computed;
    if (isErrorValue(v)) return `<c r="${address}"${s} t="e">${f}<v>${cellText(v.error)}</v></c>`;
    if (v === null || v === undefined) return `<c r="${address}"${s} t="str">${f}<v></v></c>`;
    if (typeof v === 'string') return `<c r="${address}"${s} t="str">${f}<v>${cellText(v)}</v></c>`;
    if (typeof v === 'boolean') return `<c r="${address}"${s} t="b">${f}<v>${v ? 1 : 0}</v></c>`;
    return `<c r="${address}"${s}>${f}<v>${v}</v></c>`;
  }
  if (cell.error) return `<c r="${address}"${s} t="e"><v>${cellText(cell.error)}</v></c>`;
  const v = cell.value;
  if (v === null || v === undefined) return styleId ? `<c r="${address}"${s}/>` : '';
  if (typeof v === 'string') return `<c r="${address}"${s} t="inlineStr"><is>${cell.richText?.length ? richXml(cell) : tText(v)}</is></c>`;
  if (typeof v === 'boolean') return `<c r="${address}"${s} t="b"><v>${v ? 1 : 0}</v></c>`;
  return `<c r="${address}"${s}><v>${v}</v></c>`;
}

export function rowAttrs(row: number, spec: RowSpec | undefined): string {
  if (!spec) return ` r="${row}"`;
  let a = ` r="${row}"`;
  if (spec.height !== undefined) a += ` ht="${spec.height}" customHeight="1"`;
  if (spec.hidden) a += ' hidden="1"';
  if (spec.outlineLevel) a += ` outlineLevel="${spec.outlineLevel}"`;
  if (spec.collapsed) a += ' collapsed="1"';
  return a;
}

export function colsXml(columns: Record<string, ColumnSpec>): string {
  const spans = Object.entries(columns)
    .map(([k, spec]) => {
      const [a, b] = k.split(':');
      return { min: columnToNumber(a!), max: columnToNumber(b ?? a!), spec };
    })
    .sort((x, y) => x.min - y.min);
  if (!spans.length) return '';
  const out: string[] = [];
  let last = 0;
  for (const { min, max, spec } of spans) {
    const lo = Math.max(min, last + 1);
    if (lo > max) continue;
    last = max;
    out.push(
      `<col min="${lo}" max="${max}" width="${spec.width ?? 9.140625}"${spec.width !== undefined ? ' customWidth="1"' : ''}${spec.hidden ? ' hidden="1"' : ''}${spec.outlineLevel ? ` outlineLevel="${spec.outlineLevel}"` : ''}${spec.collapsed ? ' collapsed="1"' : ''}/>`,
    );
  }
  return `<cols>${out.join('')}</cols>`;
}

export function mergesXml(merges: string[]): string {
  return merges.length ? `<mergeCells count="${merges.length}">${merges.map((m) => `<mergeCell ref="${m}"/>`).join('')}</mergeCells>` : '';
}

export function sheetViewsXml(sheet: Sheet, tabSelected: boolean): string {
  const f = sheet.frozen && (sheet.frozen.rows > 0 || sheet.frozen.cols > 0) ? sheet.frozen : undefined;
  const attrs = `${tabSelected ? ' tabSelected="1"' : ''}${sheet.showGridLines === false ? ' showGridLines="0"' : ''}${sheet.rightToLeft ? ' rightToLeft="1"' : ''}${sheet.zoom ? ` zoomScale="${sheet.zoom}"` : ''} workbookViewId="0"`;
  if (!f) return `<sheetViews><sheetView${attrs}/></sheetViews>`;
  const tl = `${numberToColumn(f.cols + 1)}${f.rows + 1}`;
  const pane = f.rows && f.cols ? 'bottomRight' : f.rows ? 'bottomLeft' : 'topRight';
  return `<sheetViews><sheetView${attrs}><pane${f.cols ? ` xSplit="${f.cols}"` : ''}${f.rows ? ` ySplit="${f.rows}"` : ''} topLeftCell="${tl}" activePane="${pane}" state="frozen"/><selection pane="${pane}" activeCell="${tl}" sqref="${tl}"/></sheetView></sheetViews>`;
}

function formulaText(v: string | number): string {
  return cellText(typeof v === 'number' ? String(v) : v);
}

function cfvoXml(c: { type: string; value?: string | number; gte?: boolean }): string {
  return `<cfvo type="${c.type}"${c.value !== undefined ? ` val="${escapeXml(String(c.value))}"` : ''}${c.gte === false ? ' gte="0"' : ''}/>`;
}

function cfRuleXml(rule: CfRule, priority: number, styles: StyleSheet, stopIfTrue: boolean | undefined, range: string): string {
  const stop = stopIfTrue ? ' stopIfTrue="1"' : '';
  const dxf = 'style' in rule ? ` dxfId="${styles.dxfFor(rule.style)}"` : '';
  const topLeft = range.split(/\s+/)[0]!.split(':')[0]!;
  switch (rule.type) {
    case 'cellIs':
      return `<cfRule type="cellIs"${dxf} priority="${priority}"${stop} operator="${rule.operator}">${rule.values.map((v) => `<formula>${formulaText(typeof v === 'string' && !/^[=$A-Za-z(]|^"/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)}</formula>`).join('')}</cfRule>`;
    case 'expression':
      return `<cfRule type="expression"${dxf} priority="${priority}"${stop}><formula>${formulaText(rule.formula)}</formula></cfRule>`;
    case 'top10':
      return `<cfRule type="top10"${dxf} priority="${priority}"${stop} rank="${rule.rank}"${rule.percent ? ' percent="1"' : ''}${rule.bottom ? ' bottom="1"' : ''}/>`;
    case 'aboveAverage':
      return `<cfRule type="aboveAverage"${dxf} priority="${priority}"${stop}${rule.below ? ' aboveAverage="0"' : ''}${rule.equal ? ' equalAverage="1"' : ''}${rule.stdDev !== undefined ? ` stdDev="${rule.stdDev}"` : ''}/>`;
    case 'text': {
      const type = rule.operator === 'notContains' ? 'notContainsText' : rule.operator;
      const t = rule.text.replace(/"/g, '""');
      const f =
        rule.operator === 'containsText'
          ? `NOT(ISERROR(SEARCH("${t}",${topLeft})))`
          : rule.operator === 'notContains'
            ? `ISERROR(SEARCH("${t}",${topLeft}))`
            : rule.operator === 'beginsWith'
              ? `LEFT(${topLeft},LEN("${t}"))="${t}"`
              : `RIGHT(${topLeft},LEN("${t}"))="${t}"`;
      return `<cfRule type="${type}"${dxf} priority="${priority}"${stop} operator="${rule.operator}" text="${escapeXml(rule.text)}"><formula>${cellText(f)}</formula></cfRule>`;
    }
    case 'timePeriod':
      return `<cfRule type="timePeriod"${dxf} priority="${priority}"${stop} timePeriod="${escapeXml(rule.period)}"/>`;
    case 'colorScale': {
      const cfvo = rule.cfvo ?? (rule.colors.length === 3 ? [{ type: 'min' as const }, { type: 'percentile' as const, value: 50 }, { type: 'max' as const }] : [{ type: 'min' as const }, { type: 'max' as const }]);
      return `<cfRule type="colorScale" priority="${priority}"${stop}><colorScale>${cfvo.map(cfvoXml).join('')}${rule.colors.map((c) => `<color rgb="FF${c.replace('#', '')}"/>`).join('')}</colorScale></cfRule>`;
    }
    case 'dataBar': {
      const cfvo = rule.cfvo ?? [{ type: 'min' as const }, { type: 'max' as const }];
      return `<cfRule type="dataBar" priority="${priority}"${stop}><dataBar${rule.showValue === false ? ' showValue="0"' : ''}>${cfvo.map(cfvoXml).join('')}<color rgb="FF${rule.color.replace('#', '')}"/></dataBar></cfRule>`;
    }
    case 'iconSet': {
      const n = Number(/^\d/.exec(rule.iconSet)?.[0] ?? 3);
      const cfvo = rule.cfvo ?? Array.from({ length: n }, (_, i) => ({ type: 'percent' as const, value: Math.round((i * 100) / n) }));
      return `<cfRule type="iconSet" priority="${priority}"${stop}><iconSet iconSet="${escapeXml(rule.iconSet)}"${rule.reverse ? ' reverse="1"' : ''}${rule.showValue === false ? ' showValue="0"' : ''}>${cfvo.map(cfvoXml).join('')}</iconSet></cfRule>`;
    }
    default:
      return `<cfRule type="${rule.type}"${dxf} priority="${priority}"${stop}/>`;
  }
}

export function conditionalFormatsXml(cfs: ConditionalFormat[], styles: StyleSheet): string {
  // a rule without a priority of its own ranks by its place (as the reader leaves those out)
  return cfs.map((cf, i) => `<conditionalFormatting sqref="${cf.range}">${cfRuleXml(cf.rule, cf.priority ?? i + 1, styles, cf.stopIfTrue, cf.range)}</conditionalFormatting>`).join('');
}

export function dataValidationsXml(dvs: DataValidation[]): string {
  if (!dvs.length) return '';
  const items = dvs.map((d) => {
    const a =
      (d.type !== 'any' ? ` type="${d.type}"` : '') +
      (d.errorStyle && d.errorStyle !== 'stop' ? ` errorStyle="${d.errorStyle}"` : '') +
      (d.operator && d.operator !== 'between' ? ` operator="${d.operator}"` : '') +
      (d.allowBlank ? ' allowBlank="1"' : '') +
      (d.showDropDown ? ' showDropDown="1"' : '') +
      (d.showInputMessage ? ' showInputMessage="1"' : '') +
      (d.showErrorMessage ? ' showErrorMessage="1"' : '') +
      (['errorTitle', 'error', 'promptTitle', 'prompt'] as const).map((k) => (d[k] ? ` ${k}="${escapeXml(d[k])}"` : '')).join('') +
      ` sqref="${d.range}"`;
    const f = `${d.formula1 !== undefined ? `<formula1>${cellText(d.formula1)}</formula1>` : ''}${d.formula2 !== undefined ? `<formula2>${cellText(d.formula2)}</formula2>` : ''}`;
    return f ? `<dataValidation${a}>${f}</dataValidation>` : `<dataValidation${a}/>`;
  });
  return `<dataValidations count="${items.length}">${items.join('')}</dataValidations>`;
}

/** <hyperlinks>; external targets get relationship ids from `relFor`. */
export function hyperlinksXml(links: NonNullable<Sheet['hyperlinks']>, relFor: (target: string) => string): string {
  if (!links.length) return '';
  return `<hyperlinks>${links
    .map(
      (h) =>
        `<hyperlink ref="${h.ref}"${h.target ? ` r:id="${relFor(h.target)}"` : ''}${h.location ? ` location="${escapeXml(h.location)}"` : ''}${h.tooltip ? ` tooltip="${escapeXml(h.tooltip)}"` : ''}${h.display ? ` display="${escapeXml(h.display)}"` : ''}/>`,
    )
    .join('')}</hyperlinks>`;
}

export function autoFilterXml(af: NonNullable<Sheet['autoFilter']>): string {
  const cols = (af.filters ?? [])
    .map((f) => {
      if (f.custom !== undefined) return `<filterColumn colId="${f.column}">${f.custom}</filterColumn>`;
      return `<filterColumn colId="${f.column}"><filters${f.blank ? ' blank="1"' : ''}>${(f.values ?? []).map((v) => `<filter val="${escapeXml(v)}"/>`).join('')}</filters></filterColumn>`;
    })
    .join('');
  return cols ? `<autoFilter ref="${af.range}">${cols}</autoFilter>` : `<autoFilter ref="${af.range}"/>`;
}

/** printOptions, pageMargins, pageSetup, headerFooter, rowBreaks, colBreaks (in schema order). */
export function printXml(p: PrintSetup | undefined, fallbackLandscape: boolean): Record<string, string> {
  const out: Record<string, string> = {};
  const print = p ?? {};
  if (print.gridLines || print.headings || print.horizontalCentered || print.verticalCentered)
    out.printOptions = `<printOptions${print.horizontalCentered ? ' horizontalCentered="1"' : ''}${print.verticalCentered ? ' verticalCentered="1"' : ''}${print.headings ? ' headings="1"' : ''}${print.gridLines ? ' gridLines="1"' : ''}/>`;
  const m = print.margins ?? { left: 0.5, right: 0.5, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 };
  out.pageMargins = `<pageMargins left="${m.left}" right="${m.right}" top="${m.top}" bottom="${m.bottom}" header="${m.header}" footer="${m.footer}"/>`;
  const orientation = print.orientation ?? (fallbackLandscape ? 'landscape' : 'portrait');
  const fit = p ? print.fitToPage : true;
  out.pageSetup = `<pageSetup${print.paperSize ? ` paperSize="${print.paperSize}"` : ''}${print.scale ? ` scale="${print.scale}"` : ''}${fit ? ` fitToWidth="${print.fitToWidth ?? 1}" fitToHeight="${print.fitToHeight ?? 0}"` : ''} orientation="${orientation}"/>`;
  if (print.header || print.footer)
    out.headerFooter = `<headerFooter>${print.header ? `<oddHeader>${cellText(print.header)}</oddHeader>` : ''}${print.footer ? `<oddFooter>${cellText(print.footer)}</oddFooter>` : ''}</headerFooter>`;
  if (print.rowBreaks?.length) out.rowBreaks = `<rowBreaks count="${print.rowBreaks.length}" manualBreakCount="${print.rowBreaks.length}">${print.rowBreaks.map((r) => `<brk id="${r}" max="16383" man="1"/>`).join('')}</rowBreaks>`;
  if (print.colBreaks?.length) out.colBreaks = `<colBreaks count="${print.colBreaks.length}" manualBreakCount="${print.colBreaks.length}">${print.colBreaks.map((c) => `<brk id="${c}" max="1048575" man="1"/>`).join('')}</colBreaks>`;
  return out;
}

/** Element order of CT_Worksheet. */
export const WORKSHEET_ORDER = [
  'sheetPr', 'dimension', 'sheetViews', 'sheetFormatPr', 'cols', 'sheetData', 'sheetCalcPr', 'sheetProtection', 'protectedRanges', 'scenarios',
  'autoFilter', 'sortState', 'dataConsolidate', 'customSheetViews', 'mergeCells', 'phoneticPr', 'conditionalFormatting', 'dataValidations',
  'hyperlinks', 'printOptions', 'pageMargins', 'pageSetup', 'headerFooter', 'rowBreaks', 'colBreaks', 'customProperties', 'cellWatches',
  'ignoredErrors', 'smartTags', 'drawing', 'legacyDrawing', 'legacyDrawingHF', 'drawingHF', 'picture', 'oleObjects', 'controls',
  'webPublishItems', 'tableParts', 'extLst',
];

export function usedRange(cells: Record<string, unknown>): string {
  let minR = Infinity;
  let minC = Infinity;
  let maxR = 0;
  let maxC = 0;
  for (const a in cells) {
    const k = addressKey(a);
    const row = Math.floor(k / 16384);
    const col = k % 16384;
    if (row < minR) minR = row;
    if (col < minC) minC = col;
    if (row > maxR) maxR = row;
    if (col > maxC) maxC = col;
  }
  if (!maxR) return 'A1';
  const a = `${numberToColumn(minC)}${minR}`;
  const b = `${numberToColumn(maxC)}${maxR}`;
  return a === b ? a : `${a}:${b}`;
}
