// Counts of conversions this process has actually run (cache hits run none). Tests and the
// benchmark read them to prove that a cached export converts nothing; /api/metrics exports them as
// docsmith_export_conversions_total. The counts are process-wide (every bundle of the built app).
import { recordExportConversion, type Converter } from '../metrics/export-metrics';

const KEY = Symbol.for('docsmith.export-conversion-counts');
const counts = ((globalThis as unknown as Record<symbol, Record<'libreoffice' | 'inProcess' | 'rasterize', number> | undefined>)[KEY] ??= {
  libreoffice: 0,
  inProcess: 0,
  rasterize: 0,
});

export type ConversionKind = keyof typeof counts;

const CONVERTER: Record<ConversionKind, Converter> = { libreoffice: 'libreoffice', inProcess: 'in_process', rasterize: 'rasterize' };

export function countConversion(kind: ConversionKind): void {
  counts[kind]++;
  recordExportConversion(CONVERTER[kind]);
}

export function conversionCounts(): Readonly<typeof counts> & { total: number } {
  return { ...counts, total: counts.libreoffice + counts.inProcess + counts.rasterize };
}
