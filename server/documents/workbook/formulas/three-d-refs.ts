/**
 * The sheets a 3-D reference (`Jan:Mar!B2`, `'Q1 data:Q4 data'!B2:B5`) spans.
 */

/**
 * The sheets from `first` to `last` in workbook order (either end may come first), or undefined
 * when either sheet does not exist.
 */
export function sheetSpan(order: readonly string[], first: string, last: string): string[] | undefined {
  const lower = order.map((s) => s.toLowerCase());
  const a = lower.indexOf(first.trim().toLowerCase());
  const b = lower.indexOf(last.trim().toLowerCase());
  if (a < 0 || b < 0) return undefined;
  return order.slice(Math.min(a, b), Math.max(a, b) + 1);
}
