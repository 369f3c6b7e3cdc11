/**
 * Native Excel charts for exceljs output. exceljs cannot write charts, so after it has written the
 * package we add the DrawingML parts ourselves: xl/charts/chartN.xml, xl/drawings/drawingN.xml,
 * their relationships, a <drawing> element in the worksheet and the [Content_Types] overrides.
 * Series reference the sheet ranges (so Excel and LibreOffice recalculate them) and carry cached
 * values (so viewers that do not recalculate still draw them).
 */
import JSZip from 'jszip';
import { absoluteRef, parseRange, parseSheetRange, rangeAddresses, toAddress, type SheetRangeRef } from '../../../lib/workbook/cell-ref';
import type { Chart, Workbook } from './schema';
import type { EvalValue } from './evaluate-formulas';
import { PALETTE, escapeXml, hex6 } from '../common/xml';

const NS_C = 'http://schemas.openxmlformats.org/drawingml/2006/chart';
const NS_A = 'http://schemas.openxmlformats.org/drawingml/2006/main';
const NS_R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const NS_XDR = 'http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing';
const REL_DRAWING = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/drawing';
const REL_CHART = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart';
const CT_DRAWING = 'application/vnd.openxmlformats-officedocument.drawing+xml';
const CT_CHART = 'application/vnd.openxmlformats-officedocument.drawingml.chart+xml';

type Lookup = (sheet: string, address: string) => EvalValue;
/** The number format of a cell, if it has one. */
export type FormatLookup = (sheet: string, address: string) => string | undefined;

/** Number formats of the workbook's cells (sheet names case-insensitive). */
export function cellNumFmts(wb: Pick<Workbook, 'sheets'>): FormatLookup {
  const sheets = new Map(wb.sheets.map((s) => [s.name.toLowerCase(), s] as const));
  return (sheet, address) => sheets.get(sheet.toLowerCase())?.cells[address]?.numFmt;
}

interface ResolvedRef {
  ref: SheetRangeRef & { sheet: string };
  formula: string;
  values: EvalValue[];
  /** the number format of the range's first cell (source-linked labels and axes show it) */
  formatCode?: string;
}

function resolve(range: string, defaultSheet: string, lookup: Lookup, formatOf?: FormatLookup): ResolvedRef {
  const r = parseSheetRange(range);
  const sheet = r.sheet ?? defaultSheet;
  const values: EvalValue[] = [];
  for (const p of rangeAddresses(r)) values.push(lookup(sheet, toAddress(p)));
  const formatCode = formatOf?.(sheet, toAddress(r.from));
  return { ref: { ...r, sheet }, formula: absoluteRef(sheet, r), values, ...(formatCode ? { formatCode } : {}) };
}

function display(v: EvalValue): string {
  if (v === null) return '';
  if (typeof v === 'object') return v.error;
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  return String(v);
}

function strRef(r: ResolvedRef): string {
  const pts = r.values
    .map((v, i) => `<c:pt idx="${i}"><c:v>${escapeXml(display(v))}</c:v></c:pt>`)
    .join('');
  return `<c:strRef><c:f>${escapeXml(r.formula)}</c:f><c:strCache><c:ptCount val="${r.values.length}"/>${pts}</c:strCache></c:strRef>`;
}

function numRef(r: ResolvedRef): string {
  const pts = r.values
    .map((v, i) => (typeof v === 'number' ? `<c:pt idx="${i}"><c:v>${v}</c:v></c:pt>` : ''))
    .join('');
  return `<c:numRef><c:f>${escapeXml(r.formula)}</c:f><c:numCache><c:formatCode>${escapeXml(r.formatCode ?? 'General')}</c:formatCode><c:ptCount val="${r.values.length}"/>${pts}</c:numCache></c:numRef>`;
}

function richText(text: string, font: string, sizeHundredths: number, bold: boolean): string {
  return (
    `<c:tx><c:rich><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="${sizeHundredths}" b="${bold ? 1 : 0}">` +
    `<a:latin typeface="${escapeXml(font)}"/></a:defRPr></a:pPr><a:r><a:rPr lang="en-US" sz="${sizeHundredths}" b="${bold ? 1 : 0}">` +
    `<a:latin typeface="${escapeXml(font)}"/></a:rPr><a:t>${escapeXml(text)}</a:t></a:r></a:p></c:rich></c:tx>`
  );
}

function title(text: string, font: string, size = 1400): string {
  return `<c:title>${richText(text, font, size, true)}<c:overlay val="0"/></c:title>`;
}

function txPr(font: string, size = 900): string {
  return `<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="${size}"><a:latin typeface="${escapeXml(font)}"/></a:defRPr></a:pPr><a:endParaRPr lang="en-US"/></a:p></c:txPr>`;
}

function solidFill(color: string): string {
  return `<a:solidFill><a:srgbClr val="${color}"/></a:solidFill>`;
}

const GRID_LINE = `<c:majorGridlines><c:spPr><a:ln w="6350">${solidFill('D9D9D9')}</a:ln></c:spPr></c:majorGridlines>`;
const AXIS_LINE = `<c:spPr><a:ln w="6350">${solidFill('BFBFBF')}</a:ln></c:spPr>`;

/**
 * An axis or label number format: the one the chart sets (the cells' formats are then ignored),
 * else linked to the cells (`linked`: their format, for viewers that do not follow the link).
 */
function numFmtXml(formatCode: string | undefined, linked?: string): string {
  return formatCode ? `<c:numFmt formatCode="${escapeXml(formatCode)}" sourceLinked="0"/>` : `<c:numFmt formatCode="${escapeXml(linked ?? 'General')}" sourceLinked="1"/>`;
}

/** Value labels on every point of a series; `pos` where they sit (outside a bar's end, above a line point…). */
function dataLabelsXml(font: string, formatCode: string | undefined, pos: string): string {
  return (
    `<c:dLbls>${formatCode ? numFmtXml(formatCode) : ''}<c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr>${txPr(font, 900)}<c:dLblPos val="${pos}"/>` +
    `<c:showLegendKey val="0"/><c:showVal val="1"/><c:showCatName val="0"/><c:showSerName val="0"/><c:showPercent val="0"/><c:showBubbleSize val="0"/></c:dLbls>`
  );
}

function catAx(id: number, cross: number, pos: string, font: string, axisTitle?: string, formatCode?: string, hidden = false, linked?: string): string {
  return (
    `<c:catAx><c:axId val="${id}"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="${hidden ? 1 : 0}"/>` +
    `<c:axPos val="${pos}"/>${axisTitle ? title(axisTitle, font, 1000) : ''}${numFmtXml(formatCode, linked)}` +
    `<c:majorTickMark val="none"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>${AXIS_LINE}${txPr(font)}` +
    `<c:crossAx val="${cross}"/><c:crosses val="autoZero"/><c:auto val="1"/><c:lblAlgn val="ctr"/><c:lblOffset val="100"/><c:noMultiLvlLbl val="0"/></c:catAx>`
  );
}

function valAx(id: number, cross: number, pos: string, font: string, axisTitle: string | undefined, gridlines: boolean, between = 'between', formatCode?: string, crosses = 'autoZero', linked?: string): string {
  return (
    `<c:valAx><c:axId val="${id}"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/>` +
    `<c:axPos val="${pos}"/>${gridlines ? GRID_LINE : ''}${axisTitle ? title(axisTitle, font, 1000) : ''}` +
    `${numFmtXml(formatCode, linked)}<c:majorTickMark val="none"/><c:minorTickMark val="none"/>` +
    `<c:tickLblPos val="nextTo"/>${AXIS_LINE}${txPr(font)}<c:crossAx val="${cross}"/><c:crosses val="${crosses}"/>` +
    `<c:crossBetween val="${between}"/></c:valAx>`
  );
}

/** The chart part XML for one chart of the model. */
export function chartXml(chart: Chart, sheetName: string, lookup: Lookup, font: string, formatOf?: FormatLookup): string {
  const sharedCats = chart.categories ? resolve(chart.categories, sheetName, lookup, formatOf) : undefined;
  const series = chart.series.map((s, i) => {
    const values = resolve(s.values, sheetName, lookup, formatOf);
    const cats = s.categories ? resolve(s.categories, sheetName, lookup, formatOf) : sharedCats;
    const color = s.color ? hex6(s.color) : PALETTE[i % PALETTE.length]!;
    let tx = '';
    if (s.name !== undefined) {
      let nameRef: ResolvedRef | undefined;
      try {
        const r = parseSheetRange(s.name);
        if (r.from.row === r.to.row && r.from.col === r.to.col && (r.sheet !== undefined || /^\$?[A-Z]{1,3}\$?\d+$/.test(s.name))) {
          nameRef = resolve(s.name, sheetName, lookup);
        }
      } catch {
        nameRef = undefined;
      }
      tx = nameRef ? `<c:tx>${strRef(nameRef)}</c:tx>` : `<c:tx><c:v>${escapeXml(s.name)}</c:v></c:tx>`;
    }
    return { i, values, cats, color, tx };
  });

  const cat = (c: ResolvedRef | undefined) => {
    if (!c) return '';
    const numeric = c.values.every((v) => typeof v === 'number');
    return `<c:cat>${numeric ? numRef(c) : strRef(c)}</c:cat>`;
  };
  const head = (s: (typeof series)[number]) => `<c:idx val="${s.i}"/><c:order val="${s.i}"/>${s.tx}`;
  // labels show the value axis format; those of a series on the secondary axis keep their cells' format
  const labels = (pos: string, secondary = false) => (chart.dataLabels ? dataLabelsXml(font, secondary ? undefined : chart.yAxisNumFmt, pos) : '');
  let plot: string;
  const AX1 = 500000001;
  const AX2 = 500000002;

  // kinds without a writer of their own are drawn as their closest relative
  const similar: Partial<Record<Chart['type'], 'line' | 'pie' | 'scatter'>> = { area: 'line', doughnut: 'pie', radar: 'line', bubble: 'scatter' };
  const kind: Chart['type'] = similar[chart.type] ?? chart.type;
  switch (kind) {
    case 'bar':
    case 'column':
    case 'line': {
      // a combo: series drawn as lines over columns, and series on a second value axis at the right
      const isLine = (s: (typeof series)[number]) => kind === 'line' || (kind === 'column' && chart.series[s.i]!.line === true);
      const onSecond = series.some((s) => !chart.series[s.i]!.secondary) ? (s: (typeof series)[number]) => chart.series[s.i]!.secondary === true : () => false;
      const horizontal = chart.type === 'bar';
      const barSer = (s: (typeof series)[number]) =>
        `<c:ser>${head(s)}<c:spPr>${solidFill(s.color)}</c:spPr><c:invertIfNegative val="0"/>${labels(chart.stacked ? 'ctr' : 'outEnd', onSecond(s))}${cat(s.cats)}<c:val>${numRef(s.values)}</c:val></c:ser>`;
      const lineSer = (s: (typeof series)[number]) =>
        `<c:ser>${head(s)}<c:spPr><a:ln w="28575" cap="rnd">${solidFill(s.color)}<a:round/></a:ln></c:spPr>` +
        `<c:marker><c:symbol val="circle"/><c:size val="5"/><c:spPr>${solidFill(s.color)}</c:spPr></c:marker>` +
        `${labels('t', onSecond(s))}${cat(s.cats)}<c:val>${numRef(s.values)}</c:val><c:smooth val="0"/></c:ser>`;
      const group = (sers: typeof series, line: boolean, a1: number, a2: number): string => {
        if (!sers.length) return '';
        if (line) {
          return (
            `<c:lineChart><c:grouping val="${chart.stacked && kind === 'line' ? 'stacked' : 'standard'}"/><c:varyColors val="0"/>${sers.map(lineSer).join('')}` +
            `<c:marker val="1"/><c:axId val="${a1}"/><c:axId val="${a2}"/></c:lineChart>`
          );
        }
        return (
          `<c:barChart><c:barDir val="${horizontal ? 'bar' : 'col'}"/><c:grouping val="${chart.stacked ? 'stacked' : 'clustered'}"/>` +
          `<c:varyColors val="0"/>${sers.map(barSer).join('')}<c:gapWidth val="80"/>${chart.stacked ? '<c:overlap val="100"/>' : ''}` +
          `<c:axId val="${a1}"/><c:axId val="${a2}"/></c:barChart>`
        );
      };
      const first = series.filter((s) => !onSecond(s));
      const second = series.filter(onSecond);
      const AX3 = 500000003;
      const AX4 = 500000004;
      plot =
        group(first.filter((s) => !isLine(s)), false, AX1, AX2) +
        group(first.filter(isLine), true, AX1, AX2) +
        group(second.filter((s) => !isLine(s)), false, AX3, AX4) +
        group(second.filter(isLine), true, AX3, AX4) +
        catAx(AX1, AX2, horizontal ? 'l' : 'b', font, chart.xAxisTitle, chart.xAxisNumFmt, false, series[0]?.cats?.formatCode) +
        valAx(AX2, AX1, horizontal ? 'b' : 'l', font, chart.yAxisTitle, true, 'between', chart.yAxisNumFmt, 'autoZero', first[0]?.values.formatCode) +
        (second.length
          ? catAx(AX3, AX4, horizontal ? 'l' : 'b', font, undefined, undefined, true) + valAx(AX4, AX3, horizontal ? 't' : 'r', font, undefined, false, 'between', undefined, 'max', second[0]!.values.formatCode)
          : '');
      break;
    }
    case 'pie': {
      const sers = series
        .map((s) => {
          const dpts = s.values.values
            .map(
              (_, k) =>
                `<c:dPt><c:idx val="${k}"/><c:bubble3D val="0"/><c:spPr>${solidFill(PALETTE[k % PALETTE.length]!)}<a:ln w="12700">${solidFill('FFFFFF')}</a:ln></c:spPr></c:dPt>`,
            )
            .join('');
          return (
            `<c:ser>${head(s)}${dpts}<c:dLbls><c:numFmt formatCode="0%" sourceLinked="0"/><c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr>${txPr(font, 900)}` +
            `<c:showLegendKey val="0"/><c:showVal val="0"/><c:showCatName val="0"/><c:showSerName val="0"/><c:showPercent val="1"/><c:showBubbleSize val="0"/><c:showLeaderLines val="1"/></c:dLbls>` +
            `${cat(s.cats)}<c:val>${numRef(s.values)}</c:val></c:ser>`
          );
        })
        .join('');
      plot = `<c:pieChart><c:varyColors val="1"/>${sers}<c:firstSliceAng val="0"/></c:pieChart>`;
      break;
    }
    case 'scatter': {
      const sers = series
        .map(
          (s) =>
            `<c:ser>${head(s)}<c:spPr><a:ln w="19050"><a:noFill/></a:ln></c:spPr>` +
            `<c:marker><c:symbol val="circle"/><c:size val="6"/><c:spPr>${solidFill(s.color)}</c:spPr></c:marker>` +
            `${labels('t')}${s.cats ? `<c:xVal>${numRef(s.cats)}</c:xVal>` : ''}<c:yVal>${numRef(s.values)}</c:yVal><c:smooth val="0"/></c:ser>`,
        )
        .join('');
      plot =
        `<c:scatterChart><c:scatterStyle val="lineMarker"/><c:varyColors val="0"/>${sers}` +
        `<c:axId val="${AX1}"/><c:axId val="${AX2}"/></c:scatterChart>` +
        valAx(AX1, AX2, 'b', font, chart.xAxisTitle, false, 'midCat', chart.xAxisNumFmt, 'autoZero', series[0]?.cats?.formatCode) +
        valAx(AX2, AX1, 'l', font, chart.yAxisTitle, true, 'midCat', chart.yAxisNumFmt, 'autoZero', series[0]?.values.formatCode);
      break;
    }
    default:
      throw new Error(`no chart writer for "${chart.type}"`);
  }

  const legend =
    chart.legend === 'none'
      ? ''
      : `<c:legend><c:legendPos val="${{ right: 'r', bottom: 'b', top: 't', left: 'l' }[chart.legend]}"/><c:overlay val="0"/>${txPr(font)}</c:legend>`;
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n` +
    `<c:chartSpace xmlns:c="${NS_C}" xmlns:a="${NS_A}" xmlns:r="${NS_R}">` +
    `<c:roundedCorners val="0"/><c:chart>` +
    (chart.title ? title(chart.title, font) + '<c:autoTitleDeleted val="0"/>' : '<c:autoTitleDeleted val="1"/>') +
    `<c:plotArea><c:layout/>${plot}<c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr></c:plotArea>${legend}` +
    `<c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart>` +
    `<c:spPr>${solidFill('FFFFFF')}<a:ln w="9525">${solidFill('D9D9D9')}</a:ln></c:spPr>${txPr(font, 1000)}` +
    `</c:chartSpace>`
  );
}

/** The anchors of charts in a drawing part; `declare` puts the namespaces on each anchor (for appending to a drawing that may use other prefixes). */
function chartAnchorsXml(charts: Array<{ chart: Chart; relId: string; shapeId: number }>, declare = false): string {
  const ns = declare ? ` xmlns:xdr="${NS_XDR}" xmlns:a="${NS_A}" xmlns:r="${NS_R}"` : '';
  return charts
    .map(({ chart, relId, shapeId }) => {
      const r = parseRange(chart.anchor);
      return (
        `<xdr:twoCellAnchor${ns} editAs="oneCell">` +
        `<xdr:from><xdr:col>${r.from.col - 1}</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>${r.from.row - 1}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from>` +
        `<xdr:to><xdr:col>${r.to.col}</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>${r.to.row}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:to>` +
        `<xdr:graphicFrame macro=""><xdr:nvGraphicFramePr><xdr:cNvPr id="${shapeId}" name="${escapeXml(`Chart ${chart.id}`)}"/><xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr>` +
        `<xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm>` +
        `<a:graphic><a:graphicData uri="${NS_C}"><c:chart xmlns:c="${NS_C}" r:id="${relId}"/></a:graphicData></a:graphic>` +
        `</xdr:graphicFrame><xdr:clientData/></xdr:twoCellAnchor>`
      );
    })
    .join('');
}

function drawingXml(charts: Array<{ chart: Chart; relId: string; shapeId: number }>): string {
  const anchors = chartAnchorsXml(charts);
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<xdr:wsDr xmlns:xdr="${NS_XDR}" xmlns:a="${NS_A}" xmlns:r="${NS_R}">${anchors}</xdr:wsDr>`;
}

function relsXml(rels: Array<{ id: string; type: string; target: string }>): string {
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
    rels.map((r) => `<Relationship Id="${r.id}" Type="${r.type}" Target="${r.target}"/>`).join('') +
    `</Relationships>`
  );
}

/** Maps sheet names to their part paths by reading workbook.xml and its relationships. */
export async function sheetPaths(zip: JSZip): Promise<Map<string, string>> {
  const wbXml = await zip.file('xl/workbook.xml')!.async('string');
  const relXml = await zip.file('xl/_rels/workbook.xml.rels')!.async('string');
  const targets = new Map<string, string>();
  for (const m of relXml.matchAll(/<Relationship\b[^>]*>/g)) {
    const id = /\bId="([^"]+)"/.exec(m[0])?.[1];
    const target = /\bTarget="([^"]+)"/.exec(m[0])?.[1];
    if (id && target) targets.set(id, target.startsWith('/') ? target.slice(1) : `xl/${target}`);
  }
  const out = new Map<string, string>();
  for (const m of wbXml.matchAll(/<sheet\b[^>]*>/g)) {
    const name = /\bname="([^"]*)"/.exec(m[0])?.[1];
    const rid = /\br:id="([^"]+)"/.exec(m[0])?.[1];
    if (name !== undefined && rid && targets.has(rid)) out.set(unescapeXml(name), targets.get(rid)!);
  }
  return out;
}

export function unescapeXml(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCharCode(Number(d)))
    .replace(/&amp;/g, '&');
}

const AFTER_DRAWING = ['<legacyDrawing', '<legacyDrawingHF', '<drawingHF', '<picture', '<oleObjects', '<controls', '<webPublishItems', '<tableParts'];

/**
 * Where <drawing> goes in CT_Worksheet: before the elements that follow it in schema order.
 * Only the worksheet's own (last) <extLst> counts: conditional-format rules carry their own
 * nested <extLst> (data bars), and a <drawing> inside a rule would corrupt the file.
 */
export function drawingInsertPosition(xml: string): number {
  let at = -1;
  const consider = (i: number) => {
    if (i >= 0 && (at < 0 || i < at)) at = i;
  };
  const afterData = xml.indexOf('</sheetData>');
  for (const marker of AFTER_DRAWING) {
    const re = new RegExp(`${marker}[\\s>/]`, 'g');
    re.lastIndex = Math.max(0, afterData);
    const m = re.exec(xml);
    if (m) consider(m.index);
  }
  const ext = xml.lastIndexOf('<extLst');
  if (ext > afterData && /^<extLst>[\s\S]*<\/extLst>\s*<\/worksheet>\s*$/.test(xml.slice(ext)) && !xml.slice(ext).includes('</cfRule>')) {
    // the top-level extLst is the last element; a nested one would be followed by </cfRule>
    consider(ext);
  }
  consider(xml.lastIndexOf('</worksheet>'));
  return at;
}

/** The drawing part a worksheet points to with its <drawing r:id>, if any. */
async function drawingOfSheet(zip: JSZip, sheetPath: string): Promise<{ path: string; xml: string } | undefined> {
  const sheetXml = await zip.file(sheetPath)?.async('string');
  const rid = sheetXml ? /<(?:\w+:)?drawing\b[^>]*?\br:id="([^"]+)"/.exec(sheetXml)?.[1] : undefined;
  if (!rid) return undefined;
  const dir = sheetPath.slice(0, sheetPath.lastIndexOf('/'));
  const rels = await zip.file(`${dir}/_rels/${sheetPath.slice(sheetPath.lastIndexOf('/') + 1)}.rels`)?.async('string');
  const rel = rels ? [...rels.matchAll(/<(?:\w+:)?Relationship\b[^>]*>/g)].map((m) => m[0]).find((r) => r.includes(`Id="${rid}"`)) : undefined;
  const target = rel ? /\bTarget="([^"]+)"/.exec(rel)?.[1] : undefined;
  if (!target) return undefined;
  const parts = (target.startsWith('/') ? target.slice(1) : `${dir}/${target}`).split('/');
  const path: string[] = [];
  for (const p of parts) {
    if (p === '..') path.pop();
    else if (p && p !== '.') path.push(p);
  }
  const xml = await zip.file(path.join('/'))?.async('string');
  return xml ? { path: path.join('/'), xml } : undefined;
}

/** Adds the model's charts to an xlsx package. Returns the number of charts added. */
export async function addChartsToXlsx(zip: JSZip, wb: Workbook, lookup: Lookup, formatOf?: FormatLookup): Promise<number> {
  const withCharts = wb.sheets.filter((s) => s.charts.length > 0);
  if (!withCharts.length) return 0;
  const paths = await sheetPaths(zip);
  let ctXml = await zip.file('[Content_Types].xml')!.async('string');
  let chartNo = 0;
  let added = 0;
  let drawingNo = 0;
  const overrides: string[] = [];
  const font = wb.defaultFont.name;
  /** Writes a chart part under the first free name; returns its target relative to a drawing. */
  const addChartPart = (chart: Chart, sheetName: string): string => {
    while (zip.file(`xl/charts/chart${chartNo + 1}.xml`)) chartNo++;
    chartNo++;
    added++;
    const chartPath = `xl/charts/chart${chartNo}.xml`;
    zip.file(chartPath, chartXml(chart, sheetName, lookup, font, formatOf));
    overrides.push(`<Override PartName="/${chartPath}" ContentType="${CT_CHART}"/>`);
    return `../charts/chart${chartNo}.xml`;
  };
  for (const sheet of withCharts) {
    const sheetPath = paths.get(sheet.name);
    if (!sheetPath) throw new Error(`sheet part for "${sheet.name}" not found`);
    const existingDrawing = await drawingOfSheet(zip, sheetPath);
    if (existingDrawing) {
      // the sheet has a drawing (pictures, shapes, charts): the new charts join it
      const { path: drawingPath, xml: drawingText } = existingDrawing;
      const dRelsPath = `${drawingPath.slice(0, drawingPath.lastIndexOf('/'))}/_rels/${drawingPath.slice(drawingPath.lastIndexOf('/') + 1)}.rels`;
      let dRels = (await zip.file(dRelsPath)?.async('string')) ?? relsXml([]);
      let shapeId = Math.max(1, ...[...drawingText.matchAll(/<(?:\w+:)?cNvPr\b[^>]*?\bid="(\d+)"/g)].map((m) => Number(m[1])));
      const entries: Array<{ chart: Chart; relId: string; shapeId: number }> = [];
      for (const chart of sheet.charts) {
        const target = addChartPart(chart, sheet.name);
        let k = entries.length + 1;
        while (dRels.includes(`Id="rIdDsChart${k}"`)) k++;
        const relId = `rIdDsChart${k}`;
        dRels = dRels.replace(/<\/(\w+:)?Relationships>\s*$/, `<Relationship Id="${relId}" Type="${REL_CHART}" Target="${target}"/>$&`);
        entries.push({ chart, relId, shapeId: ++shapeId });
      }
      zip.file(dRelsPath, dRels);
      zip.file(drawingPath, drawingText.replace(/<\/((?:\w+:)?wsDr)>\s*$/, `${chartAnchorsXml(entries, true)}$&`));
      continue;
    }
    while (zip.file(`xl/drawings/drawing${drawingNo + 1}.xml`)) drawingNo++;
    drawingNo++;
    const drawingPath = `xl/drawings/drawing${drawingNo}.xml`;
    const entries: Array<{ chart: Chart; relId: string; shapeId: number }> = [];
    const drawingRels: Array<{ id: string; type: string; target: string }> = [];
    sheet.charts.forEach((chart, k) => {
      const relId = `rId${k + 1}`;
      drawingRels.push({ id: relId, type: REL_CHART, target: addChartPart(chart, sheet.name) });
      entries.push({ chart, relId, shapeId: k + 2 });
    });
    zip.file(drawingPath, drawingXml(entries));
    zip.file(`xl/drawings/_rels/drawing${drawingNo}.xml.rels`, relsXml(drawingRels));
    overrides.push(`<Override PartName="/${drawingPath}" ContentType="${CT_DRAWING}"/>`);

    // sheet relationships
    const dir = sheetPath.slice(0, sheetPath.lastIndexOf('/'));
    const base = sheetPath.slice(sheetPath.lastIndexOf('/') + 1);
    const sheetRelsPath = `${dir}/_rels/${base}.rels`;
    const relId = 'rIdDsDrawing1';
    const relEntry = `<Relationship Id="${relId}" Type="${REL_DRAWING}" Target="../drawings/drawing${drawingNo}.xml"/>`;
    const existing = zip.file(sheetRelsPath);
    if (existing) {
      const xml = await existing.async('string');
      zip.file(sheetRelsPath, xml.replace('</Relationships>', `${relEntry}</Relationships>`));
    } else {
      zip.file(sheetRelsPath, relsXml([{ id: relId, type: REL_DRAWING, target: `../drawings/drawing${drawingNo}.xml` }]));
    }

    // <drawing r:id> in the worksheet, in schema order
    let sheetXml = await zip.file(sheetPath)!.async('string');
    if (/<drawing\b/.test(sheetXml)) throw new Error(`sheet "${sheet.name}" already has a drawing`);
    const tag = `<drawing r:id="${relId}"/>`;
    const at = drawingInsertPosition(sheetXml);
    sheetXml = sheetXml.slice(0, at) + tag + sheetXml.slice(at);
    if (!/xmlns:r=/.test(sheetXml.slice(0, sheetXml.indexOf('>', sheetXml.indexOf('<worksheet'))))) {
      sheetXml = sheetXml.replace('<worksheet ', `<worksheet xmlns:r="${NS_R}" `);
    }
    zip.file(sheetPath, sheetXml);
  }
  ctXml = ctXml.replace('</Types>', `${overrides.join('')}</Types>`);
  zip.file('[Content_Types].xml', ctXml);
  return added;
}
