/** Structural index of a workbook for the run memory (sheet names, used ranges, headers, tables, charts). */
import { parseAddress } from '@/server/documents/workbook/cell-ref';
import type { Workbook } from '@/server/documents/workbook/schema';
import { summarizeWorkbook } from '@/server/documents/workbook/summarize-workbook';
import type { WorkbookIndex } from '../types';

/** The top row (among rows 1–5) with the most text cells: where the column headers probably are. */
function headerRowOf(cells: Workbook['sheets'][number]['cells']): number | undefined {
  const counts = new Map<number, number>();
  for (const [a, c] of Object.entries(cells)) {
    if (typeof c.value !== 'string') continue;
    const { row } = parseAddress(a);
    if (row <= 5) counts.set(row, (counts.get(row) ?? 0) + 1);
  }
  let best: number | undefined;
  let bestCount = 1;
  for (const [row, n] of [...counts].sort((a, b) => a[0] - b[0])) {
    if (n > bestCount) {
      best = row;
      bestCount = n;
    }
  }
  return best;
}

export function workbookIndex(wb: Workbook): WorkbookIndex {
  const summary = summarizeWorkbook(wb);
  return {
    kind: 'workbook',
    sheets: summary.sheets.map((s, i) => {
      const headerRow = headerRowOf(wb.sheets[i]!.cells);
      return {
        name: s.name,
        usedRange: s.usedRange,
        headers: s.headers.slice(0, 12).map((h) => (h.length > 40 ? `${h.slice(0, 40)}…` : h)),
        ...(headerRow ? { headerRow } : {}),
        tables: s.tables.map((t) => `${t.name} ${t.range}`),
        charts: s.charts.map((c) => `${c.id} (${c.type}${c.title ? ` "${c.title}"` : ''}) at ${c.anchor}`),
        ...(s.frozen ? { frozen: s.frozen } : {}),
      };
    }),
  };
}
