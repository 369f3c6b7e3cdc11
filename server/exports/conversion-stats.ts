// Counts of conversions this process has actually run (cache hits run none). Tests and the
// benchmark read them to prove that a cached export converts nothing.

const counts = { libreoffice: 0, inProcess: 0, rasterize: 0 };

export type ConversionKind = keyof typeof counts;

export function countConversion(kind: ConversionKind): void {
  counts[kind]++;
}

export function conversionCounts(): Readonly<typeof counts> & { total: number } {
  return { ...counts, total: counts.libreoffice + counts.inProcess + counts.rasterize };
}
