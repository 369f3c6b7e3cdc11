/**
 * The formula engine agrees with LibreOffice's own full recalculation:
 * 1. workbooks built from the model (defined names, 3-D references, structured references with a
 *    totals row, SUBTOTAL/AGGREGATE over hidden rows, 1904 dates, common/text/lookup functions)
 *    are rendered; every cached formula value in the file must equal what LibreOffice computes;
 * 2. every corpus file (../shared/corpus/xlsx* beside the repository, or DOCSMITH_XLSX_CORPUS, ":"-separated
 *    directories) is imported and evaluated; every formula cell must equal LibreOffice's
 *    recalculation of the original file.
 * Numbers agree within 1e-9 relative. Without LibreOffice the tests are skipped with a warning —
 * except in CI (process.env.CI), where a missing soffice fails them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { renderWorkbookDetailed } from '../render-xlsx';
import { importXlsx } from '../import-xlsx';
import { evaluateWorkbook, type EvalValue } from '../evaluate-formulas';
import { parseWorkbook, type Workbook } from '../schema';
import { parseAddress, parseRange } from '../../../../lib/workbook/cell-ref';
import { AGREEMENT_WORKBOOKS } from '../testing/agreement-workbooks';
import { completeRenderedXlsx } from '../testing/complete-rendered-xlsx';
import { readCachedFormulaValues } from '../testing/cached-values';
import { libreOfficeAvailability, libreofficeRecalcMany, type RecalcValues } from '../testing/libreoffice-recalc';
import { describeDisagreement, sameValue, type Disagreement } from '../testing/compare-values';

const availability = libreOfficeAvailability();
const inCi = !!process.env.CI;
if (!availability.ok && !inCi) console.warn(`LibreOffice agreement tests skipped: ${availability.reason}`);
const run = availability.ok || inCi;

const SHARED_CORPUS = path.resolve(__dirname, '../../../../../shared/corpus');
const CORPUS_DIRS = (process.env.DOCSMITH_XLSX_CORPUS ?? `${SHARED_CORPUS}/xlsx:${SHARED_CORPUS}/xlsx-realworld`).split(':').filter(Boolean);
const corpusFiles = CORPUS_DIRS.filter((d) => existsSync(d)).flatMap((d) =>
  readdirSync(d)
    .filter((f) => f.endsWith('.xlsx'))
    .sort()
    .map((f) => path.join(d, f)),
);

function arrayRanges(sheet: Workbook['sheets'][number]): string[] {
  return Object.values(sheet.cells).flatMap((c) => (c.array ? [c.array] : []));
}

function inRange(range: string, address: string): boolean {
  try {
    const r = parseRange(range);
    const a = parseAddress(address);
    return a.row >= r.from.row && a.row <= r.to.row && a.col >= r.from.col && a.col <= r.to.col;
  } catch {
    return false;
  }
}

interface Rendered {
  name: string;
  model: Workbook;
  bytes: Uint8Array;
  added: string[];
  formulaCount: number;
  unexpected: string[];
}

let rendered: Rendered[] = [];
let lo: RecalcValues[] = [];
const report: string[] = [];

describe.runIf(run)('formula values agree with LibreOffice', () => {
  beforeAll(async () => {
    rendered = [];
    for (const w of AGREEMENT_WORKBOOKS) {
      const model = parseWorkbook(w.build());
      const r = await renderWorkbookDetailed(model);
      const unexpected = r.evaluation.diagnostics.filter((d) => d.kind !== 'error').map((d) => `${d.sheet}!${d.cell} =${d.formula}: ${d.kind} ${d.message}`);
      const done = await completeRenderedXlsx(r.buffer, model);
      rendered.push({ name: w.name, model, bytes: done.bytes, added: done.added, formulaCount: r.evaluation.formulaCount, unexpected });
    }
    // one LibreOffice session for everything (its start-up is most of the time)
    lo = await libreofficeRecalcMany([...rendered.map((r) => r.bytes), ...corpusFiles.map((f) => readFileSync(f))], { timeoutMs: 90_000 });
  }, 150_000);

  afterAll(() => {
    if (report.length) console.info(`LibreOffice agreement:\n${report.join('\n')}`);
  });

  for (const [i, w] of AGREEMENT_WORKBOOKS.entries()) {
    it(`rendered workbook: ${w.name}`, async () => {
      const r = rendered[i]!;
      expect(r.unexpected).toEqual([]);
      const cached = await readCachedFormulaValues(r.bytes);
      const theirs = lo[i]!;
      const bad: Disagreement[] = [];
      let compared = 0;
      for (const [sheet, cells] of theirs) {
        for (const [cell, value] of cells) {
          compared++;
          const ours = cached.get(sheet)?.get(cell);
          if (!sameValue(ours, value)) bad.push({ sheet, cell, formula: r.model.sheets.find((s) => s.name === sheet)?.cells[cell]?.formula, ours, libreoffice: value });
        }
      }
      report.push(`  ${w.name}: ${compared - bad.length}/${compared} equal${r.added.length ? ` (test helper added to the file: ${r.added.join(', ')})` : ''}`);
      expect(bad.map(describeDisagreement)).toEqual([]);
      // every model formula was compared (LibreOffice saw it as a formula)
      expect(compared).toBeGreaterThanOrEqual(r.formulaCount);
    });
  }

  it('corpus files: imported and evaluated, equal to LibreOffice on the original file', async () => {
    // the corpus lives in ../shared beside the repository (CI has it too): missing is a failure, not a skip
    expect(corpusFiles.length, `no corpus files in ${CORPUS_DIRS.join(', ')}`).toBeGreaterThanOrEqual(19);
    const problems: string[] = [];
    for (const [k, file] of corpusFiles.entries()) {
      const theirs = lo[AGREEMENT_WORKBOOKS.length + k]!;
      const name = path.basename(file);
      let wb: Workbook;
      try {
        wb = await importXlsx(readFileSync(file));
      } catch (e) {
        problems.push(`${name}: the importer failed: ${e instanceof Error ? e.message : String(e)}`);
        continue;
      }
      const ev = evaluateWorkbook(wb);
      const bad: Disagreement[] = [];
      let compared = 0;
      for (const [sheet, cells] of theirs) {
        const modelSheet = wb.sheets.find((s) => s.name === sheet);
        for (const [cell, value] of cells) {
          compared++;
          const formula = modelSheet?.cells[cell]?.formula;
          // a cell of an array formula's range holds part of that formula's result
          const spilled = !formula && !!modelSheet && arrayRanges(modelSheet).some((r) => inRange(r, cell));
          // a formula cell the import lost, or one we could not evaluate, counts as a disagreement
          const ours: EvalValue | undefined = formula ? ev.formulaValues.get(sheet)?.get(cell) : spilled ? ev.get(sheet, cell) : undefined;
          if (!sameValue(ours, value)) bad.push({ sheet, cell, formula: formula ?? '(not a formula in the imported model)', ours, libreoffice: value });
        }
      }
      if (compared) report.push(`  ${name}: ${compared - bad.length}/${compared} equal`);
      for (const d of bad.slice(0, 10)) problems.push(`${name}: ${describeDisagreement(d)}`);
      if (bad.length > 10) problems.push(`${name}: … and ${bad.length - 10} more`);
    }
    expect(problems).toEqual([]);
  });
});
