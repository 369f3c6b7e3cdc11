/**
 * The offline model's answer to a review message: it fixes what it can deterministically and says
 * what it leaves. A clipped text or a number shown as #### is fixed by widening the column to its
 * longest content (read first); every other finding is left as it is and named in the answer.
 */
import { columnToNumber, numberToColumn } from '@/lib/workbook/cell-ref';
import { parseReviewMessage } from '../review/review-message';
import type { OfflinePlan, PlannedCall, PriorResults } from './plan-types';

const WIDENED = new Set(['text_clipped', 'number_hashes']);
/** cells read per column and its neighbour to measure it (read_range answers at most 400 cells) */
const READ_ROWS = 400;
const MAX_WIDTH = 80;

/** "Sales!B4", "'Q1 Sales'!B4", "Sales!B4:B9" → sheet and column letters */
function sheetColumn(location: string): { sheet: string; col: string } | null {
  const m = /^(?:'((?:[^']|'')+)'|([^!]+))!\$?([A-Z]{1,3})\$?\d+/.exec(location.trim());
  if (!m) return null;
  return { sheet: (m[1] ?? m[2] ?? '').replace(/''/g, "'"), col: m[3]! };
}

/**
 * Width in characters that shows the values of a column read with its right neighbour: every number,
 * and every text whose neighbour is filled (a text beside an empty cell, such as a title, flows over
 * it and needs no width). A little padding; bold headers are wider.
 */
function widthFor(rows: unknown): number | null {
  if (!Array.isArray(rows)) return null;
  let longest = 0;
  for (const row of rows) {
    const v = Array.isArray(row) ? row[0] : undefined;
    const next = Array.isArray(row) ? row[1] : undefined;
    if (v === null || v === undefined) continue;
    if (typeof v === 'string' && (next === null || next === undefined)) continue;
    const text = typeof v === 'number' ? v.toLocaleString('en-US', { maximumFractionDigits: 2 }) : String(v);
    longest = Math.max(longest, ...text.split('\n').map((l) => l.length));
  }
  return longest ? Math.min(MAX_WIDTH, Math.ceil(longest * 1.15 + 2)) : null;
}

export function planReview(reviewText: string, toolNames: Set<string>): OfflinePlan {
  const findings = parseReviewMessage(reviewText);
  const columns = new Map<string, { sheet: string; col: string }>();
  const left: string[] = [];
  for (const f of findings) {
    const at = WIDENED.has(f.code) && toolNames.has('set_column_widths') ? sheetColumn(f.location) : null;
    if (at) columns.set(`${at.sheet.toLowerCase()}!${at.col}`, at);
    else left.push(`${f.code} at ${f.location}`);
  }
  const targets = [...columns.values()];
  if (!targets.length) {
    return { batches: [], summary: `Review: the offline model cannot fix ${describe(left)} automatically; ${left.length === 1 ? 'it is' : 'they are'} left as ${left.length === 1 ? 'it is' : 'they are'}. (offline model)` };
  }
  const reads: PlannedCall[] = targets.map((t) => ({ toolName: 'read_range', input: { sheet: t.sheet, range: `${t.col}1:${numberToColumn(columnToNumber(t.col) + 1)}${READ_ROWS / 2}` } }));
  const widen = (prior: PriorResults): PlannedCall[] => {
    const bySheet = new Map<string, Record<string, number>>();
    targets.forEach((t, i) => {
      const width = widthFor((prior[i] as { rows?: unknown } | undefined)?.rows);
      if (width === null) return;
      const widths = bySheet.get(t.sheet) ?? {};
      widths[numberToColumn(columnToNumber(t.col))] = width;
      bySheet.set(t.sheet, widths);
    });
    return [...bySheet].map(([sheet, widths]) => ({ toolName: 'set_column_widths', input: { sheet, widths } }));
  };
  const fixed = targets.map((t) => `${t.sheet}!${t.col}`).join(', ');
  const rest = left.length ? ` Left as they are: ${describe(left)} (the offline model cannot fix them automatically).` : '';
  return { batches: [reads, widen], summary: `Review: widened column${targets.length === 1 ? '' : 's'} ${fixed} to fit ${targets.length === 1 ? 'its' : 'their'} contents.${rest} (offline model)` };
}

function describe(items: string[]): string {
  return items.length <= 4 ? items.join('; ') : `${items.slice(0, 4).join('; ')} and ${items.length - 4} more`;
}
