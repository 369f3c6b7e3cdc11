import { afterEach, describe, expect, it } from 'vitest';
import { parseWorkbook } from '@/server/documents/workbook/schema';
import { analyzeWorkbook } from '../analyze-workbook';
import { runAgent } from '../run-agent';
import { startScriptedAnthropicServer } from '../testing/scripted-anthropic-server';
import { startScriptedOpenAIServer, type ScriptedReply, type ScriptedServer } from '../testing/scripted-openai-server';
import type { AiSettings } from './resolve-model';

const servers: ScriptedServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function openaiServer(script: Parameters<typeof startScriptedOpenAIServer>[0]) {
  const s = await startScriptedOpenAIServer(script);
  servers.push(s);
  return s;
}

const settingsFor = (provider: AiSettings['provider'], url: string, extra: Partial<AiSettings> = {}): AiSettings => ({
  provider,
  model: 'scripted-model',
  baseUrl: url,
  apiKey: 'test-key-123',
  maxTurns: 10,
  timeoutMs: 5_000,
  maxRetries: 0,
  ...extra,
});

interface OpenAIMessage {
  role: string;
  content: string | null;
  tool_call_id?: string;
}

const buildScript: ScriptedReply[] = [
  {
    toolCalls: [
      { name: 'add_sheet', input: { name: 'Sales' } },
      { name: 'write_range', input: { sheet: 'Sales', start: 'A1', rows: [['Month', 'Revenue'], ['Jan', 100], ['Feb', 150], ['Total', '=SUM(B2:B3)']] } },
    ],
  },
  {
    // two bad calls: an unknown sheet, and an input that fails the zod schema
    toolCalls: [
      { name: 'write_range', input: { sheet: 'Nope', start: 'A1', rows: [[1]] } },
      { name: 'format_range', input: { sheet: 'Sales', range: 'not a range', style: { bold: 'yes' } } },
    ],
  },
  { toolCalls: [{ name: 'format_range', input: { sheet: 'Sales', range: 'A1:B1', style: { bold: true } } }] },
  { text: 'Built a Sales sheet with a total.' },
];

describe('openai-compatible provider over HTTP', () => {
  it('runs tool calls, returns validation errors to the model, and reports the server usage', async () => {
    const server = await openaiServer(buildScript);
    const turns: number[] = [];
    const out = await runAgent(
      { format: 'excel', prompt: 'A small sales sheet', document: null, memory: null, onProgress: (p) => void turns.push(p.turnIndex) },
      { settings: settingsFor('openai-compatible', server.url) },
    );
    const wb = parseWorkbook(out.document);
    expect(wb.sheets[0]!.cells.B4?.formula).toBe('SUM(B2:B3)');
    expect(wb.sheets[0]!.cells.A1?.style?.bold).toBe(true);
    expect(out.summary).toBe('Built a Sales sheet with a total.');
    expect(out.provider).toBe('openai-compatible');
    expect(out.turns).toBe(4);
    expect(turns).toEqual([1, 2, 3, 4]);
    expect(server.requests).toHaveLength(4);
    // usage is the provider's: the sum of what the server charged
    expect(out.usage.inputTokens).toBe(server.requests.reduce((n, r) => n + r.promptTokens, 0));
    expect(out.usage.outputTokens).toBeGreaterThan(0);
    const first = server.requests[0]!;
    expect(first.headers.authorization).toBe('Bearer test-key-123');
    expect(first.body.model).toBe('scripted-model');
    expect((first.body.tools as Array<{ function: { name: string } }>).map((t) => t.function.name)).toContain('write_range');
    // the tool errors went back to the model as compact results
    const third = server.requests[2]!.body.messages as OpenAIMessage[];
    const toolResults = third.filter((m) => m.role === 'tool').map((m) => String(m.content));
    expect(toolResults.some((c) => c.includes('"ok":false') && c.includes('no sheet \\"Nope\\"; sheets: Sales'))).toBe(true);
    expect(toolResults.some((c) => c.includes('invalid input') && c.includes('range'))).toBe(true);
    expect(toolResults.every((c) => c.length < 400)).toBe(true);
  });

  it('resumes from memory: the turn-2 request does not carry the document; reads fetch what is needed', async () => {
    const marker = 'ZEBRA-7731';
    const turn1 = await openaiServer([
      {
        toolCalls: [
          { name: 'add_sheet', input: { name: 'Data' } },
          { name: 'write_range', input: { sheet: 'Data', start: 'A1', rows: [['Name', 'Score'], ...Array.from({ length: 40 }, (_, i) => [`${marker}-${i}`, i])] } },
        ],
      },
      { text: 'Wrote 40 rows.' },
    ]);
    const first = await runAgent({ format: 'excel', prompt: 'scores', document: null, memory: null }, { settings: settingsFor('openai-compatible', turn1.url) });
    expect(turn1.requests[1]!.raw).toContain(marker);

    const turn2 = await openaiServer([
      { toolCalls: [{ name: 'read_range', input: { sheet: 'Data', range: 'A2:B3' } }] },
      { toolCalls: [{ name: 'write_range', input: { sheet: 'Data', start: 'C1', rows: [['Rank']] } }] },
      { text: 'Added a Rank header.' },
    ]);
    const second = await runAgent({ format: 'excel', prompt: 'add a Rank column', document: first.document, memory: first.memory }, { settings: settingsFor('openai-compatible', turn2.url) });
    const firstReq = turn2.requests[0]!.raw;
    expect(firstReq).not.toContain(marker);
    expect(firstReq).toContain('<memory>');
    expect(firstReq).toContain('A1:B41'); // the structural index: used range
    expect(firstReq).toContain('Score'); // … and headers
    // only the two rows read on demand come back
    expect(turn2.requests[1]!.raw).toContain(`${marker}-0`);
    expect(turn2.requests[1]!.raw).not.toContain(`${marker}-5`);
    expect(parseWorkbook(second.document).sheets[0]!.cells.C1?.value).toBe('Rank');
    expect(second.usage.inputTokens).toBeLessThan(first.usage.inputTokens * 2);
    // the list tool repeats the index: it is offered only once the task has changed the workbook
    const toolNames = (i: number) => (turn2.requests[i]!.body.tools as Array<{ function: { name: string } }>).map((t) => t.function.name);
    expect(toolNames(0)).toContain('read_range');
    expect(toolNames(0)).not.toContain('describe_workbook');
    expect(toolNames(1)).not.toContain('describe_workbook');
    expect(toolNames(2)).toContain('describe_workbook');
  });

  it('gives up on a model slower than AI_TIMEOUT_MS', async () => {
    const server = await openaiServer([{ text: 'too late', delayMs: 3_000 }]);
    const started = Date.now();
    await expect(
      runAgent({ format: 'excel', prompt: 'x', document: null, memory: null }, { settings: settingsFor('openai-compatible', server.url, { timeoutMs: 1_000 }) }),
    ).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(2_900);
  });

  it('stops at AI_MAX_TURNS', async () => {
    const server = await openaiServer(() => ({ toolCalls: [{ name: 'describe_workbook', input: {} }] }));
    const out = await runAgent(
      { format: 'excel', prompt: 'x', document: { sheets: [{ name: 'S' }] }, memory: null },
      { settings: settingsFor('openai-compatible', server.url, { maxTurns: 3 }) },
    );
    expect(out.turns).toBe(3);
    expect(server.requests).toHaveLength(3);
  });

  it('answers a workbook question with JSON output and the workbook’s own cell values', async () => {
    const server = await openaiServer([{ text: JSON.stringify({ answer: 'Revenue totals 250.', cells_used: [{ sheet: 'Sales', ref: 'B4', value: 999 }, { sheet: 'Sales', ref: 'Z99', value: 1 }] }) }]);
    const wb = { sheets: [{ name: 'Sales', cells: { A1: { value: 'Month' }, B1: { value: 'Revenue' }, B2: { value: 100 }, B3: { value: 150 }, B4: { formula: 'SUM(B2:B3)' } } }] };
    const r = await analyzeWorkbook({ question: 'What is the total revenue?', workbook: wb }, { settings: settingsFor('openai-compatible', server.url) });
    expect(r.answer).toBe('Revenue totals 250.');
    expect(r.cells_used).toEqual([{ sheet: 'Sales', ref: 'B4', value: 250 }]);
    // the model saw computed values, not empty formula cells
    expect(server.requests[0]!.raw).toContain('B4=250');
  });
});

describe('openai provider over HTTP', () => {
  it('speaks chat completions at AI_BASE_URL', async () => {
    const server = await openaiServer([
      { toolCalls: [{ name: 'append_section', input: { title: 'Intro', markdown: 'Hello **world**.' } }] },
      { text: 'Added an intro.' },
    ]);
    const out = await runAgent({ format: 'word', prompt: 'intro', document: null, memory: null }, { settings: settingsFor('openai', server.url) });
    expect(out.provider).toBe('openai');
    expect(out.summary).toBe('Added an intro.');
    expect(server.requests[0]!.path).toBe('/v1/chat/completions');
    expect(out.usage.inputTokens).toBe(server.requests[0]!.promptTokens + server.requests[1]!.promptTokens);
  });
});

describe('anthropic provider over HTTP', () => {
  it('runs tool_use turns and reports the server usage', async () => {
    const server = await startScriptedAnthropicServer([
      {
        text: 'Building the deck.',
        toolCalls: [{ name: 'add_slides', input: { slides: [{ layout: 'title', title: 'Hello' }, { title: 'Plan', bullets: ['One', 'Two'] }] } }],
      },
      { toolCalls: [{ name: 'add_slides', input: { slides: Array.from({ length: 31 }, (_, i) => ({ title: `S${i}` })) } }] },
      { text: 'Two slides.' },
    ]);
    servers.push(server);
    const out = await runAgent({ format: 'slides', prompt: 'deck', document: null, memory: null }, { settings: settingsFor('anthropic', server.url) });
    expect(out.provider).toBe('anthropic');
    expect(out.summary).toBe('Two slides.');
    expect(out.memory.index).toMatchObject({ kind: 'deck', slides: [{ id: 's1', title: 'Hello' }, { id: 's2', title: 'Plan' }] });
    expect(server.requests[0]!.headers['x-api-key']).toBe('test-key-123');
    expect(server.requests[0]!.body.model).toBe('scripted-model');
    expect(out.usage.inputTokens).toBe(server.requests.reduce((n, r) => n + r.promptTokens, 0));
    // the 31-slide call was refused by the schema and the refusal went back as a tool result
    const msgs = server.requests[2]!.body.messages as Array<{ role: string; content: Array<{ type: string; content?: unknown }> }>;
    const results = msgs.flatMap((m) => (Array.isArray(m.content) ? m.content : [])).filter((c) => c.type === 'tool_result');
    expect(JSON.stringify(results.at(-1))).toMatch(/invalid input: slides/);
  });
});
