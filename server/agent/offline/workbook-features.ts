/**
 * The offline model's calls for the spreadsheet features a prompt asks for (feature-phrases.ts):
 * conditional formats (add_conditional_format), dropdowns (set_data_validation), frozen panes
 * (freeze_panes), cell comments (annotate_cell) and defined names (set_workbook_props) — on a sheet
 * it builds, or on a sheet of the workbook it resumes. Each says what it did, or why not.
 */
import { numberToColumn } from '@/lib/workbook/cell-ref';
import { HIGHLIGHT_COLORS, type Feature } from './feature-phrases';
import type { PlannedCall } from './plan-types';
import { specs } from './workbook-columns';

/** Where a sheet's table is: its headers (from firstCol), the header row and the data rows. */
export interface FeatureSheet {
  name: string;
  headers: string[];
  headerRow: number;
  firstCol: number;
  firstData: number;
  lastData: number;
  /** the panes frozen now (kept when only the other axis is asked for) */
  frozen?: { rows: number; cols: number };
}

export interface FeatureOutcome {
  calls: PlannedCall[];
  done: string[];
  notDone: string[];
}

const L = numberToColumn;
const OP_TEXT: Record<string, string> = { '>': 'over', '>=': 'of at least', '<': 'under', '<=': 'of at most', '=': 'equal to', between: 'between' };
const fmt = (n: number) => (Number.isInteger(n) ? n.toLocaleString('en-US') : String(n));

/** The column a phrase names ("Status", "revenue", "stock" for "Stock level"), or -1. */
export function findColumn(headers: string[], name: string): number {
  const n = name.trim().toLowerCase().replace(/s$/, '');
  if (!n) return -1;
  const exact = headers.findIndex((h) => h.toLowerCase() === name.trim().toLowerCase() || h.toLowerCase().replace(/s$/, '') === n);
  if (exact >= 0) return exact;
  return headers.findIndex((h) => new RegExp(`\\b${n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, 'i').test(h));
}

/**
 * Can this be an Excel defined name? A letter, "_" or "\\" first, then letters, digits, "_" and
 * "."; at most 255 characters; not a cell address in A1 style (columns up to XFD: "Q1", "FY2026",
 * "AB12") or R1C1 style ("R1C1", "R2", "C", "RC").
 */
export function isValidDefinedName(n: string): boolean {
  if (!/^[A-Za-z_\\][A-Za-z0-9_.]*$/.test(n) || n.length > 255) return false;
  const a1 = /^\$?([A-Za-z]{1,3})\$?(\d+)$/.exec(n);
  if (a1) {
    const col = a1[1]!.toUpperCase().split('').reduce((c, ch) => c * 26 + ch.charCodeAt(0) - 64, 0);
    if (col <= 16384 && Number(a1[2]) >= 1 && Number(a1[2]) <= 1048576) return false;
  }
  if (/^[Rr](\d*)[Cc](\d*)$|^[Rr]\d*$|^[Cc]\d*$/.test(n)) return false;
  return !/^(true|false)$/i.test(n);
}

/**
 * A defined name for a column's data from its header: letters, digits and "_" ("Variance %" →
 * "Variance_Pct"). A header that reads as a cell ("Q1", "FY2026", "R2") or starts with a digit
 * ("2026") is prefixed with what it measures — the sheet's name ("Sales_Q1", "Budget_2026") —
 * or "Total" when the sheet's name is no word ("Total_Q1").
 */
export function nameOf(header: string, scope?: string): string {
  const clean = (s: string) => s.replace(/%/g, 'Pct').replace(/[^A-Za-z0-9_.]+/g, '_').replace(/^[_.]+|[_.]+$/g, '');
  const n = clean(header);
  if (n && isValidDefinedName(n)) return n;
  const word = clean(scope ?? '');
  const prefix = word && /^[A-Za-z]/.test(word) && isValidDefinedName(word) && word.toLowerCase() !== n.toLowerCase() ? word : 'Total';
  const out = n ? `${prefix}_${n}` : prefix;
  return isValidDefinedName(out) ? out.slice(0, 255) : `Total_${out.replace(/[^A-Za-z0-9_]/g, '_')}`.slice(0, 255);
}

const quote = (sheet: string) => (/^[A-Za-z_][A-Za-z0-9_.]*$/.test(sheet) ? sheet : `'${sheet.replace(/'/g, "''")}'`);

/** The calls for the features on these sheets (the first sheet for comments and names). */
export function featureCalls(features: Feature[], sheets: FeatureSheet[], opts: { keepHeaderFrozen?: boolean } = {}): FeatureOutcome {
  const out: FeatureOutcome = { calls: [], done: [], notDone: [] };
  const first = sheets[0];
  if (!first) return out;
  const names: Record<string, string> = {};
  for (const f of features) {
    switch (f.kind) {
      case 'highlight': {
        const ranges: string[] = [];
        let what = '';
        for (const s of sheets) {
          if (s.lastData < s.firstData) continue;
          let cols: number[];
          // "amounts" is a column when one is called so, else every amount
          if (f.target && (findColumn(s.headers, f.target) >= 0 || !/^(amounts?|totals?|sums?)$/i.test(f.target))) {
            const j = findColumn(s.headers, f.target);
            cols = j >= 0 ? [j] : [];
            if (j >= 0) what = ` in "${s.headers[j]}"`;
          } else {
            // every amount column (not the labels, not the ratios unless the threshold is a ratio)
            const sp = specs(s.headers);
            const ratio = f.values.every((v) => Math.abs(v) <= 1) && f.op !== 'top' && f.op !== 'bottom';
            // a row total is not compared with a threshold meant for the values it adds up
            cols = sp.map((c, j) => (j > 0 && c.family !== undefined && (c.family === 'percent') === ratio && !/^(rank|total|sum)/i.test(c.name) ? j : -1)).filter((j) => j >= 0);
            if (!cols.length) cols = sp.map((c, j) => (j > 0 && c.family !== undefined ? j : -1)).filter((j) => j >= 0);
          }
          if (!cols.length) continue;
          const range = cols.map((j) => `${L(s.firstCol + j)}${s.firstData}:${L(s.firstCol + j)}${s.lastData}`).join(' ');
          const { fill, color } = HIGHLIGHT_COLORS[f.color] ?? HIGHLIGHT_COLORS.red!;
          out.calls.push({ toolName: 'add_conditional_format', input: { sheet: s.name, range, kind: f.op, values: f.op === 'top' || f.op === 'bottom' ? [f.values[0]!] : f.values, fill, color } });
          ranges.push(`"${s.name}" ${range}`);
        }
        const rule = f.op === 'top' || f.op === 'bottom' ? `the ${f.op} ${f.values[0]} values` : f.op === 'between' ? `values between ${fmt(f.values[0]!)} and ${fmt(f.values[1]!)}` : f.op === '<' && f.values[0] === 0 ? 'negative values' : `values ${OP_TEXT[f.op]} ${fmt(f.values[0]!)}`;
        if (ranges.length) out.done.push(`highlighted ${rule}${what} in ${f.color} (a conditional format on ${ranges.join(', ')})`);
        else out.notDone.push(`did not highlight ${rule}: ${f.target ? `no column "${f.target}"` : 'no numeric column'} to apply it to`);
        break;
      }
      case 'highlightCompare': {
        const ranges: string[] = [];
        let found: [string, string] | undefined;
        for (const s of sheets) {
          const a = findColumn(s.headers, f.left);
          const b = findColumn(s.headers, f.right);
          if (a < 0 || b < 0 || a === b || s.lastData < s.firstData) continue;
          found = [s.headers[a]!, s.headers[b]!];
          const sym = f.op === '=' ? '=' : f.op;
          // relative to the range's first cell: the row moves, the two columns stay
          const formula = `$${L(s.firstCol + a)}${s.firstData}${sym}$${L(s.firstCol + b)}${s.firstData}`;
          const from = f.rows ? L(s.firstCol) : L(s.firstCol + a);
          const to = f.rows ? L(s.firstCol + s.headers.length - 1) : L(s.firstCol + a);
          const range = `${from}${s.firstData}:${to}${s.lastData}`;
          const { fill, color } = HIGHLIGHT_COLORS[f.color] ?? HIGHLIGHT_COLORS.red!;
          out.calls.push({ toolName: 'add_conditional_format', input: { sheet: s.name, range, kind: 'formula', values: [formula], fill, color } });
          ranges.push(`"${s.name}" ${range}`);
        }
        const rule = `${f.rows ? 'rows' : 'cells'} where ${found ? `"${found[0]}"` : `"${f.left}"`} is ${OP_TEXT[f.op]} ${found ? `"${found[1]}"` : `"${f.right}"`}`;
        if (ranges.length) out.done.push(`highlighted ${rule} in ${f.color} (a conditional format on ${ranges.join(', ')})`);
        else out.notDone.push(`did not highlight ${rule}: the sheet has no columns "${f.left}" and "${f.right}" to compare`);
        break;
      }
      case 'dropdown': {
        const at: string[] = [];
        for (const s of sheets) {
          const j = findColumn(s.headers, f.column);
          if (j < 0 || s.lastData < s.firstData) continue;
          const range = `${L(s.firstCol + j)}${s.firstData}:${L(s.firstCol + j)}${s.lastData}`;
          out.calls.push({ toolName: 'set_data_validation', input: { sheet: s.name, range, type: 'list', values: f.values } });
          at.push(`"${s.name}" ${range}`);
        }
        if (at.length) out.done.push(`added a dropdown (${f.values.join(', ')}) to column "${f.column}" (data validation on ${at.join(', ')})`);
        else out.notDone.push(`did not add the dropdown: no column "${f.column}"`);
        break;
      }
      case 'freeze': {
        // a sheet the offline model builds keeps its header row frozen ("freeze the first column" adds to it)
        for (const s of sheets) out.calls.push({ toolName: 'freeze_panes', input: { sheet: s.name, rows: f.rows || opts.keepHeaderFrozen ? s.headerRow : (s.frozen?.rows ?? 0), cols: f.cols || (f.rows ? (s.frozen?.cols ?? 0) : 0) } });
        out.done.push(`froze ${[f.rows ? `the header row${first.headerRow > 1 ? ` (rows 1–${first.headerRow})` : ''}` : '', f.cols ? 'the first column' : ''].filter(Boolean).join(' and ')}${sheets.length > 1 ? ` on ${sheets.length} sheets` : ''}`);
        break;
      }
      case 'comment': {
        const bang = f.cell.lastIndexOf('!');
        const sheetName = bang >= 0 ? f.cell.slice(0, bang) : undefined;
        const s = sheetName ? sheets.find((x) => x.name.toLowerCase() === sheetName.toLowerCase()) : first;
        const cell = f.cell.slice(bang + 1);
        if (!s || !f.text) {
          out.notDone.push(`did not add the comment on ${f.cell}: ${!s ? `no sheet "${sheetName}"` : 'no text given'}`);
          break;
        }
        out.calls.push({ toolName: 'annotate_cell', input: { sheet: s.name, cell, note: f.text } });
        out.done.push(`added a comment on "${s.name}"!${cell} ("${f.text.length > 60 ? `${f.text.slice(0, 57)}…` : f.text}")`);
        break;
      }
      case 'names': {
        if (f.name && f.ref) {
          names[isValidDefinedName(f.name) ? f.name : nameOf(f.name, first.name)] = `${quote(first.name)}!${f.ref.replace(/([A-Z]+)(\d+)/g, '$$$1$$$2')}`;
          break;
        }
        const sp = specs(first.headers);
        sp.forEach((c, j) => {
          if (j === 0 || c.family === undefined || first.lastData < first.firstData) return;
          const col = L(first.firstCol + j);
          names[nameOf(c.name, first.name)] = `${quote(first.name)}!$${col}$${first.firstData}:$${col}$${first.lastData}`;
        });
        if (!Object.keys(names).length) out.notDone.push('did not define names: no numeric column');
        break;
      }
    }
  }
  if (Object.keys(names).length) {
    out.calls.push({ toolName: 'set_workbook_props', input: { names } });
    out.done.push(`defined the name${Object.keys(names).length > 1 ? 's' : ''} ${Object.entries(names).map(([n, r]) => `${n} (${r})`).join(', ')}`);
  }
  return out;
}
