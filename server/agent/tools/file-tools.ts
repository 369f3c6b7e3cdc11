/** Tools over uploaded files: read a file (text, or a range of an uploaded workbook) and copy uploaded sheets into the workbook. */
import { z } from 'zod';
import { parseRange, rangeSize, toAddress } from '@/lib/workbook/cell-ref';
import type { Workbook } from '@/server/documents/workbook/schema';
import { summarizeWorkbook } from '@/server/documents/workbook/summarize-workbook';
import type { AgentFile } from '../types';
import { defineTool, ToolUseError, type AgentToolSet } from './define-tool';
import type { WorkbookState } from './workbook-tools';

/**
 * The file's workbook, parsed from its JSON text on first use (the reader validated it). Reads
 * share one parsed copy; an import takes it over (`take`), so the next read parses a fresh one:
 * what the agent then changes in its workbook never shows in the file, and nothing is deep-copied.
 */
function fileWorkbook(f: AgentFile, cache: Map<string, Workbook>, take = false): Workbook | undefined {
  if (!f.workbookJson) return undefined;
  const wb = cache.get(f.id) ?? (JSON.parse(f.workbookJson) as Workbook);
  if (take) cache.delete(f.id);
  else cache.set(f.id, wb);
  return wb;
}

export function fileTools(files: AgentFile[], workbookState?: WorkbookState): AgentToolSet {
  if (!files.length) return {};
  const cache = new Map<string, Workbook>();
  const find = (id: string) => {
    const f = files.find((x) => x.id === id);
    if (!f) throw new ToolUseError(`no file "${id}"; files: ${files.map((x) => x.id).join(', ')}`);
    return f;
  };
  const tools: AgentToolSet = {
    read_file: defineTool(
      'Read an attached file: text (from offset, 6000 chars at a time), or for spreadsheets the sheet list, or a range (at most 400 cells).',
      z.object({ fileId: z.string().min(1), sheet: z.string().optional(), range: z.string().optional(), offset: z.number().int().min(0).default(0) }),
      ({ fileId, sheet, range, offset }) => {
        const f = find(fileId);
        if (f.summary && !range) return { sheets: f.summary.text };
        const wb = fileWorkbook(f, cache);
        if (wb) {
          if (!range) return { sheets: summarizeWorkbook(wb).text };
          const s = wb.sheets.find((x) => x.name.toLowerCase() === (sheet ?? wb.sheets[0]!.name).toLowerCase());
          if (!s) throw new ToolUseError(`no sheet "${sheet}" in ${f.name}; sheets: ${wb.sheets.map((x) => x.name).join(', ')}`);
          const r = parseRange(range);
          if (rangeSize(r) > 400) throw new ToolUseError('at most 400 cells per read');
          const rows: unknown[][] = [];
          for (let row = r.from.row; row <= r.to.row; row++) {
            const line: unknown[] = [];
            for (let col = r.from.col; col <= r.to.col; col++) line.push(s.cells[toAddress({ row, col })]?.value ?? null);
            rows.push(line);
          }
          return { sheet: s.name, range, rows };
        }
        const text = f.text ?? '';
        return { name: f.name, text: text.slice(offset, offset + 6000), total: text.length, ...(offset + 6000 < text.length ? { nextOffset: offset + 6000 } : {}) };
      },
    ),
  };
  if (workbookState) {
    tools.import_file_sheets = defineTool(
      'Copy sheets of an attached csv/xlsx file into the workbook (all sheets, or those named).',
      z.object({ fileId: z.string().min(1), sheets: z.array(z.string()).optional() }),
      ({ fileId, sheets }) => {
        const f = find(fileId);
        if (!f.workbookJson) throw new ToolUseError(`file "${fileId}" is not a spreadsheet`);
        // The whole file into an empty workbook, with its summary at hand: taken as its JSON text.
        const named = (name: string) => !sheets?.length || sheets.some((n) => n.toLowerCase() === name.toLowerCase());
        if (f.summary && !workbookState.wb.sheets.length && f.summary.sheets.every((s) => named(s.name))) {
          workbookState.pending = { json: f.workbookJson, ...(f.source ? { source: f.source } : {}), summary: f.summary };
          workbookState.changes++;
          workbookState.valid = true;
          return { added: f.summary.sheets.map((s) => s.name), ...(f.warnings?.length ? { keptUnmodelled: f.warnings.map((w) => w.message) } : {}) };
        }
        const wb = fileWorkbook(f, cache, true)!;
        const wanted = sheets?.length ? wb.sheets.filter((s) => sheets.some((n) => n.toLowerCase() === s.name.toLowerCase())) : wb.sheets;
        if (!wanted.length) throw new ToolUseError(`no such sheets in ${f.name}; sheets: ${wb.sheets.map((x) => x.name).join(', ')}`);
        const added: string[] = [];
        workbookState.valid = false;
        // A workbook made from the whole file *is* the file: it keeps the package, names and
        // settings, and renders over the package so nothing the model does not hold is lost.
        if (!workbookState.wb.sheets.length && wanted.length === wb.sheets.length) {
          workbookState.wb = { ...wb, ...(f.source ? { source: f.source } : {}) };
          workbookState.changes++;
          // the file's model, as its reader validated it (and the source it came from)
          workbookState.valid = true;
          return { added: wb.sheets.map((s) => s.name), ...(f.warnings?.length ? { keptUnmodelled: f.warnings.map((w) => w.message) } : {}) };
        }
        for (const s of wanted) {
          let name = s.name;
          for (let k = 2; workbookState.wb.sheets.some((x) => x.name.toLowerCase() === name.toLowerCase()); k++) name = `${s.name.slice(0, 28)} ${k}`;
          // copied into another workbook: the parts of the file it came from do not come along
          const { sourcePart: _part, ...sheet } = s;
          void _part;
          workbookState.wb.sheets.push({
            ...sheet,
            name,
            tables: sheet.tables.map(({ sourcePart: _t, ...t }) => t),
            charts: sheet.charts.map(({ sourcePart: _c, ...c }) => c),
          });
          added.push(name);
        }
        workbookState.changes++;
        return { added };
      },
    );
  }
  return tools;
}
