/** POST /excel/analyze: answers a question about a workbook from its computed values, with the cells used. */
import { generateText, Output, type LanguageModel } from 'ai';
import { aiTelemetry } from '../tracing/ai-telemetry';
import { z } from 'zod';
import { toAddress, parseAddress } from '@/lib/workbook/cell-ref';
import { evaluateWorkbook, isErrorValue } from '@/server/documents/workbook/evaluate-formulas';
import { parseWorkbook } from '@/server/documents/workbook/schema';
import { aiSettingsFromEnv, resolveModel, type AiSettings } from './providers/resolve-model';
import type { AgentUsage } from './types';

const cellValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);

export const workbookAnswerSchema = z.object({
  answer: z.string().min(1),
  cells_used: z.array(z.object({ sheet: z.string(), ref: z.string(), value: cellValue })).max(500),
});

export type WorkbookAnswer = z.infer<typeof workbookAnswerSchema>;

export interface AnalyzeWorkbookInput {
  question: string;
  /** a workbook model (server/documents/workbook) */
  workbook: unknown;
  signal?: AbortSignal;
}

export interface AnalyzeOptions {
  settings?: AiSettings;
  model?: LanguageModel;
  /** most cells sent to the model (default 4000) */
  maxCells?: number;
}

/**
 * Computed values, sheet by sheet, one line per row: `A1=Month | B1=Revenue`. What Excel hides is
 * marked, not dropped (a hidden sheet, rows a filter or an outline hides, hidden columns): a person
 * looking at the file does not see them, and SUBTOTAL/AGGREGATE leave hidden rows out. Defined
 * names are listed with what they refer to (and the value, for a single cell).
 */
export function workbookDump(workbook: unknown, maxCells = 4000): { text: string; values: Map<string, string | number | boolean | null>; truncated: boolean } {
  const wb = parseWorkbook(workbook);
  const ev = evaluateWorkbook(wb);
  const values = new Map<string, string | number | boolean | null>();
  const lines: string[] = [];
  let count = 0;
  let truncated = false;
  for (const s of wb.sheets) {
    const rows = new Map<number, Array<[number, string]>>();
    for (const a of Object.keys(s.cells)) {
      const v = ev.get(s.name, a);
      if (v === null || v === '') continue;
      const shown = isErrorValue(v) ? v.error : typeof v === 'number' ? Math.round(v * 1e6) / 1e6 : v;
      values.set(`${s.name}!${a}`, shown);
      const { row, col } = parseAddress(a);
      let r = rows.get(row);
      if (!r) rows.set(row, (r = []));
      r.push([col, `${a}=${String(shown).replace(/\s*\|\s*/g, ' / ').replace(/\n/g, ' ')}`]);
    }
    const state = s.state === 'hidden' ? ' (hidden sheet)' : s.state === 'veryHidden' ? ' (very hidden sheet)' : '';
    lines.push(`Sheet "${s.name}"${state}`);
    const hiddenCols = Object.entries(s.columns)
      .filter(([, c]) => c.hidden)
      .map(([k]) => k);
    if (hiddenCols.length) lines.push(`(hidden columns: ${hiddenCols.join(', ')})`);
    for (const [row, cells] of [...rows].sort((x, y) => x[0] - y[0])) {
      if (count >= maxCells) {
        truncated = true;
        break;
      }
      cells.sort((x, y) => x[0] - y[0]);
      lines.push(`${s.rows[String(row)]?.hidden ? '(hidden row) ' : ''}${cells.map(([, t]) => t).join(' | ')}`);
      count += cells.length;
    }
  }
  if (wb.definedNames?.length) {
    lines.push('Defined names');
    for (const n of wb.definedNames) {
      const single = /^(?:'((?:[^']|'')+)'|([^'!]+))!\$?([A-Za-z]{1,3})\$?(\d+)$/.exec(n.ref);
      const v = single ? values.get(`${(single[1] ?? single[2])!.replace(/''/g, "'")}!${single[3]!.toUpperCase()}${single[4]}`) : undefined;
      lines.push(`${n.name}${n.sheet ? ` (sheet "${n.sheet}")` : ''} = ${n.ref}${v !== undefined ? ` → ${String(v)}` : ''}`);
    }
  }
  return { text: lines.join('\n'), values, truncated };
}

export async function analyzeWorkbook(input: AnalyzeWorkbookInput, options: AnalyzeOptions = {}): Promise<WorkbookAnswer & { usage: AgentUsage; provider: string }> {
  const settings = options.settings ?? aiSettingsFromEnv();
  const resolved = options.model ? { model: options.model, provider: settings.provider } : resolveModel(settings);
  const dump = workbookDump(input.workbook, options.maxCells);
  const result = await generateText({
    model: resolved.model,
    experimental_telemetry: aiTelemetry('analyze-workbook'),
    system:
      'You answer questions about a spreadsheet from its computed cell values (formulas already evaluated). Answer with JSON: "answer" (a short, direct answer with the figures) and "cells_used" (every cell you relied on: sheet, ref like "B4", value). Do not guess values that are not in the data.',
    prompt: `<workbook>\n${dump.text}\n</workbook>${dump.truncated ? '\n(the workbook was truncated)' : ''}\n<question>\n${input.question}\n</question>`,
    output: Output.object({ schema: workbookAnswerSchema, name: 'workbook_answer' }),
    maxRetries: settings.maxRetries ?? (resolved.provider === 'offline' ? 0 : 2),
    timeout: { stepMs: settings.timeoutMs },
    ...(input.signal ? { abortSignal: input.signal } : {}),
  });
  // cells_used carry the workbook's own values, not the model's copy; unknown cells are dropped
  const cells = result.output.cells_used
    .map((c) => {
      let ref = c.ref.replace(/\$/g, '').toUpperCase();
      try {
        ref = toAddress(parseAddress(ref));
      } catch {
        return undefined;
      }
      const key = `${c.sheet}!${ref}`;
      return dump.values.has(key) ? { sheet: c.sheet, ref, value: dump.values.get(key) ?? null } : undefined;
    })
    .filter((c): c is { sheet: string; ref: string; value: string | number | boolean | null } => c !== undefined);
  return {
    answer: result.output.answer,
    cells_used: cells,
    usage: { inputTokens: result.totalUsage.inputTokens ?? 0, outputTokens: result.totalUsage.outputTokens ?? 0 },
    provider: resolved.provider,
  };
}
