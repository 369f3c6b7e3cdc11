/**
 * Moves a formula's relative references by (rows, cols), as Excel does when it fills a formula:
 * how the cells of a shared formula (`<f t="shared" si=…/>`) get their own text. String literals,
 * quoted sheet names and structured references ([…]) are left alone; function names such as
 * LOG10( and defined names such as Q1_2024 are never taken for cell references.
 */
import { columnToNumber, numberToColumn } from '../cell-ref';

const REF = /(\$?)([A-Za-z]{1,3})(\$?)(\d{1,7})/y;
const WHOLE_COL = /(\$?)([A-Za-z]{1,3}):(\$?)([A-Za-z]{1,3})(?![\w(])/y;
const WHOLE_ROW = /(\$?)(\d{1,7}):(\$?)(\d{1,7})(?![\w(.])/y;

function isNameChar(c: string | undefined): boolean {
  return c !== undefined && /[\w.\\?]/.test(c);
}

export function translateFormula(formula: string, dRow: number, dCol: number): string {
  if (dRow === 0 && dCol === 0) return formula;
  let out = '';
  let i = 0;
  const n = formula.length;
  const shiftCol = (abs: string, col: string) => {
    if (abs) return `${abs}${col}`;
    const c = columnToNumber(col.toUpperCase()) + dCol;
    return c < 1 || c > 16384 ? '#REF!' : numberToColumn(c);
  };
  const shiftRow = (abs: string, row: string) => {
    if (abs) return `${abs}${row}`;
    const r = Number(row) + dRow;
    return r < 1 || r > 1_048_576 ? '#REF!' : String(r);
  };
  while (i < n) {
    const ch = formula[i]!;
    if (ch === '"') {
      const end = formula.indexOf('"', i + 1);
      let j = end < 0 ? n : end + 1;
      while (j < n && formula[j] === '"') {
        const next = formula.indexOf('"', j + 1);
        j = next < 0 ? n : next + 1;
      }
      out += formula.slice(i, j);
      i = j;
      continue;
    }
    if (ch === "'") {
      let j = i + 1;
      while (j < n) {
        if (formula[j] === "'" && formula[j + 1] === "'") j += 2;
        else if (formula[j] === "'") break;
        else j++;
      }
      out += formula.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    if (ch === '[') {
      let depth = 0;
      let j = i;
      for (; j < n; j++) {
        if (formula[j] === "'" ) {
          j++;
          continue;
        }
        if (formula[j] === '[') depth++;
        else if (formula[j] === ']' && --depth === 0) break;
      }
      out += formula.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    const prev = out[out.length - 1];
    if (!isNameChar(prev)) {
      WHOLE_COL.lastIndex = i;
      let m = WHOLE_COL.exec(formula);
      if (m && !isNameChar(formula[WHOLE_COL.lastIndex])) {
        out += `${shiftCol(m[1]!, m[2]!)}:${shiftCol(m[3]!, m[4]!)}`;
        i = WHOLE_COL.lastIndex;
        continue;
      }
      WHOLE_ROW.lastIndex = i;
      m = WHOLE_ROW.exec(formula);
      if (m) {
        out += `${shiftRow(m[1]!, m[2]!)}:${shiftRow(m[3]!, m[4]!)}`;
        i = WHOLE_ROW.lastIndex;
        continue;
      }
      REF.lastIndex = i;
      m = REF.exec(formula);
      if (m) {
        const after = formula[REF.lastIndex];
        if (!isNameChar(after) && after !== '(' && after !== '!' && columnToNumber(m[2]!.toUpperCase()) <= 16384) {
          const col = shiftCol(m[1]!, m[2]!.toUpperCase());
          const row = shiftRow(m[3]!, m[4]!);
          out += col === '#REF!' || row === '#REF!' ? '#REF!' : `${col}${row}`;
          i = REF.lastIndex;
          continue;
        }
      }
      // a name or function: copy the whole word
      const word = /[A-Za-z_\\][\w.\\?]*/y;
      word.lastIndex = i;
      const w = word.exec(formula);
      if (w) {
        out += w[0];
        i = word.lastIndex;
        continue;
      }
    }
    out += ch;
    i++;
  }
  return out;
}
