/**
 * A formula as the .xlsx file must store it (the model keeps what people type):
 * - functions added after Excel 2007 get their "_xlfn." prefix (FILTER and SORT "_xlfn._xlws."),
 *   or Excel and LibreOffice show #NAME? until the formula is re-entered;
 * - LET / LAMBDA parameters get "_xlpm.";
 * - `Table1[@Amount]` / `Table1[@[Unit Price]]` become `Table1[[#This Row],[Amount]]` (the "@"
 *   form exists only in Excel's formula bar), and `[@Amount]` / `[Amount]` without a table name
 *   are qualified with the table the cell is in, when the caller says which.
 * String literals are left untouched; prefixes already present are not doubled.
 */
import { matchBracket } from './rewrite-formula';

const FUTURE_FUNCTIONS = [
  // Excel 2010
  'AGGREGATE', 'BETA.DIST', 'BETA.INV', 'BINOM.DIST', 'BINOM.INV', 'CEILING.PRECISE', 'CHISQ.DIST', 'CHISQ.DIST.RT',
  'CHISQ.INV', 'CHISQ.INV.RT', 'CHISQ.TEST', 'CONFIDENCE.NORM', 'CONFIDENCE.T', 'COVARIANCE.P', 'COVARIANCE.S',
  'ERF.PRECISE', 'ERFC.PRECISE', 'EXPON.DIST', 'F.DIST', 'F.DIST.RT', 'F.INV', 'F.INV.RT', 'F.TEST', 'FLOOR.PRECISE',
  'GAMMA.DIST', 'GAMMA.INV', 'GAMMALN.PRECISE', 'HYPGEOM.DIST', 'LOGNORM.DIST', 'LOGNORM.INV', 'MODE.MULT', 'MODE.SNGL',
  'NEGBINOM.DIST', 'NETWORKDAYS.INTL', 'NORM.DIST', 'NORM.INV', 'NORM.S.DIST', 'NORM.S.INV', 'PERCENTILE.EXC',
  'PERCENTILE.INC', 'PERCENTRANK.EXC', 'PERCENTRANK.INC', 'POISSON.DIST', 'QUARTILE.EXC', 'QUARTILE.INC', 'RANK.AVG',
  'RANK.EQ', 'STDEV.P', 'STDEV.S', 'T.DIST', 'T.DIST.2T', 'T.DIST.RT', 'T.INV', 'T.INV.2T', 'T.TEST', 'VAR.P', 'VAR.S',
  'WEIBULL.DIST', 'WORKDAY.INTL',
  // Excel 2013
  'ACOT', 'ACOTH', 'ARABIC', 'BASE', 'BINOM.DIST.RANGE', 'BITAND', 'BITLSHIFT', 'BITOR', 'BITRSHIFT', 'BITXOR',
  'CEILING.MATH', 'COMBINA', 'COT', 'COTH', 'CSC', 'CSCH', 'DAYS', 'DECIMAL', 'ENCODEURL', 'FILTERXML', 'FLOOR.MATH',
  'FORMULATEXT', 'GAMMA', 'GAUSS', 'IFNA', 'IMCOSH', 'IMCOT', 'IMCSC', 'IMCSCH', 'IMSEC', 'IMSECH', 'IMSINH', 'IMTAN',
  'ISFORMULA', 'ISOWEEKNUM', 'MUNIT', 'NUMBERVALUE', 'PDURATION', 'PERMUTATIONA', 'PHI', 'RRI', 'SEC', 'SECH', 'SHEET',
  'SHEETS', 'SKEW.P', 'UNICHAR', 'UNICODE', 'WEBSERVICE', 'XOR',
  // Excel 2016 / 2019
  'CONCAT', 'FORECAST.ETS', 'FORECAST.ETS.CONFINT', 'FORECAST.ETS.SEASONALITY', 'FORECAST.ETS.STAT', 'FORECAST.LINEAR',
  'IFS', 'MAXIFS', 'MINIFS', 'SWITCH', 'TEXTJOIN',
  // Microsoft 365
  'ANCHORARRAY', 'ARRAYTOTEXT', 'BYCOL', 'BYROW', 'CHOOSECOLS', 'CHOOSEROWS', 'DROP', 'EXPAND', 'GROUPBY', 'HSTACK',
  'IMAGE', 'ISOMITTED', 'LAMBDA', 'LET', 'MAKEARRAY', 'MAP', 'PERCENTOF', 'PIVOTBY', 'RANDARRAY', 'REDUCE', 'REGEXEXTRACT',
  'REGEXREPLACE', 'REGEXTEST', 'SCAN', 'SEQUENCE', 'SINGLE', 'SORTBY', 'STOCKHISTORY', 'TAKE', 'TEXTAFTER',
  'TEXTBEFORE', 'TEXTSPLIT', 'TOCOL', 'TOROW', 'TRIMRANGE', 'UNIQUE', 'VALUETOTEXT', 'VSTACK', 'WRAPCOLS', 'WRAPROWS',
  'XLOOKUP', 'XMATCH',
];
/** written "_xlfn._xlws.NAME(" */
const WORKSHEET_FUNCTIONS = ['FILTER', 'SORT'];

const escapeRe = (s: string) => s.replace(/\./g, '\\.');
const FUTURE_RE = new RegExp(`(?<![\\w.])(${[...FUTURE_FUNCTIONS].sort((a, b) => b.length - a.length).map(escapeRe).join('|')})(?=\\s*\\()`, 'gi');
const WORKSHEET_RE = new RegExp(`(?<![\\w.])(${WORKSHEET_FUNCTIONS.join('|')})(?=\\s*\\()`, 'gi');
const LET_RE = /(?<![\w.])(?:_xlfn\.)?(LET|LAMBDA)\(/gi;

export interface FileFormulaContext {
  /** the table the formula's cell is in, to qualify `[@Column]` and `[Column]` */
  table?: string;
}

/** Applies fn to the parts of the formula outside string literals. */
function outsideStrings(f: string, fn: (code: string) => string): string {
  if (!f.includes('"')) return fn(f);
  return f
    .split(/("(?:[^"]|"")*")/)
    .map((part, i) => (i % 2 === 1 ? part : fn(part)))
    .join('');
}

/** `Table[@X]` / `[@X]` (inner text after "@") → the file's `[#This Row],[X]` items. */
function thisRowInner(rest: string): string {
  const r = rest.trim();
  if (r === '') return '#This Row';
  if (r.startsWith('[')) return `[#This Row],${r}`;
  return `[#This Row],[${r}]`;
}

/** Structured references in the file's own syntax. */
function fileStructuredRefs(f: string, ctx: FileFormulaContext): string {
  if (!f.includes('[')) return f;
  let out = '';
  let i = 0;
  while (i < f.length) {
    const c = f[i]!;
    if (c === '"') {
      let j = i + 1;
      while (j < f.length && !(f[j] === '"' && f[j + 1] !== '"')) j += f[j] === '"' ? 2 : 1;
      out += f.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    if (c !== '[') {
      out += c;
      i++;
      continue;
    }
    const end = matchBracket(f, i);
    if (end < 0) {
      out += f.slice(i);
      break;
    }
    const inner = f.slice(i + 1, end);
    if (/^\d+$/.test(inner)) {
      // [1]Sheet!A1: an external workbook reference
      out += f.slice(i, end + 1);
      i = end + 1;
      continue;
    }
    const nameMatch = /[A-Za-z_\\][\w.\\]*$/.exec(out);
    const qualified = !!nameMatch && !/[!\]]$/.test(out.slice(0, out.length - nameMatch[0].length));
    let text: string;
    if (inner.trimStart().startsWith('@')) text = `[${thisRowInner(inner.trimStart().slice(1))}]`;
    else text = `[${inner}]`;
    if (!qualified && ctx.table) text = `${ctx.table}${text}`;
    out += text;
    i = end + 1;
  }
  return out;
}

/** LET(x, 1, x + 1) → LET(_xlpm.x, 1, _xlpm.x + 1) (parameter names only inside the call). */
function letParameters(f: string): string {
  LET_RE.lastIndex = 0;
  if (!LET_RE.test(f)) return f;
  LET_RE.lastIndex = 0;
  let out = f;
  for (const m of [...f.matchAll(LET_RE)].reverse()) {
    const open = m.index + m[0].length - 1;
    // the argument list up to the matching ")"
    let depth = 0;
    let close = -1;
    const args: Array<[number, number]> = [];
    let argStart = open + 1;
    for (let j = open; j < out.length; j++) {
      const ch = out[j];
      if (ch === '"') {
        j++;
        while (j < out.length && !(out[j] === '"' && out[j + 1] !== '"')) j += out[j] === '"' ? 2 : 1;
        continue;
      }
      if (ch === '(' || ch === '{') depth++;
      else if (ch === ')' || ch === '}') {
        depth--;
        if (depth === 0) {
          args.push([argStart, j]);
          close = j;
          break;
        }
      } else if (ch === ',' && depth === 1) {
        args.push([argStart, j]);
        argStart = j + 1;
      }
    }
    if (close < 0) continue;
    const isLet = m[1]!.toUpperCase() === 'LET';
    // LET: names at 0, 2, 4 … (not the last argument); LAMBDA: every argument but the last
    const names = args
      .slice(0, -1)
      .filter((_, k) => !isLet || k % 2 === 0)
      .map(([a, b]) => out.slice(a, b).trim())
      .filter((n) => /^[A-Za-z_][\w.]*$/.test(n));
    if (!names.length) continue;
    const body = out.slice(open, close + 1);
    const re = new RegExp(`(?<![\\w.$!'])(${names.map((n) => n.replace(/\./g, '\\.')).join('|')})(?![\\w.(!\\[])`, 'gi');
    out = out.slice(0, open) + outsideStrings(body, (code) => code.replace(re, '_xlpm.$1')) + out.slice(close + 1);
  }
  return out;
}

export function fileFormula(formula: string, ctx: FileFormulaContext = {}): string {
  let f = formula.trim();
  if (f.startsWith('=')) f = f.slice(1);
  f = fileStructuredRefs(f, ctx);
  if (!/[A-Z]\s*\(/i.test(f)) return f;
  f = outsideStrings(f, (code) =>
    code
      .replace(WORKSHEET_RE, (m) => `_xlfn._xlws.${m.toUpperCase()}`)
      .replace(FUTURE_RE, (m) => `_xlfn.${m.toUpperCase()}`),
  );
  return f.includes('_xlfn.L') ? letParameters(f) : f;
}
