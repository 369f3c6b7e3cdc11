/**
 * formula_error: cells whose formula computes to an Excel error, grouped by sheet, error and cause
 * (500 cells dividing by an empty column are one finding), causes before the cells they spread to.
 * missing_sheet_ref: formulas, defined names and hyperlinks that name a sheet the workbook lacks.
 */
import type { Finding } from '../../common/finding';
import { parseAddress } from '../../../../lib/workbook/cell-ref';
import type { WorkbookEvaluation } from '../evaluate-formulas';
import { explainFormulaErrors, missingSheetClause, missingSheetsIn } from '../explain-formula-errors';
import type { Workbook } from '../schema';
import { cellsLocation } from './cell-location';

const MAX_EXPLAINED = 2000;
const MAX_SCANNED = 200_000;

function short(formula: string): string {
  return formula.length > 80 ? `${formula.slice(0, 77)}…` : formula;
}

function pos(address: string): { row: number; col: number } {
  return parseAddress(address);
}

export function formulaErrorFindings(wb: Workbook, ev: WorkbookEvaluation): Finding[] {
  const causes = explainFormulaErrors(wb, ev, { max: MAX_EXPLAINED });
  const groups = new Map<string, typeof causes>();
  for (const c of causes) {
    const key = c.kind === 'propagated' ? `${c.sheet}\0propagated` : `${c.sheet}\0${c.error}\0${c.kind}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = []));
    g.push(c);
  }
  const roots: Finding[] = [];
  const spread: Finding[] = [];
  for (const g of groups.values()) {
    const first = g[0]!;
    const location = cellsLocation(first.sheet, g.map((c) => pos(c.cell)));
    const example = `${first.cell} =${short(first.formula)}`;
    if (first.kind === 'propagated') {
      const codes = [...new Set(g.map((c) => c.error))].join('/');
      spread.push({
        code: 'formula_error',
        severity: 'error',
        location,
        message:
          g.length === 1
            ? `${example} shows ${first.error}: it ${first.cause}.`
            : `${g.length} cells show ${codes} carried over from other error cells (e.g. ${example}: ${first.cause}).`,
      });
      continue;
    }
    roots.push({
      code: 'formula_error',
      severity: 'error',
      location,
      message: g.length === 1 ? `${example} shows ${first.error}: ${first.cause}.` : `${g.length} cells show ${first.error}, e.g. ${example}: ${first.cause}.`,
    });
  }
  return [...roots, ...spread];
}

export function missingSheetFindings(wb: Workbook): Finding[] {
  const sheetNames = wb.sheets.map((s) => s.name);
  const sheetSet = new Set(sheetNames.map((s) => s.toLowerCase()));
  const out: Finding[] = [];
  let scanned = 0;
  for (const sheet of wb.sheets) {
    const bySheet = new Map<string, { name: string; cells: Array<{ row: number; col: number }>; example: string }>();
    for (const address in sheet.cells) {
      if (++scanned > MAX_SCANNED) break;
      const f = sheet.cells[address]!.formula;
      if (!f || !f.includes('!')) continue;
      for (const name of missingSheetsIn(f, sheet.name, sheetSet)) {
        let g = bySheet.get(name.toLowerCase());
        if (!g) bySheet.set(name.toLowerCase(), (g = { name, cells: [], example: `${address} =${short(f)}` }));
        g.cells.push(pos(address));
      }
    }
    for (const g of bySheet.values()) {
      const n = g.cells.length;
      out.push({
        code: 'missing_sheet_ref',
        severity: 'error',
        location: cellsLocation(sheet.name, g.cells),
        message: `${n === 1 ? 'a formula refers' : `${n} formulas refer`} to ${missingSheetClause(g.name, sheetNames, true)}: ${n === 1 ? '' : 'e.g. '}${g.example}.`,
      });
    }
    for (const h of sheet.hyperlinks ?? []) {
      const target = h.location?.includes('!') ? h.location.slice(0, h.location.lastIndexOf('!')).replace(/^'|'$/g, '').replace(/''/g, "'") : undefined;
      if (target && !sheetSet.has(target.toLowerCase())) {
        out.push({ code: 'missing_sheet_ref', severity: 'error', location: `${sheet.name}!${h.ref}`, message: `the link goes to ${missingSheetClause(target, sheetNames, true)}.` });
      }
    }
  }
  for (const n of wb.definedNames ?? []) {
    const gone = missingSheetsIn(n.ref, n.sheet ?? sheetNames[0] ?? '', sheetSet);
    if (gone.length) out.push({ code: 'missing_sheet_ref', severity: 'error', location: `name ${n.name}`, message: `the defined name ${n.name} (=${short(n.ref)}) refers to ${missingSheetClause(gone[0]!, sheetNames, true)}.` });
  }
  return out;
}
