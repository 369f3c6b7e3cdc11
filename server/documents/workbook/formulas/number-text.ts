/**
 * A number as text the way Excel converts it implicitly (`=A1&""`, CONCATENATE, TEXTJOIN):
 * at most 15 significant digits, no thousands separators, scientific notation ("1.5E+20",
 * "1E-10") outside the range Excel writes in full.
 */
export function numberToText(v: number): string {
  if (!Number.isFinite(v)) return '#NUM!';
  if (v === 0) return '0';
  const abs = Math.abs(v);
  if (Number.isInteger(v) && abs < 1e15) return String(v);
  const p = Number(v.toPrecision(15));
  const exp = Math.floor(Math.log10(Math.abs(p)));
  if (exp >= 15 || exp < -9) {
    // d.ddddE+XX
    const [mant, e] = p.toExponential(14).split('e');
    const m = mant!.replace(/\.?0+$/, '');
    const n = Number(e);
    return `${m}E${n < 0 ? '-' : '+'}${String(Math.abs(n)).padStart(2, '0')}`;
  }
  // fixed notation without trailing zeros
  const digitsAfter = Math.max(0, 14 - exp);
  const fixed = p.toFixed(Math.min(100, digitsAfter));
  return fixed.includes('.') ? fixed.replace(/0+$/, '').replace(/\.$/, '') : fixed;
}
