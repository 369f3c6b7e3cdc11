/** Structural index of a workbook for the run memory (sheet names, used ranges, headers, tables, charts). */
import type { Workbook } from '@/server/documents/workbook/schema';
import { summarizeWorkbook, type WorkbookSummary } from '@/server/documents/workbook/summarize-workbook';
import type { WorkbookIndex } from '../types';

export function workbookIndex(wb: Workbook): WorkbookIndex {
  return workbookIndexOfSummary(summarizeWorkbook(wb));
}

/** The index of a workbook from its summary (one a reader made, without the workbook at hand). */
export function workbookIndexOfSummary(summary: WorkbookSummary): WorkbookIndex {
  return {
    kind: 'workbook',
    sheets: summary.sheets.map((s) => ({
      name: s.name,
      usedRange: s.usedRange,
      headers: s.headers.slice(0, 12).map((h) => (h.length > 40 ? `${h.slice(0, 40)}…` : h)),
      ...(s.headerRow ? { headerRow: s.headerRow } : {}),
      tables: s.tables.map((t) => `${t.name} ${t.range}`),
      charts: s.charts.map((c) => `${c.id} (${c.type}${c.title ? ` "${c.title}"` : ''}) at ${c.anchor}`),
      ...(s.frozen ? { frozen: s.frozen } : {}),
    })),
  };
}
