import type { EvalValue } from '../evaluate-formulas';

/** Rough display width (characters) of a value, used to size columns that have no width. */
export function displayLength(v: EvalValue | undefined, numFmt: string | undefined, fontSize: number, bold: boolean): number {
  let len: number;
  if (v === null || v === undefined) return 0;
  if (typeof v === 'number') {
    if (numFmt && /[dmy]{2}/i.test(numFmt) && !/[#0]/.test(numFmt)) len = Math.max(10, numFmt.length);
    else {
      const abs = Math.abs(v);
      const digits = abs >= 1 ? Math.floor(Math.log10(abs)) + 1 : 1;
      const decimals = numFmt ? (/\.(0+)/.exec(numFmt)?.[1]?.length ?? 0) : Number.isInteger(v) ? 0 : Math.min(6, String(v).split('.')[1]?.length ?? 0);
      const grouping = numFmt?.includes(',') ? Math.floor((digits - 1) / 3) : 0;
      const extras = (numFmt?.match(/[$€£%]/g)?.length ?? 0) + (v < 0 ? 1 : 0);
      len = digits + (decimals ? decimals + 1 : 0) + grouping + extras;
    }
  } else if (typeof v === 'object') len = v.error.length;
  else len = String(v).split('\n').reduce((m, l) => Math.max(m, l.length), 0);
  return len * (fontSize / 11) * (bold ? 1.1 : 1);
}

