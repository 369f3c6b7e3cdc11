/** Rewriting the references of a formula token by token, and writing areas back as A1 text. */
import { numberToColumn } from '../../../../lib/workbook/cell-ref';
import { currentArea, scanFormula, type RefArea, type Token } from './formula-tokens';

const colCache: string[] = [];
/** Column letters, cached (hot path of large sheets). */
export function colLetters(col: number): string {
  return (colCache[col] ??= numberToColumn(col));
}

/** The A1 text of an area, keeping its "$" flags: "$A$1", "A1:B5", "A:C", "$3:$4". */
export function areaText(a: RefArea): string {
  const col = (c: number, abs: boolean) => (abs ? '$' : '') + colLetters(c);
  const row = (r: number, abs: boolean) => (abs ? '$' : '') + String(r);
  switch (a.kind) {
    case 'cell':
      return col(a.c1, a.absC1) + row(a.r1, a.absR1);
    case 'range':
      return `${col(a.c1, a.absC1)}${row(a.r1, a.absR1)}:${col(a.c2, a.absC2)}${row(a.r2, a.absR2)}`;
    case 'rows':
      return `${row(a.r1, a.absR1)}:${row(a.r2, a.absR2)}`;
    case 'cols':
      return `${col(a.c1, a.absC1)}:${col(a.c2, a.absC2)}`;
  }
}

/**
 * Calls `fn` for every token that carries a reference or a sheet prefix (refs, prefixed names and
 * errors) and rebuilds the formula from the replacement texts. Returns the formula itself (the same
 * string) when nothing was replaced.
 */
export function mapFormulaTokens(formula: string, fn: (t: Token) => string | undefined): string {
  let out: string | undefined;
  let copied = 0;
  scanFormula(formula, (kind, start, end, prefix) => {
    if (kind !== 'ref' && !prefix) return;
    const text = formula.slice(start, end);
    const t: Token = { kind, text, start };
    if (prefix) t.prefix = prefix;
    if (kind === 'ref') t.area = { ...currentArea };
    const r = fn(t);
    if (r === undefined || r === text) return;
    out = (out ?? '') + formula.slice(copied, start) + r;
    copied = end;
  });
  return out === undefined ? formula : out + formula.slice(copied);
}

/** Result of rewriting one formula. */
export interface FormulaRewrite {
  formula: string;
  /** references that became #REF! */
  refErrors: number;
  /** 3-D references that span the edited sheet and were left as they are */
  skipped3d: number;
}
