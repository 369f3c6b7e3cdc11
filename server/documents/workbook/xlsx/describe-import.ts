/**
 * One line saying what an imported workbook holds and which parts of the file the model only
 * carries (kept exactly as they are, not editable here): what the agent is told about an upload,
 * and what a summary says instead of a bare "Imported".
 */
import type { Workbook } from '../schema';
import type { XlsxPackage } from './package';

const CARRIED: Array<[RegExp, string]> = [
  [/pivotTable/i, 'pivot table'],
  [/pivotCacheDefinition/i, 'pivot cache'],
  [/slicer/i, 'slicer'],
  [/timeline/i, 'timeline'],
  [/externalLink/i, 'external link'],
  [/vbaProject/i, 'VBA macro project'],
  [/ctrlProp/i, 'form control'],
  [/customXml\/item\d*\.xml$/i, 'custom XML part'],
  [/query(Table)?\d*\.xml$/i, 'query table'],
  [/connections\.xml$/i, 'data connection'],
  [/threadedComment/i, 'threaded comment part'],
];

/** Counts of the parts the model does not describe (kept byte for byte when the file is rendered). */
export function carriedParts(pkg: XlsxPackage): Record<string, number> {
  const out: Record<string, number> = {};
  for (const name of pkg.names()) {
    if (name.includes('/_rels/')) continue;
    for (const [re, label] of CARRIED) {
      if (!re.test(name)) continue;
      out[label] = (out[label] ?? 0) + 1;
      break;
    }
  }
  return out;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export function describeImport(wb: Workbook, carried: Record<string, number>, sparklineSheets: number): string {
  const sheets = wb.sheets;
  const hidden = sheets.filter((s) => s.state).length;
  const chartsheets = sheets.filter((s) => s.kind === 'chartsheet').length;
  const count = (f: (s: Workbook['sheets'][number]) => number) => sheets.reduce((n, s) => n + f(s), 0);
  const parts = [
    `${plural(sheets.length, 'sheet')}${hidden ? ` (${hidden} hidden)` : ''}${chartsheets ? ` incl. ${plural(chartsheets, 'chart sheet')}` : ''}`,
    `${count((s) => Object.keys(s.cells).length).toLocaleString('en-US')} cells`,
    ...[
      [count((s) => Object.values(s.cells).filter((c) => c.formula).length), 'formula'],
      [wb.definedNames?.length ?? 0, 'defined name'],
      [count((s) => s.tables.length), 'table'],
      [count((s) => s.charts.length), 'chart'],
      [count((s) => s.conditionalFormats.length), 'conditional format'],
      [count((s) => s.dataValidations?.length ?? 0), 'validation'],
      [count((s) => s.comments?.length ?? 0), 'comment'],
      [count((s) => s.images?.length ?? 0), 'image'],
    ]
      .filter(([n]) => (n as number) > 0)
      .map(([n, w]) => plural(n as number, w as string)),
  ];
  const kept = Object.entries(carried).map(([label, n]) => plural(n, label));
  if (sparklineSheets) kept.push(`sparklines on ${plural(sparklineSheets, 'sheet')}`);
  if (wb.date1904) parts.push('1904 date system');
  return `${parts.join(', ')}${kept.length ? `; kept exactly as in the file (not editable here): ${kept.join(', ')}` : ''}`;
}
