/**
 * The offline model's answer to a review message: it fixes what it can deterministically and says
 * what it leaves. A clipped text or a number shown as #### is fixed by fitting its column to its
 * contents (autofit_columns); a chart over another chart or over data moves to the free place the
 * inspection names (update_chart); every other finding is left as it is and named in the answer.
 */
import { parseReviewMessage } from '../review/review-message';
import type { OfflinePlan, PlannedCall } from './plan-types';

const WIDENED = new Set(['text_clipped', 'number_hashes']);

/** "Sales!B4", "'Q1 Sales'!B4", "Sales!B4:B9" → sheet and column letters */
function sheetColumn(location: string): { sheet: string; col: string } | null {
  const m = /^(?:'((?:[^']|'')+)'|([^!]+))!\$?([A-Z]{1,3})\$?\d+/.exec(location.trim());
  if (!m) return null;
  return { sheet: (m[1] ?? m[2] ?? '').replace(/''/g, "'"), col: m[3]! };
}

/** "… move rev_share to a free place such as D18:K32." → the chart and the anchor the inspection found free. */
const MOVE = /\bmove (\S+) to a free place such as ('?[^\s.,;]*?'?!?\$?[A-Z]{1,3}\$?\d+:\$?[A-Z]{1,3}\$?\d+)/;

export function planReview(reviewText: string, toolNames: Set<string>): OfflinePlan {
  const findings = parseReviewMessage(reviewText);
  const bySheet = new Map<string, { sheet: string; cols: Set<string> }>();
  const moves = new Map<string, string>();
  const left: string[] = [];
  for (const f of findings) {
    const move = (f.code === 'chart_overlap' || f.code === 'chart_covers_data') && toolNames.has('update_chart') ? MOVE.exec(f.message) : null;
    if (move) {
      // one move per chart: the first free place named for it
      if (!moves.has(move[1]!)) moves.set(move[1]!, move[2]!.replace(/^.*!/, ''));
      continue;
    }
    const at = WIDENED.has(f.code) && toolNames.has('autofit_columns') ? sheetColumn(f.location) : null;
    if (!at) {
      left.push(`${f.code.replace(/_/g, ' ')} (${f.location})`);
      continue;
    }
    const key = at.sheet.toLowerCase();
    const entry = bySheet.get(key) ?? { sheet: at.sheet, cols: new Set<string>() };
    entry.cols.add(at.col);
    bySheet.set(key, entry);
  }
  if (!bySheet.size && !moves.size) {
    return {
      batches: [],
      summary: `Review: left as ${left.length === 1 ? 'it is' : 'they are'}, which the offline model cannot fix: ${describe(left)} (see the warnings). (offline model)`,
    };
  }
  const calls: PlannedCall[] = [
    ...[...bySheet.values()].map((e) => ({ toolName: 'autofit_columns', input: { sheet: e.sheet, columns: [...e.cols].join(',') } })),
    ...[...moves].map(([id, anchor]) => ({ toolName: 'update_chart', input: { id, anchor } })),
  ];
  const targets = [...bySheet.values()].flatMap((e) => [...e.cols].map((c) => `${e.sheet}!${c}`));
  const did = [
    ...(targets.length ? [`widened column${targets.length === 1 ? '' : 's'} ${targets.join(', ')} to fit ${targets.length === 1 ? 'its' : 'their'} contents`] : []),
    ...(moves.size ? [`moved ${[...moves].map(([id, anchor]) => `chart ${id} to ${anchor}`).join(', ')}`] : []),
  ];
  const rest = left.length ? ` Left as ${left.length === 1 ? 'it is' : 'they are'}, which the offline model cannot fix: ${describe(left)} (see the warnings).` : '';
  return { batches: [calls], summary: `Review: ${did.join('; ')}.${rest} (offline model)` };
}

function describe(items: string[]): string {
  return items.length <= 4 ? items.join('; ') : `${items.slice(0, 4).join('; ')} and ${items.length - 4} more`;
}
