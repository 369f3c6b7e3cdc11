/**
 * Verification after every render: the file re-opens with exceljs, the package is structurally
 * sound, every formula has a cached value and none is an error the model did not ask for, the
 * charts are in the package, and (optionally) LibreOffice converts it. Produces the structural
 * summary that run memory keeps.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { checkPackage } from '../common/check-package';
import { findSoffice, sofficeConvert } from '../common/soffice';
import { importXlsx } from './import-xlsx';
import { parseAddress, parseRange } from '../../../lib/workbook/cell-ref';
import { summarizeWorkbook, type WorkbookSummary } from './summarize-workbook';
import type { Workbook } from './schema';

export interface VerifyOptions {
  /** the model the file was rendered from: sheet names, formula cells and charts are compared */
  model?: Workbook;
  /** also convert with headless LibreOffice (slow: ~2–3 s) */
  libreOffice?: boolean;
}

export interface VerifyReport {
  ok: boolean;
  problems: string[];
  summary: WorkbookSummary;
  /** the model read back from the file */
  readBack: Workbook;
}

export async function verifyXlsx(buffer: Buffer, opts: VerifyOptions = {}): Promise<VerifyReport> {
  const pkg = await checkPackage(buffer);
  const problems = [...pkg.problems];
  let readBack: Workbook;
  try {
    readBack = await importXlsx(buffer);
  } catch (e) {
    problems.push(`exceljs could not re-open the file: ${(e as Error).message}`);
    return { ok: false, problems, summary: { kind: 'workbook', sheets: [], text: '' }, readBack: { defaultFont: { name: 'Calibri', size: 11 }, sheets: [] } };
  }
  // error values are dropped by the importer (value undefined); look at the raw results too
  const errorCells = await formulaErrors(pkg.zip);
  const errorKeys = new Set(errorCells.map((e) => `${e.sheet}!${e.cell}`));
  for (const { sheet, cell, error } of errorCells) {
    const allowed = opts.model?.sheets.find((s) => s.name === sheet)?.cells[cell]?.allowError;
    if (!allowed) problems.push(`${sheet}!${cell} evaluates to ${error}`);
  }
  for (const sheet of readBack.sheets) {
    const modelSheet = opts.model?.sheets.find((s) => s.name === sheet.name);
    for (const [addr, cell] of Object.entries(sheet.cells)) {
      if (!cell.formula) continue;
      const allowed = modelSheet?.cells[addr]?.allowError;
      if (cell.value === undefined && !allowed && !errorKeys.has(`${sheet.name}!${addr}`)) problems.push(`${sheet.name}!${addr} (=${cell.formula}) has no computed value`);
    }
  }
  if (opts.model) {
    const names = opts.model.sheets.map((s) => s.name).join('|');
    const got = readBack.sheets.map((s) => s.name).join('|');
    if (names !== got) problems.push(`sheets differ: expected ${names}, file has ${got}`);
    for (const s of opts.model.sheets) {
      const r = readBack.sheets.find((x) => x.name === s.name);
      if (!r) continue;
      if (r.charts.length !== s.charts.length) problems.push(`sheet ${s.name}: ${s.charts.length} charts in the model, ${r.charts.length} in the file`);
      // a table's totals row the model only describes is written as formula cells
      const totalsRows = new Set(s.tables.filter((t) => t.totalsRow?.length).map((t) => parseRange(t.range).to.row + 1));
      const generated = (addr: string) => totalsRows.has(parseAddress(addr).row) && !s.cells[addr];
      const modelFormulas = Object.values(s.cells).filter((c) => c.formula).length;
      const fileFormulas = Object.entries(r.cells).filter(([a, c]) => c.formula && !generated(a)).length;
      if (modelFormulas !== fileFormulas) problems.push(`sheet ${s.name}: ${modelFormulas} formulas in the model, ${fileFormulas} in the file`);
    }
  }
  if (opts.libreOffice) problems.push(...(await libreOfficeOpens(buffer, 'xlsx')));
  return { ok: problems.length === 0, problems, summary: summarizeWorkbook(readBack), readBack };
}

async function formulaErrors(zip: import('jszip')): Promise<Array<{ sheet: string; cell: string; error: string }>> {
  const { sheetPaths } = await import('./xlsx-chart-parts');
  const out: Array<{ sheet: string; cell: string; error: string }> = [];
  for (const [name, p] of await sheetPaths(zip)) {
    const xml = (await zip.file(p)?.async('string')) ?? '';
    for (const m of xml.matchAll(/<c r="([A-Z]+\d+)"[^>]*t="e"[^>]*>(?:<f[^>]*>[^<]*<\/f>|<f[^>]*\/>)?<v>([^<]*)<\/v>/g)) {
      out.push({ sheet: name, cell: m[1]!, error: m[2]! });
    }
  }
  return out;
}

/** Converts the file to PDF with LibreOffice; returns problems (none when it converts). */
export async function libreOfficeOpens(buffer: Buffer, ext: 'xlsx' | 'docx' | 'pptx'): Promise<string[]> {
  if (!findSoffice()) return ['LibreOffice is not installed; cannot check the file with it'];
  const dir = await mkdtemp(path.join(tmpdir(), 'docsmith-verify-'));
  try {
    const file = path.join(dir, `file.${ext}`);
    await writeFile(file, buffer);
    await sofficeConvert([file], 'pdf', dir);
    return [];
  } catch (e) {
    return [`LibreOffice could not convert the file: ${(e as Error).message}`];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
