/**
 * Implicit intersection, as Excel (before dynamic arrays) and LibreOffice apply it to ordinary
 * (non-array) formulas: a multi-cell range used as an operand of an operator (`B2:B9*2`,
 * `C2:C9>5`, `=Sheet!A1:A9`) stands for the one cell of the range in the formula's own row (or
 * column, for a single-row range); no such cell → #VALUE!. Inside functions whose arguments are
 * evaluated as arrays (SUMPRODUCT, INDEX, LOOKUP, MMULT, …) and in array formulas, ranges stay
 * whole.
 *
 * The formula text (already rewritten to A1 references) gets such ranges wrapped in
 * `_XLII(...)`, a context function that returns the intersected cell.
 */
import FormulaParser from 'fast-formula-parser';
import { SCALAR_FUNCTIONS } from './array-lift';

const { FormulaError } = FormulaParser;

export const INTERSECT_FN = '_XLII';

/** Functions whose arguments Excel evaluates in array mode even in an ordinary formula. */
const ARRAY_FUNCTIONS = new Set([
  'SUMPRODUCT', 'INDEX', 'LOOKUP', 'MMULT', 'MDETERM', 'MINVERSE', 'TRANSPOSE', 'FREQUENCY', 'LINEST', 'LOGEST', 'TREND',
  'GROWTH', 'SUMX2MY2', 'SUMX2PY2', 'SUMXMY2', 'AGGREGATE', 'TTEST', 'CHITEST', 'FTEST', 'CORREL', 'PEARSON', 'RSQ',
  'SLOPE', 'INTERCEPT', 'STEYX', 'COVAR', 'FORECAST', 'PROB', 'SERIESSUM', 'FILTER', 'SORT', 'SORTBY', 'UNIQUE',
  'XLOOKUP', 'XMATCH', 'TEXTJOIN', 'CONCAT', 'MATCH', 'VLOOKUP', 'HLOOKUP',
]);

const RANGE_RE =
  /(?:(?:'(?:[^']|'')+'|[A-Za-z_][\w.]*)!)?(?:\$?[A-Za-z]{1,3}\$?\d+:\$?[A-Za-z]{1,3}\$?\d+|\$?[A-Za-z]{1,3}:\$?[A-Za-z]{1,3}|\$?\d+:\$?\d+)(?![\w.(!])/y;
const OPERATOR = new Set(['+', '-', '*', '/', '^', '&', '=', '<', '>', '%']);
const RANGE_CORE = String.raw`(?:\$?[A-Za-z]{1,3}\$?\d+:\$?[A-Za-z]{1,3}\$?\d+|\$?[A-Za-z]{1,3}:\$?[A-Za-z]{1,3}|\$?\d+:\$?\d+)`;
/** a range right before or after an operator (a quick test before the exact scan) */
const RANGE_BY_OPERATOR_RE = new RegExp(String.raw`[-+*/^&=<>]\s*(?:(?:'(?:[^']|'')+'|[A-Za-z_][\w.]*)!)?${RANGE_CORE}|${RANGE_CORE}\s*[-+*/^&=<>%]`);
const SCALAR = new Set(SCALAR_FUNCTIONS);
const SCALAR_CALL_RE = new RegExp(`(?:^|[^\\w.])(?:${SCALAR_FUNCTIONS.join('|')})\\(`, 'i');
/** functions that may return a reference: as the whole formula, a multi-cell result is intersected */
const REF_RESULT_RE = /^(?:INDEX|OFFSET|INDIRECT|CHOOSE|IF)\(/i;
/** these return a reference only when given one (a range in the formula) */
const PASS_THROUGH_RE = /^(?:CHOOSE|IF)\(/i;

const isSpace = (c: string | undefined) => c === ' ' || c === '\n' || c === '\r';

/** Wraps ranges that an ordinary formula intersects in _XLII(); unchanged when there are none. */
export function markImplicitIntersections(f: string): string {
  if (!f.includes(':')) return wrapReferenceResult(f);
  // ranges only as function arguments (SUM(B2:H2)): nothing to intersect
  if (f.includes('(') && !RANGE_BY_OPERATOR_RE.test(f) && !SCALAR_CALL_RE.test(f)) return wrapReferenceResult(f);
  const stack: string[] = [];
  let out = '';
  let copied = 0;
  let i = 0;
  const n = f.length;
  let prevWordEnd = -1;
  while (i < n) {
    const c = f[i]!;
    if (c === '"') {
      let j = i + 1;
      while (j < n) {
        if (f[j] === '"') {
          if (f[j + 1] === '"') j += 2;
          else break;
        } else j++;
      }
      i = j + 1;
      continue;
    }
    if (c === '{') {
      while (i < n && f[i] !== '}') i++;
      i++;
      continue;
    }
    if (c === '(') {
      stack.push('');
      i++;
      continue;
    }
    if (c === ')') {
      stack.pop();
      i++;
      continue;
    }
    const starts = c === '$' || c === "'" || /[A-Za-z_\d]/.test(c);
    if (starts && i !== prevWordEnd) {
      const before = f[i - 1];
      const boundary = i === 0 || !/[\w.$'!:]/.test(before!);
      if (boundary) {
        RANGE_RE.lastIndex = i;
        const m = RANGE_RE.exec(f);
        if (m) {
          const end = i + m[0].length;
          if (needsIntersection(f, i, end, stack)) {
            out += `${f.slice(copied, i)}${INTERSECT_FN}(${m[0]})`;
            copied = end;
          }
          i = end;
          continue;
        }
        if (c === "'") {
          // a quoted sheet name before a single cell: skip it whole
          let j = i + 1;
          while (j < n && !(f[j] === "'" && f[j + 1] !== "'")) j += f[j] === "'" ? 2 : 1;
          i = j + 1;
          continue;
        }
        // a function name: remember it for the argument context
        const fm = /^[A-Za-z_][\w.]*\(/.exec(f.slice(i, i + 64));
        if (fm) {
          stack.push(fm[0].slice(0, -1).toUpperCase());
          i += fm[0].length;
          continue;
        }
      }
      let j = i + 1;
      while (j < n && /[\w.$]/.test(f[j]!)) j++;
      prevWordEnd = j;
      i = j;
      continue;
    }
    i++;
  }
  return wrapReferenceResult(copied === 0 ? f : out + f.slice(copied));
}

/** INDEX(…) / OFFSET(…) / INDIRECT(…) / CHOOSE(…) / IF(…) as the whole formula → _XLII(…). */
function wrapReferenceResult(f: string): string {
  if (!REF_RESULT_RE.test(f) || !f.endsWith(')')) return f;
  if (PASS_THROUGH_RE.test(f) && !f.includes(':')) return f;
  // the first "(" must close at the very end
  let depth = 0;
  for (let i = 0; i < f.length; i++) {
    const c = f[i];
    if (c === '"') {
      i++;
      while (i < f.length && !(f[i] === '"' && f[i + 1] !== '"')) i += f[i] === '"' ? 2 : 1;
      continue;
    }
    if (c === "'") {
      i++;
      while (i < f.length && !(f[i] === "'" && f[i + 1] !== "'")) i += f[i] === "'" ? 2 : 1;
      continue;
    }
    if (c === '(') depth++;
    else if (c === ')' && --depth === 0 && i !== f.length - 1) return f;
  }
  return `${INTERSECT_FN}(${f})`;
}

function needsIntersection(f: string, start: number, end: number, stack: string[]): boolean {
  if (stack.some((fn) => ARRAY_FUNCTIONS.has(fn))) return false;
  let p = start - 1;
  while (p >= 0 && isSpace(f[p])) p--;
  let q = end;
  while (q < f.length && isSpace(f[q])) q++;
  const prev = p >= 0 ? f[p]! : '';
  const next = q < f.length ? f[q]! : '';
  if (prev === '' && next === '') return true; // the whole formula is the range
  if (OPERATOR.has(prev) || OPERATOR.has(next)) return true;
  // a direct argument of a function of single values (LEN(A1:A9) in an ordinary formula)
  const top = stack[stack.length - 1];
  return !!top && SCALAR.has(top) && (prev === '(' || prev === ',') && (next === ')' || next === ',');
}

interface RawRef {
  ref?: { sheet?: string; row?: number; col?: number; from?: { row: number; col: number }; to?: { row: number; col: number } };
}

/** The _XLII context function: the cell of a range in the formula's row or column. */
export function intersectionFunction(context: unknown, arg: unknown): unknown {
  const pos = (context as { position: { row: number; col: number; sheet: string } }).position;
  const r = (arg as RawRef | null)?.ref;
  if (!r || !r.from || !r.to) return arg;
  const { from, to } = r;
  const sheet = r.sheet ?? pos.sheet;
  if (from.row === to.row && from.col === to.col) return { ref: { sheet, row: from.row, col: from.col } };
  let row: number;
  let col: number;
  if (from.col === to.col) {
    col = from.col;
    row = pos.row;
  } else if (from.row === to.row) {
    row = from.row;
    col = pos.col;
  } else {
    row = pos.row;
    col = pos.col;
  }
  if (row < from.row || row > to.row || col < from.col || col > to.col) throw FormulaError.VALUE;
  return { ref: { sheet, row, col } };
}
