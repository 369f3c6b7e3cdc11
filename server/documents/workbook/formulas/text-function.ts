/**
 * TEXT(value, format) around the underlying formatter (SheetJS SSF in fast-formula-parser):
 * - numeric text is formatted as a number, other text is kept (or put into an "@" section),
 *   logicals become TRUE / FALSE;
 * - numbers are rounded half away from zero to the format's decimals first (the formatter
 *   rounds -2.5 to "-2"; Excel shows "-3").
 */
import type { FfpArg } from 'fast-formula-parser';
import { parseNumericText } from './text-values';
import { roundTo } from './rounding';

/** Decimals a number format shows for this value, or undefined (dates, scientific, fractions). */
export function formatDecimals(format: string, value: number): number | undefined {
  const sections = format.split(';');
  const section = (value > 0 ? sections[0] : value < 0 ? (sections[1] ?? sections[0]) : (sections[2] ?? sections[0])) ?? '';
  const bare = section.replace(/"[^"]*"|\\.|\[[^\]]*\]|_.|\*./g, '');
  if (/[dmyhse/]/i.test(bare) || /General/i.test(section)) return undefined;
  const dot = bare.indexOf('.');
  let decimals = dot < 0 ? 0 : (bare.slice(dot + 1).match(/[0#?]/g)?.length ?? 0);
  decimals += 2 * (bare.match(/%/g)?.length ?? 0);
  // trailing commas after the digits scale by thousands
  const scale = /[0#?](,+)(?:[^0#?]|$)/.exec(bare);
  if (scale) decimals -= 3 * scale[1]!.length;
  return decimals;
}

export function textFunction(base: (...a: FfpArg[]) => unknown): (...a: FfpArg[]) => unknown {
  return (value, format, ...rest) => {
    const v = Array.isArray(value?.value) ? (value.value as unknown[][])[0]?.[0] : value?.value;
    const fmt = typeof format?.value === 'string' ? format.value : '';
    if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
    if (typeof v === 'string') {
      const n = parseNumericText(v);
      if (n !== undefined) return textFunction(base)({ ...value, value: n, isArray: false }, format, ...rest);
      const sections = fmt.split(';');
      const textSection = sections.length === 4 ? sections[3]! : fmt.includes('@') ? fmt : undefined;
      if (textSection === undefined) return v;
      return textSection.replace(/"([^"]*)"|\\(.)|@/g, (m, q: string | undefined, e: string | undefined) => (q !== undefined ? q : e !== undefined ? e : v));
    }
    if (typeof v === 'number') {
      const d = formatDecimals(fmt, v);
      if (d !== undefined) return base({ ...value, value: roundTo(v, d, 'half'), isArray: false }, format, ...rest);
    }
    return base(value, format, ...rest);
  };
}
