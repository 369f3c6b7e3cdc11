// The offline model's review answer: clipped texts and #### numbers are fixed by fitting their
// columns (one autofit_columns call per sheet), which clears those findings; the rest is named as left.
import { describe, expect, it } from 'vitest';
import { inspectWorkbook } from '@/server/documents/workbook/inspect-workbook';
import { reviewMessage } from '../review/review-message';
import { createWorkbookState, finishWorkbook, workbookTools } from '../tools/workbook-tools';
import { runTool } from '../tools/testing/run-tool';
import { planReview } from './plan-review';
import type { PlannedCall } from './plan-types';

describe('planReview', () => {
  it('fits the clipped columns of each sheet, and the inspection then finds them fixed', async () => {
    const state = createWorkbookState(null);
    const tools = workbookTools(state);
    const call = (name: string, input: unknown) => runTool(tools, name, input);
    await call('add_sheet', { name: 'Q1 Sales' });
    await call('write_range', {
      sheet: 'Q1 Sales',
      start: 'A1',
      rows: [
        ['Region name', 'Revenue'],
        ['North America', 1234567.5],
        ['South', 98765],
      ],
      numFmt: '$#,##0.00',
    });
    await call('set_column_widths', { sheet: 'Q1 Sales', widths: { A: 5, B: 5 } });
    const findings = inspectWorkbook(finishWorkbook(state)).filter((f) => f.severity !== 'info');
    expect(findings.map((f) => f.code).sort()).toEqual(['number_hashes', 'text_clipped']);

    const plan = planReview(
      reviewMessage(
        [
          ...findings,
          { code: 'chart_overlap', severity: 'warning', location: "'Q1 Sales' charts a, b", message: 'a overlaps b' },
        ],
        1,
        2,
      ),
      new Set(['autofit_columns', 'read_range']),
    );
    expect(plan.batches).toEqual([
      [{ toolName: 'autofit_columns', input: { sheet: 'Q1 Sales', columns: expect.stringMatching(/^(A,B|B,A)$/) } }],
    ]);
    expect(plan.summary).toMatch(
      /^Review: widened columns Q1 Sales!\w, Q1 Sales!\w to fit their contents\. Left as it is, which the offline model cannot fix: chart overlap \('Q1 Sales' charts a, b\)/,
    );
    for (const c of plan.batches[0] as PlannedCall[])
      expect(await call(c.toolName, c.input)).toMatchObject({ ok: true });
    expect(inspectWorkbook(finishWorkbook(state)).filter((f) => f.severity !== 'info')).toEqual([]);
  });

  it('moves a chart that overlaps another to the free place the inspection names, which clears the finding', async () => {
    const state = createWorkbookState(null);
    const tools = workbookTools(state);
    const call = (name: string, input: unknown) => runTool(tools, name, input);
    await call('add_sheet', { name: 'Sales' });
    await call('write_range', { sheet: 'Sales', start: 'A1', rows: [['Region', 'Revenue'], ['North', 120], ['South', 90]] });
    const chart = (id: string) => ({ sheet: 'Sales', id, type: 'column', categories: 'A2:A3', series: [{ name: 'Revenue', values: 'B2:B3' }], anchor: 'D2:K16' });
    await call('add_chart', chart('first'));
    await call('add_chart', chart('second'));
    const findings = inspectWorkbook(finishWorkbook(state)).filter((f) => f.severity !== 'info');
    expect(findings.map((f) => f.code)).toEqual(['chart_overlap']);

    const plan = planReview(reviewMessage(findings, 1, 2), new Set(['autofit_columns', 'update_chart']));
    const calls = plan.batches[0] as PlannedCall[];
    expect(calls).toEqual([{ toolName: 'update_chart', input: { id: 'second', anchor: expect.stringMatching(/^[A-Z]+\d+:[A-Z]+\d+$/) } }]);
    expect(plan.summary).toMatch(/^Review: moved chart second to [A-Z]+\d+:[A-Z]+\d+\. \(offline model\)$/);
    for (const c of calls) expect(await call(c.toolName, c.input)).toMatchObject({ ok: true });
    expect(inspectWorkbook(finishWorkbook(state)).filter((f) => f.severity !== 'info')).toEqual([]);
  });

  it('without autofit_columns among the tools, leaves every finding and says so', () => {
    const plan = planReview(
      reviewMessage([{ code: 'text_clipped', severity: 'warning', location: 'S!A1', message: 'clipped' }], 1, 2),
      new Set(['read_range']),
    );
    expect(plan).toEqual({
      batches: [],
      summary:
        'Review: left as it is, which the offline model cannot fix: text clipped (S!A1) (see the warnings). (offline model)',
    });
  });
});
