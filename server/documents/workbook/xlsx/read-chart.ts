/** A DrawingML chart part → the model's chart (type, title, series references, axes, legend). */
import { XMLParser } from 'fast-xml-parser';
import { PALETTE, textValue } from '../../common/xml';
import { quoteSheetName } from '../../../../lib/workbook/cell-ref';
import type { Chart } from '../schema';

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', removeNSPrefix: true, isArray: (name) => ['ser', 'pt', 'twoCellAnchor', 'oneCellAnchor', 'Relationship', 'p', 'r', 'valAx', 'catAx', 'dateAx'].includes(name) });

type X = Record<string, unknown> & { [k: string]: unknown };
const get = (o: unknown, ...path: string[]): unknown => path.reduce<unknown>((acc, k) => (acc && typeof acc === 'object' ? (acc as X)[k] : undefined), o);

function richTextOf(tx: unknown): string | undefined {
  const ps = get(tx, 'rich', 'p') as unknown[] | undefined;
  if (!ps) return undefined;
  return ps
    .map((p) => ((get(p, 'r') as unknown[] | undefined) ?? []).map((r) => textValue(get(r, 't'))).join(''))
    .join('\n');
}

/** "'Data'!$A$2:$A$5" → "Data!A2:A5" (quotes only where the sheet name needs them). */
function stripSheet(ref: string): string {
  const r = ref.replace(/\$/g, '').replace(/^\((.*)\)$/, '$1');
  const bang = r.lastIndexOf('!');
  if (bang < 0 || !r.startsWith("'")) return r;
  const name = r.slice(1, bang - 1).replace(/''/g, "'");
  return `${quoteSheetName(name)}${r.slice(bang)}`;
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
    ['doughnutChart', 'doughnut'],
    ['areaChart', 'area'],
    ['area3DChart', 'area'],
    ['radarChart', 'radar'],
    ['bubbleChart', 'bubble'],
    ['scatterChart', 'scatter'],
  ];
  const present = kinds.filter(([k]) => plot[k] !== undefined);
  const found = present[0];
  if (!found) return undefined;
  const node = plot[found[0]] as X;
  let type = found[1];
  if (type === 'column' && get(node, 'barDir', '@val') === 'bar') type = 'bar';
  // lines drawn over columns: a column chart whose line series say so, whichever group comes first
  const bars = ([] as unknown[]).concat(plot.barChart ?? [])[0];
  if (type === 'line' && bars !== undefined && get(bars, 'barDir', '@val') !== 'bar') type = 'column';
  const grouping = get(node, 'grouping', '@val');
  // each series with its plot group: the group's kind, its value axis, and its own data labels
  const valAxes = (Array.isArray(plot.valAx) ? plot.valAx : plot.valAx ? [plot.valAx] : []) as X[];
  const axisOf = (group: X): X | undefined => {
    const ids = ([] as unknown[]).concat(group.axId ?? []).map((a) => String(get(a, '@val')));
    return valAxes.find((a) => ids.includes(String(get(a, 'axId', '@val'))));
  };
  const onRight = (ax: X | undefined) => !!ax && (['r', 't'].includes(String(get(ax, 'axPos', '@val'))) || get(ax, 'crosses', '@val') === 'max');
  const sers = present.flatMap(([k]) => {
    const n = plot[k] as X | X[];
    return (Array.isArray(n) ? n : [n]).flatMap((x) => ((x.ser as X[] | undefined) ?? []).filter(Boolean).map((s) => ({ s, k, group: x, right: onRight(axisOf(x)) })));
  });
  const twoAxes = sers.some((x) => x.right) && sers.some((x) => !x.right);
  const showsValues = (n: unknown) => String(get(n, 'dLbls', 'showVal', '@val')) === '1';
  // a series' own labels settings, else its group's
  const dataLabels = sers.length > 0 && sers.every((x) => (get(x.s, 'dLbls') !== undefined ? showsValues(x.s) : showsValues(x.group)));
  const series: Chart['series'] = [];
  let categories: string | undefined;
  for (const { s, k, right } of sers) {
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
    if (type === 'column' && k.startsWith('line')) entry.line = true;
    if (twoAxes && right && ['column', 'bar', 'line'].includes(type)) entry.secondary = true;
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
  const axisFmt = (ax: string): string | undefined => {
    const axes = plot[ax];
    const list = (Array.isArray(axes) ? axes : axes ? [axes] : []) as X[];
    for (const a of list) {
      const nf = get(a, 'numFmt') as X | undefined;
      const code = nf?.['@formatCode'];
      if (typeof code === 'string' && code && code !== 'General' && String(nf?.['@sourceLinked']) !== '1') return code;
    }
    return undefined;
  };
  const dateAxis = plot.dateAx !== undefined;
  const xAxisNumFmt = type === 'scatter' || type === 'bubble' ? undefined : axisFmt(dateAxis ? 'dateAx' : 'catAx');
  const yAxisNumFmt = axisFmt('valAx');
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
    ...(xAxisNumFmt ? { xAxisNumFmt } : {}),
    ...(yAxisNumFmt ? { yAxisNumFmt } : {}),
    ...(dateAxis ? { dateAxis: true } : {}),
    ...(dataLabels && type !== 'pie' && type !== 'doughnut' ? { dataLabels: true } : {}),
    ...(present.length > 1 ? { combo: present.map(([k]) => k) } : {}),
  };
}

