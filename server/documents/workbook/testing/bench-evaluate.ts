/**
 * Times evaluateWorkbook on 100,000-cell models (median of several runs, after a warm-up).
 * Run: npx tsx server/documents/workbook/testing/bench-evaluate.ts
 *  - "large": the documents benchmark's model (10,000 rows × 10 columns; SUM over each row and a
 *    running total — all on the fast path);
 *  - "mixed": 10,000 rows × 10 columns where a third of the formulas need the full engine (IF,
 *    VLOOKUP, ROUND over a small range);
 *  - "names": "large" with every row total scaled by a defined name (Data!I = SUM(B:H)*Rate), and
 *    "plain": the same with the name written as its reference — names must not cost the fast path.
 */
import { evaluateWorkbook } from '../evaluate-formulas';
import { parseWorkbook, type WorkbookInput } from '../schema';
import { largeWorkbook } from '../../fixtures/sample-workbook';

export function mixedWorkbook(rows: number): WorkbookInput {
  const cells: Record<string, { value?: number | string; formula?: string }> = {};
  for (let r = 1; r <= rows; r++) {
    cells[`A${r}`] = { value: `K${r % 50}` };
    cells[`B${r}`] = { value: (r * 37) % 101 };
    cells[`C${r}`] = { value: (r * 13) % 7 };
    cells[`D${r}`] = { value: r };
    cells[`E${r}`] = { formula: `B${r}*C${r}+D${r}` };
    cells[`F${r}`] = { formula: `SUM(B${r}:D${r})/2` };
    cells[`G${r}`] = { formula: `IF(E${r}>100,"high","low")` };
    cells[`H${r}`] = { formula: `VLOOKUP(A${r},Lookup!$A$1:$B$50,2,FALSE)` };
    cells[`I${r}`] = { formula: r === 1 ? `E1` : `I${r - 1}+E${r}` };
    cells[`J${r}`] = { formula: `ROUND(F${r}*1.07,2)` };
  }
  const lookup: Record<string, { value: number | string }> = {};
  for (let i = 0; i < 50; i++) {
    lookup[`A${i + 1}`] = { value: `K${i}` };
    lookup[`B${i + 1}`] = { value: i * 3 };
  }
  return { sheets: [{ name: 'Data', cells }, { name: 'Lookup', cells: lookup }] };
}

/** largeWorkbook with its row totals multiplied by a rate: through a defined name, or its reference. */
export function namesWorkbook(rows: number, useName: boolean): WorkbookInput {
  const wb = largeWorkbook(rows);
  const data = wb.sheets[0]!;
  for (let r = 2; r <= rows + 1; r++) data.cells![`I${r}`] = { formula: `SUM(B${r}:H${r})*${useName ? 'Rate' : 'Totals!$D$1'}` };
  wb.sheets[1]!.cells!.D1 = { value: 1.07 };
  if (useName) wb.definedNames = [{ name: 'Rate', ref: 'Totals!$D$1' }];
  return wb;
}

function time(name: string, input: WorkbookInput, runs: number): void {
  const wb = parseWorkbook(input);
  const cellCount = wb.sheets.reduce((a, s) => a + Object.keys(s.cells).length, 0);
  evaluateWorkbook(wb); // warm-up
  const ms: number[] = [];
  let last = evaluateWorkbook(wb);
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    last = evaluateWorkbook(wb);
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  const median = ms[Math.floor(ms.length / 2)]!;
  console.log(
    `${name.padEnd(6)} ${cellCount} cells, ${last.formulaCount} formulas (${last.fastPathCount} fast path, ${last.diagnostics.length} diagnostics): median ${median.toFixed(0)} ms, min ${ms[0]!.toFixed(0)} ms over ${runs} runs`,
  );
}

function main(): void {
  const runs = Number(process.env.RUNS ?? 9);
  time('large', largeWorkbook(10_000), runs);
  time('mixed', mixedWorkbook(10_000), runs);
  time('names', namesWorkbook(10_000, true), runs);
  time('plain', namesWorkbook(10_000, false), runs);
}

if (require.main === module) main();
