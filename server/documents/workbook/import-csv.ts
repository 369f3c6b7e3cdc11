/**
 * CSV → workbook model (papaparse). Numbers, booleans and ISO dates (yyyy-mm-dd) become typed
 * values; a leading "=" is kept as text (CSV formulas are an injection vector, not a feature).
 */
import Papa from 'papaparse';
import { dateToSerial, numberToColumn } from '../../../lib/workbook/cell-ref';
import { parseWorkbook, type Cell, type Workbook } from './schema';

export interface ImportCsvOptions {
  sheetName?: string;
  /** bold the first row and freeze it (default: true when the first row is all text) */
  headerRow?: boolean;
  delimiter?: string;
}

function typed(raw: string): Cell | undefined {
  const s = raw.trim();
  if (s === '') return undefined;
  if (/^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/.test(s) && !/^[-+]?0\d/.test(s)) return { value: Number(s) };
  if (/^[-+]?\d{1,3}(,\d{3})+(\.\d+)?$/.test(s)) return { value: Number(s.replace(/,/g, '')), numFmt: '#,##0' + (s.includes('.') ? '.00' : '') };
  if (/^[-+]?\d+(\.\d+)?%$/.test(s)) return { value: Number(s.slice(0, -1)) / 100, numFmt: '0%' };
  if (/^(true|false)$/i.test(s)) return { value: s.toLowerCase() === 'true' };
  if (/^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(s))) return { value: dateToSerial(s), numFmt: 'yyyy-mm-dd' };
  return { value: raw };
}

export function importCsv(input: string | Buffer | Uint8Array, opts: ImportCsvOptions = {}): Workbook {
  let text = typeof input === 'string' ? input : Buffer.from(input).toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const parsed = Papa.parse<string[]>(text, { skipEmptyLines: 'greedy', ...(opts.delimiter ? { delimiter: opts.delimiter } : {}) });
  const rows = parsed.data;
  const first = rows[0] ?? [];
  const header = opts.headerRow ?? (first.length > 0 && first.every((v) => v.trim() !== '' && typed(v)?.value !== undefined && typeof typed(v)!.value === 'string'));
  const cells: Record<string, Cell> = {};
  const widths: number[] = [];
  rows.forEach((row, r) => {
    row.forEach((raw, c) => {
      const cell = typed(raw);
      if (!cell) return;
      if (header && r === 0) {
        cell.value = raw.trim();
        cell.style = { bold: true, fill: '#D9E1F2', border: { bottom: { style: 'thin' } } };
      }
      cells[`${numberToColumn(c + 1)}${r + 1}`] = cell;
      widths[c] = Math.max(widths[c] ?? 0, raw.length);
    });
  });
  const columns: Record<string, { width: number }> = {};
  widths.forEach((w, c) => (columns[numberToColumn(c + 1)] = { width: Math.min(60, Math.max(9, w + 2)) }));
  return parseWorkbook({
    sheets: [{ name: opts.sheetName ?? 'Sheet1', cells, columns, ...(header ? { frozen: { rows: 1, cols: 0 } } : {}) }],
  });
}
