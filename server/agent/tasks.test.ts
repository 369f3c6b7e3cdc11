import { describe, expect, it } from 'vitest';
import { parseDeck } from '@/server/documents/deck/schema';
import { parseWorkbook } from '@/server/documents/workbook/schema';
import { summarizeWorkbook } from '@/server/documents/workbook/summarize-workbook';
import { loadEnv } from '@/server/env';
import { analyzeWorkbook, workbookDump } from './analyze-workbook';
import { generateOutline, outlineToPrompt } from './generate-outline';
import { deckIndex } from './memory/deck-index';
import { indexFromText, indexToText } from './memory/index-text';
import { aiSettingsFromEnv, resolveModel, type AiSettings } from './providers/resolve-model';
import { runAgent } from './run-agent';
import { runTextTask } from './run-text-task';
import { fileTools } from './tools/file-tools';
import { createWorkbookState, finishWorkbook, finishWorkbookText, workbookTools } from './tools/workbook-tools';
import type { StructuralIndex } from './types';

const settings: AiSettings = { provider: 'offline', maxTurns: 24, timeoutMs: 10_000 };

describe('configuration', () => {
  const base = { DATA_DIR: './data/test', AUTH_SECRET: 'x'.repeat(40) };
  it('defaults to the offline model', () => {
    const s = aiSettingsFromEnv(loadEnv(base));
    expect(s).toMatchObject({ provider: 'offline', maxTurns: 24, timeoutMs: 120_000 });
    expect(resolveModel(s).provider).toBe('offline');
  });
  it('fails clearly without a key or base URL', () => {
    expect(() => loadEnv({ ...base, AI_PROVIDER: 'openai' })).toThrow(/AI_API_KEY: required when AI_PROVIDER=openai/);
    expect(() => loadEnv({ ...base, AI_PROVIDER: 'anthropic', OPENAI_API_KEY: 'k' })).toThrow(/ANTHROPIC_API_KEY/);
    expect(() => loadEnv({ ...base, AI_PROVIDER: 'openai-compatible', AI_MODEL: 'llama3' })).toThrow(/AI_BASE_URL: required/);
    expect(() => loadEnv({ ...base, AI_PROVIDER: 'openai-compatible', AI_BASE_URL: 'http://127.0.0.1:11434/v1' })).toThrow(/AI_MODEL: required/);
    expect(() => loadEnv({ ...base, AI_PROVIDER: 'nope' })).toThrow(/AI_PROVIDER/);
  });
  it('takes the provider-specific key as a fallback', () => {
    const s = aiSettingsFromEnv(loadEnv({ ...base, AI_PROVIDER: 'anthropic', ANTHROPIC_API_KEY: 'ak', AI_MAX_TURNS: '5' }));
    expect(s).toMatchObject({ provider: 'anthropic', apiKey: 'ak', maxTurns: 5 });
    expect(resolveModel(s).modelId).toBe('claude-sonnet-4-5');
  });
});

describe('memory index text', () => {
  it('round-trips each format', () => {
    const cases: StructuralIndex[] = [
      { kind: 'workbook', sheets: [{ name: 'Sales "EU"', usedRange: 'A1:C9', headers: ['Month', 'A | B'], headerRow: 3, tables: ['T1 A3:C8'], charts: ['c1 (line "x") at E2:K20'], frozen: { rows: 3, cols: 0 } }, { name: 'Empty', usedRange: null, headers: [], tables: [], charts: [] }] },
      { kind: 'document', title: 'Plan', footer: 'Page {page}', sections: [{ id: 'intro', level: 0, title: '(before the first heading)', blocks: 2 }, { id: 'goals', level: 2, title: 'Goals: 2025', blocks: 3 }], tables: 1, images: 0 },
      { kind: 'deck', title: 'Deck', slides: [{ id: 's1', title: 'Hello', layout: 'title' }, { id: 's2', title: 'Plan', layout: 'chart', visuals: ['chart line: categories ["Q1","Q2"]; "Sales" [1,2]', 'image "Logo"'] }, { id: 's3', title: 'Next', layout: 'title-bullets' }] },
    ];
    const back = cases.map((c) => indexFromText(indexToText(c)));
    expect(back[0]).toEqual({ ...cases[0], sheets: [{ ...(cases[0] as { sheets: object[] }).sheets[0], name: "Sales 'EU'", headers: ['Month', 'A / B'] }, (cases[0] as { sheets: object[] }).sheets[1]] });
    expect(back[1]).toEqual(cases[1]);
    expect(back[2]).toEqual(cases[2]);
  });
});

describe('deck memory index', () => {
  const chart = (n: number) => ({
    kind: 'chart' as const,
    chartType: 'column' as const,
    categories: Array.from({ length: n }, (_, i) => `M${i + 1}`),
    series: [{ name: 'Activated', values: Array.from({ length: n }, (_, i) => 100 + i) }],
  });
  it('carries small charts with their data (no read needed to extend one), tables by header, within a budget', () => {
    const deck = parseDeck({
      slides: [
        { id: 's1', layout: 'chart', title: 'Activation', elements: [chart(6)] },
        { id: 's2', layout: 'table', title: 'Owners', elements: [{ kind: 'table', rows: [['Area', 'Owner'], ['Training', 'Support']] }] },
        { id: 's3', layout: 'chart', title: 'Long', elements: [chart(40)] },
        ...Array.from({ length: 30 }, (_, i) => ({ id: `c${i}`, layout: 'chart', title: `Chart ${i}`, elements: [chart(20)] })),
      ],
    });
    const ix = deckIndex(deck);
    expect(ix.slides[0]!.visuals).toEqual(['chart column: categories ["M1","M2","M3","M4","M5","M6"]; "Activated" [100,101,102,103,104,105]']);
    expect(ix.slides[1]!.visuals).toEqual(['table 2x2: Area | Owner']);
    expect(ix.slides[2]!.visuals).toEqual(['chart column: 40 categories "M1"…"M40"; series "Activated" (values: read_slide)']);
    const text = indexToText(ix);
    expect(text).toContain('s1 [chart] Activation\n  chart column: categories');
    // chart data is bounded for the deck (1,500 chars); the rest name their series only
    expect(ix.slides.filter((x) => x.visuals?.[0]?.includes('categories [')).length).toBeLessThan(10);
    expect(text.length).toBeLessThan(33 * 100 + 1500);
    expect(ix.slides.at(-1)!.visuals![0]).toMatch(/read_slide/);
    expect(indexFromText(text)).toEqual(ix);
  });
});

describe('tools', () => {
  it('return compact errors instead of throwing', async () => {
    const st = createWorkbookState({ sheets: [{ name: 'S' }] });
    const tools = workbookTools(st);
    const call = (name: string, input: unknown) => tools[name]!.execute!(input, { toolCallId: 't', messages: [] });
    expect(await call('write_range', { sheet: 'X', start: 'A1', rows: [[1]] })).toEqual({ ok: false, error: 'no sheet "X"; sheets: S' });
    expect(await call('write_range', { sheet: 'S', start: 'A0', rows: [[1]] })).toMatchObject({ ok: false, error: expect.stringMatching(/^invalid input: start: expected an A1 address/) });
    expect(await call('add_chart', { sheet: 'S', id: 'c', type: 'radar', series: [], anchor: 'A1:B2' })).toMatchObject({ ok: false, error: expect.stringMatching(/type/) });
    expect(await call('define_table', { sheet: 'S', name: 'T', range: 'A1:B3' })).toEqual({ ok: false, error: 'header cell A1 must hold text; write the headers first' });
    expect(await call('write_range', { sheet: 'S', start: 'B2', rows: [['=1+1', 3]] })).toEqual({ ok: true, written: 'B2:C2', cells: 2, values: { B2: 2 } });
    expect(await call('read_range', { sheet: 'S', range: 'B2:C2' })).toEqual({ ok: true, range: 'B2:C2', rows: [[2, 3]], formulas: { B2: '=1+1' } });
    expect(st.changes).toBe(1);
  });

  it('a validated model is validated once: finishing it unchanged returns it as it is; any call that may change it validates it', async () => {
    const model = parseWorkbook({ sheets: [{ name: 'S', cells: { A1: { value: 1 } } }] });
    const call = (tools: Record<string, { execute?: unknown }>, name: string, input: unknown) =>
      (tools[name]!.execute as (i: unknown, o: unknown) => Promise<unknown>)(input, { toolCallId: 't', messages: [] });

    const stored = createWorkbookState(model, { validated: true });
    const tools = workbookTools(stored);
    await call(tools, 'read_range', { sheet: 'S', range: 'A1:A1' });
    await call(tools, 'describe_workbook', {});
    expect(finishWorkbook(stored)).toBe(stored.wb);
    // a call that fails may still have changed something: the result is validated again
    expect(await call(tools, 'write_range', { sheet: 'X', start: 'A1', rows: [[1]] })).toMatchObject({ ok: false });
    expect(finishWorkbook(stored)).not.toBe(stored.wb);
    expect(finishWorkbook(stored)).toEqual(model);

    // a whole uploaded file taken as the workbook: its reader validated it
    const file = { id: 'file_1', name: 'f.xlsx', kind: 'xlsx' as const, workbookJson: JSON.stringify(model), source: { blobKey: 'uploads/f', sha256: 'a'.repeat(64) } };
    const fromFile = createWorkbookState(null);
    await call(fileTools([file], fromFile), 'import_file_sheets', { fileId: 'file_1' });
    expect(finishWorkbook(fromFile)).toBe(fromFile.wb);
    expect(finishWorkbook(fromFile)).toEqual({ ...model, source: file.source });
    // the file read afterwards is the file, whatever the workbook became
    const both = fileTools([file], fromFile);
    await call(workbookTools(fromFile), 'write_range', { sheet: 'S', start: 'A1', rows: [[2]] });
    expect(await call(both, 'read_file', { fileId: 'file_1', sheet: 'S', range: 'A1:A1' })).toMatchObject({ ok: true, rows: [[1]] });
    expect(finishWorkbook(fromFile).sheets[0]!.cells.A1).toEqual({ value: 2 });

    // with the reader's summary: the whole file stays its JSON text until a tool reads the workbook
    const summarized = { ...file, summary: summarizeWorkbook(model) };
    const asText = createWorkbookState(null);
    await call(fileTools([summarized], asText), 'import_file_sheets', { fileId: 'file_1' });
    expect(finishWorkbookText(asText)).toEqual({ json: file.workbookJson, source: file.source, summary: summarized.summary });
    await call(workbookTools(asText), 'describe_workbook', {});
    expect(finishWorkbookText(asText)).toBeNull();
    expect(finishWorkbook(asText)).toBe(asText.wb);
    expect(finishWorkbook(asText)).toEqual({ ...model, source: file.source });

    // some sheets copied into a workbook: validated when finished
    const partial = createWorkbookState({ sheets: [{ name: 'Own' }] }, {});
    await call(fileTools([file], partial), 'import_file_sheets', { fileId: 'file_1', sheets: ['S'] });
    expect(finishWorkbook(partial)).not.toBe(partial.wb);
    expect(finishWorkbook(partial).sheets.map((x) => x.name)).toEqual(['Own', 'S']);
  });
});

describe('offline outline, analysis and text tasks', () => {
  it('outlines the asked number of slides on the subject, and the outline becomes a generate prompt', async () => {
    const o = await generateOutline({ prompt: 'a deck about onboarding', slideCount: 5 }, { settings });
    expect(o.title).toBe('Onboarding');
    expect(o.slides).toHaveLength(5);
    expect(o.provider).toBe('offline');
    await expect(generateOutline({ prompt: 'x', slideCount: 31 }, { settings })).rejects.toThrow(/1 to 30/);
    const deck = await runAgent({ format: 'slides', prompt: outlineToPrompt(o), document: null, memory: null }, { settings });
    expect((deck.document as { slides: unknown[] }).slides).toHaveLength(5);
  });

  it('answers from computed values with the cells used', async () => {
    const wb = { sheets: [{ name: 'Sales', cells: { A1: { value: 'Month' }, B1: { value: 'Revenue' }, A2: { value: 'Jan' }, B2: { value: 100 }, A3: { value: 'Feb' }, B3: { formula: 'B2*2' }, A4: { value: 'Total' }, B4: { formula: 'SUM(B2:B3)' } } }] };
    const total = await analyzeWorkbook({ question: 'What is the total revenue?', workbook: wb }, { settings });
    expect(total.answer).toMatch(/300/);
    expect(total.cells_used).toEqual([{ sheet: 'Sales', ref: 'B2', value: 100 }, { sheet: 'Sales', ref: 'B3', value: 200 }]);
    const best = await analyzeWorkbook({ question: 'Which month had the highest revenue?', workbook: wb }, { settings });
    expect(best.answer).toMatch(/200 \(Feb\)/);
  });

  it('shows the model what Excel hides, and the defined names with their values', async () => {
    const wb = {
      definedNames: [
        { name: 'Rate', ref: "'Inputs & rates'!$B$1" },
        { name: 'Months', ref: 'Sales!$A$2:$A$4', sheet: 'Sales' },
      ],
      sheets: [
        {
          name: 'Sales',
          columns: { C: { hidden: true } },
          rows: { '3': { hidden: true } },
          cells: { A1: { value: 'Month' }, B1: { value: 'Revenue' }, A2: { value: 'Jan' }, B2: { value: 100 }, A3: { value: 'Feb' }, B3: { value: 50 }, C2: { value: 'note' }, A4: { value: 'Mar' }, B4: { formula: 'B2*Rate' } },
        },
        { name: 'Inputs & rates', state: 'hidden', cells: { A1: { value: 'Rate' }, B1: { value: 1.5 } } },
      ],
    };
    const dump = workbookDump(wb).text.split('\n');
    expect(dump).toContain('(hidden columns: C)');
    expect(dump).toContain('(hidden row) A3=Feb | B3=50');
    expect(dump).toContain('A4=Mar | B4=150');
    expect(dump).toContain('Sheet "Inputs & rates" (hidden sheet)');
    expect(dump).toContain("Rate = 'Inputs & rates'!$B$1 → 1.5");
    expect(dump).toContain('Months (sheet "Sales") = Sales!$A$2:$A$4');
    // the offline model still reads every row, hidden ones included (as SUM does)
    const total = await analyzeWorkbook({ question: 'What is the total revenue?', workbook: wb }, { settings });
    expect(total.answer).toMatch(/\b300\b/);
  });

  it('summarizes, rewrites and generates deterministically', async () => {
    const s = await runTextTask({ kind: 'summarize', prompt: 'summarize', text: 'First point here. More detail.\n\nSecond point here. Even more.' }, { settings });
    expect(s.text).toBe('First point here. Second point here.');
    const r = await runTextTask({ kind: 'rewrite', prompt: 'make it formal', text: "we can't ship it", style: 'formal' }, { settings });
    expect(r.text).toBe('We cannot ship it');
    const g1 = await runTextTask({ kind: 'generate', prompt: 'a short note about recycling' }, { settings });
    const g2 = await runTextTask({ kind: 'generate', prompt: 'a short note about recycling' }, { settings });
    expect(g1.text).toBe(g2.text);
    expect(g1.text).toMatch(/recycling/i);
    expect(g1.text).toMatch(/offline model/);
    await expect(runTextTask({ kind: 'summarize', prompt: 'x' }, { settings })).rejects.toThrow(/text is required/);
  });
});
