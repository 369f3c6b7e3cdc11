/** Structural summary of a workbook: what the agent's run memory keeps between turns. */
import { addressKey, toRange } from '../../../lib/workbook/cell-ref';
import type { Workbook } from './schema';

export interface SheetSummary {
  name: string;
  /** e.g. "A1:F120", or null for an empty sheet */
  usedRange: string | null;
  cellCount: number;
  formulaCount: number;
  /** first row's text values (likely headers), at most 20 */
  headers: string[];
  /** the row those headers are in (among rows 1–5, the first with the most text cells), when it has more than one */
  headerRow?: number;
  tables: Array<{ name: string; range: string }>;
  /** `data`: the ranges a chart plots (so that a reader can extend or move them with update_chart) */
  charts: Array<{ id: string; type: string; title?: string; anchor: string; data?: { categories?: string; series: Array<{ name?: string; values: string }> } }>;
  merges: number;
  frozen?: { rows: number; cols: number };
}

export interface WorkbookSummary {
  kind: 'workbook';
  sheets: SheetSummary[];
  /** one line per sheet, for prompts */
  text: string;
}

export function summarizeWorkbook(wb: Workbook): WorkbookSummary {
  const sheets: SheetSummary[] = wb.sheets.map((s) => {
    let minR = Infinity;
    let minC = Infinity;
    let maxR = 0;
    let maxC = 0;
    let formulas = 0;
    let count = 0;
    const byRow = new Map<number, Array<[number, string]>>();
    // one pass, no allocation per cell: a large sheet has hundreds of thousands of cells
    for (const addr in s.cells) {
      const cell = s.cells[addr]!;
      const key = addressKey(addr);
      const row = Math.floor(key / 16384);
      const col = key - row * 16384;
      count++;
      if (cell.formula) formulas++;
      if (row < minR) minR = row;
      if (col < minC) minC = col;
      if (row > maxR) maxR = row;
      if (col > maxC) maxC = col;
      if (row <= 5 && typeof cell.value === 'string') {
        let list = byRow.get(row);
        if (!list) byRow.set(row, (list = []));
        list.push([col, cell.value]);
      }
    }
    // header row: the first of the top rows with the most text cells
    let headerRow: Array<[number, string]> = [];
    let headerRowNumber = 0;
    for (const [row, list] of [...byRow].sort((a, b) => a[0] - b[0])) {
      if (list.length > headerRow.length) {
        headerRow = list;
        headerRowNumber = row;
      }
    }
    return {
      name: s.name,
      usedRange: count ? toRange({ from: { row: minR, col: minC }, to: { row: maxR, col: maxC } }) : null,
      cellCount: count,
      formulaCount: formulas,
      headers: headerRow.sort((a, b) => a[0] - b[0]).slice(0, 20).map(([, v]) => v),
      ...(headerRow.length > 1 ? { headerRow: headerRowNumber } : {}),
      tables: s.tables.map((t) => ({ name: t.name, range: t.range })),
      charts: s.charts.map((c) => ({
        id: c.id,
        type: c.type,
        ...(c.title ? { title: c.title } : {}),
        anchor: c.anchor,
        data: { ...(c.categories ? { categories: c.categories } : {}), series: c.series.map((x) => ({ ...(x.name !== undefined ? { name: x.name } : {}), values: x.values })) },
      })),
      merges: s.merges.length,
      ...(s.frozen ? { frozen: s.frozen } : {}),
    };
  });
  const text = sheets
    .map(
      (s) =>
        `Sheet "${s.name}": ${s.usedRange ?? 'empty'}, ${s.cellCount} cells (${s.formulaCount} formulas)` +
        (s.headers.length ? `; headers: ${s.headers.join(' | ')}` : '') +
        (s.tables.length ? `; tables: ${s.tables.map((t) => `${t.name} ${t.range}`).join(', ')}` : '') +
        (s.charts.length ? `; charts: ${s.charts.map((c) => `${c.id} (${c.type}${c.title ? ` "${c.title}"` : ''}) at ${c.anchor}${c.data ? ` ${JSON.stringify(c.data)}` : ''}`).join(', ')}` : ''),
    )
    .join('\n');
  return { kind: 'workbook', sheets, text };
}
