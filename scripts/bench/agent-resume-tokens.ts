/**
 * Run memory benchmark: model input tokens of a follow-up task (turn 2) as a fraction of the task
 * that built the document (turn 1). A scripted OpenAI-compatible server on 127.0.0.1 plays the
 * model; the figures are the provider's usage numbers, which the server computes honestly from the
 * request it received (characters / 4 of the serialized messages + tools). Target: ≤ 25 %.
 * The deck follow-up edits a chart from the data the memory index carries; a row for context shows
 * the same follow-up by a model that reads the slide first anyway.
 *
 *   npm run bench agent-resume-tokens
 */
import { runAgent, type AgentInput, type AgentOutput } from '../../server/agent/run-agent';
import type { AiSettings } from '../../server/agent/providers/resolve-model';
import { startScriptedOpenAIServer, type ScriptedReply } from '../../server/agent/testing/scripted-openai-server';
import { runBench } from './lib/bench-kit';

const TARGET = 0.25;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

async function run(script: ScriptedReply[], input: AgentInput): Promise<{ out: AgentOutput; serverTokens: number; requests: number; firstRequestRaw: string }> {
  const server = await startScriptedOpenAIServer(script);
  try {
    const settings: AiSettings = { provider: 'openai-compatible', model: 'scripted', baseUrl: server.url, apiKey: 'bench', maxTurns: 30, timeoutMs: 10_000, maxRetries: 0 };
    const out = await runAgent(input, { settings });
    return { out, serverTokens: server.requests.reduce((n, r) => n + r.promptTokens, 0), requests: server.requests.length, firstRequestRaw: server.requests[0]?.raw ?? '' };
  } finally {
    await server.close();
  }
}

/** Turn 1 of the workbook: 5 sheets of 12 months × 6 columns with totals, formats, charts, a table. */
function workbookTurn1(): ScriptedReply[] {
  const sheets = ['Revenue', 'Costs', 'Headcount', 'Cash flow', 'Summary'];
  const cols = ['Month', 'Product A', 'Product B', 'Services', 'Other', 'Total'];
  const replies: ScriptedReply[] = [{ toolCalls: sheets.map((name) => ({ name: 'add_sheet', input: { name } })) }];
  sheets.forEach((sheet, k) => {
    const rows: Array<Array<string | number>> = [[`${sheet} FY2025`], [], cols];
    MONTHS.forEach((m, i) => rows.push([m, 1000 + 37 * i + 11 * k, 800 + 29 * i + 7 * k, 400 + 13 * i, 120 + 5 * i, `=SUM(B${4 + i}:E${4 + i})`]));
    rows.push(['Total', '=SUM(B4:B15)', '=SUM(C4:C15)', '=SUM(D4:D15)', '=SUM(E4:E15)', '=SUM(F4:F15)']);
    replies.push({
      text: `Writing the ${sheet} sheet.`,
      toolCalls: [
        { name: 'write_range', input: { sheet, start: 'A1', rows, numFmt: '#,##0' } },
        { name: 'format_range', input: { sheet, range: 'A3:F3', style: { bold: true, fill: '#1F4E79', color: '#FFFFFF' } } },
        { name: 'format_range', input: { sheet, range: 'A16:F16', style: { bold: true, borderTop: 'thin' } } },
      ],
    });
  });
  replies.push({
    toolCalls: sheets.flatMap((sheet) => [
      { name: 'freeze_panes', input: { sheet, rows: 3, cols: 1 } },
      { name: 'set_column_widths', input: { sheet, widths: { A: 14, B: 12, C: 12, D: 12, E: 12, F: 14 } } },
    ]),
  });
  replies.push({
    toolCalls: [
      { name: 'add_chart', input: { sheet: 'Revenue', id: 'rev_chart', type: 'column', title: 'Revenue by month', categories: 'A4:A15', series: [{ name: 'Total', values: 'F4:F15' }], anchor: 'H3:O20' } },
      { name: 'add_chart', input: { sheet: 'Costs', id: 'cost_chart', type: 'line', title: 'Costs by month', categories: 'A4:A15', series: [{ name: 'Total', values: 'F4:F15' }], anchor: 'H3:O20' } },
      { name: 'define_table', input: { sheet: 'Headcount', name: 'HeadcountTable', range: 'A3:F15' } },
    ],
  });
  replies.push({ text: 'Built a 5-sheet FY2025 model (Revenue, Costs, Headcount, Cash flow, Summary) with monthly totals, two charts and a table.' });
  return replies;
}

/** Turn 2: add a margin column to Revenue — the model reads the header row, then writes formulas. */
function workbookTurn2(): ScriptedReply[] {
  const rows: string[][] = [['Margin %'], ...MONTHS.map((_, i) => [`=F${4 + i}/Costs!F${4 + i}-1`]), ['=F16/Costs!F16-1']];
  return [
    { toolCalls: [{ name: 'read_range', input: { sheet: 'Revenue', range: 'A3:F4' } }] },
    { toolCalls: [{ name: 'write_range', input: { sheet: 'Revenue', start: 'G3', rows, numFmt: '0.0%' } }, { name: 'format_range', input: { sheet: 'Revenue', range: 'G3', style: { bold: true, fill: '#1F4E79', color: '#FFFFFF' } } }] },
    { text: 'Added a Margin % column (G) to Revenue, computed against Costs.' },
  ];
}

/** Turn 1 of the deck: 20 slides with bullets and notes, a chart and a table, in four batches. */
function deckTurn1(): ScriptedReply[] {
  const slide = (i: number) => {
    if (i === 0) return { layout: 'title', title: 'Customer onboarding programme', subtitle: 'Plan for FY2025', notes: 'Welcome everyone and set the scene for the programme.' };
    if (i === 6) return { title: 'Activation by month', chart: { type: 'column', categories: MONTHS.slice(0, 6), series: [{ name: 'Activated', values: [120, 135, 160, 171, 190, 205] }] }, notes: 'Activation has risen every month since January.' };
    if (i === 12) return { title: 'Owners', table: { rows: [['Area', 'Owner', 'Due'], ['Welcome pack', 'Marketing', 'March'], ['Training', 'Support', 'April'], ['Health checks', 'Success', 'May']] }, notes: 'Each area has a single owner.' };
    return {
      title: `Onboarding topic ${i}: ${['goals', 'journey', 'welcome', 'training', 'adoption', 'support', 'metrics', 'risks', 'budget', 'timeline'][i % 10]}`,
      bullets: [`Key point ${i}.1 about the customer journey and what good looks like`, `Key point ${i}.2 on the owners and the timeline`, `Key point ${i}.3 on how we measure success each month`],
      notes: `Speaker notes for slide ${i + 1}: explain the context, give one customer example, and hand over to the next topic.`,
    };
  };
  const all = Array.from({ length: 20 }, (_, i) => slide(i));
  return [
    { toolCalls: [{ name: 'set_deck_properties', input: { title: 'Customer onboarding programme', primaryColor: '#1F4E79' } }] },
    ...[0, 5, 10, 15].map((k) => ({ text: `Adding slides ${k + 1}–${k + 5}.`, toolCalls: [{ name: 'add_slides', input: { slides: all.slice(k, k + 5) } }] })),
    { text: 'Built a 20-slide onboarding deck with a chart, a table and speaker notes.' },
  ];
}

const S7_UPDATE = { id: 's7', title: 'Activation, January to August', chart: { type: 'column', categories: MONTHS.slice(0, 8), series: [{ name: 'Activated', values: [120, 135, 160, 171, 190, 205, 214, 230] }] } };
/** What the turn-2 model must already know to extend the chart without reading the slide: the Jan–Jun data. */
const S7_KNOWN_DATA = '[120,135,160,171,190,205]';

/**
 * Turn 2: retitle slide 7 and extend its chart. The run memory's index carries the slide's chart
 * (type, categories, series values), so the model writes the whole new chart straight away; the
 * bench checks that the data it extends really was in the request the model received.
 */
function deckTurn2(): ScriptedReply[] {
  return [{ toolCalls: [{ name: 'update_slide', input: S7_UPDATE }] }, { text: 'Retitled slide 7 and extended its chart to August.' }];
}

/** The same follow-up by a model that reads the slide first anyway (the scenario before the index carried chart data). */
function deckTurn2WithRead(): ScriptedReply[] {
  return [{ toolCalls: [{ name: 'read_slide', input: { id: 's7' } }] }, { toolCalls: [{ name: 'update_slide', input: S7_UPDATE }] }, { text: 'Retitled slide 7 and extended its chart to August.' }];
}

interface Row {
  name: string;
  t1: number;
  t2: number;
  t1Requests: number;
  t2Requests: number;
  documentChars: number;
  /** shown for context, not checked against the target */
  context?: boolean;
}

async function bench(): Promise<void> {
  const rows: Row[] = [];
  {
    const t1 = await run(workbookTurn1(), { format: 'excel', prompt: 'Build a 5-sheet FY2025 financial model with monthly figures, totals and charts.', document: null, memory: null });
    const t2 = await run(workbookTurn2(), { format: 'excel', prompt: 'Add a Margin % column to the Revenue sheet.', document: t1.out.document, memory: t1.out.memory });
    if (t1.out.usage.inputTokens !== t1.serverTokens || t2.out.usage.inputTokens !== t2.serverTokens) throw new Error('agent usage differs from the server usage');
    rows.push({ name: 'workbook (5 sheets)', t1: t1.out.usage.inputTokens, t2: t2.out.usage.inputTokens, t1Requests: t1.requests, t2Requests: t2.requests, documentChars: JSON.stringify(t1.out.document).length });
  }
  {
    const t1 = await run(deckTurn1(), { format: 'slides', prompt: 'A 20-slide deck on our customer onboarding programme, with a chart and an owners table.', document: null, memory: null });
    const prompt = 'Retitle slide 7 and extend its chart to August (214, 230).';
    const t2 = await run(deckTurn2(), { format: 'slides', prompt, document: t1.out.document, memory: t1.out.memory });
    if (t1.out.usage.inputTokens !== t1.serverTokens || t2.out.usage.inputTokens !== t2.serverTokens) throw new Error('agent usage differs from the server usage');
    if (!t2.firstRequestRaw.includes(S7_KNOWN_DATA)) throw new Error('the turn-2 request lacks the chart data of slide 7: the scripted update would need a read first');
    const s7 = (t2.out.document as { slides: Array<{ id: string; title?: string; elements: Array<{ kind: string; categories?: unknown[] }> }> }).slides.find((x) => x.id === 's7');
    if (s7?.title !== S7_UPDATE.title || s7.elements.find((e) => e.kind === 'chart')?.categories?.length !== 8) throw new Error('turn 2 did not update slide 7');
    rows.push({ name: 'deck (20 slides)', t1: t1.out.usage.inputTokens, t2: t2.out.usage.inputTokens, t1Requests: t1.requests, t2Requests: t2.requests, documentChars: JSON.stringify(t1.out.document).length });
    // for context (not part of the target): the same follow-up by a model that reads slide 7 first anyway
    const read = await run(deckTurn2WithRead(), { format: 'slides', prompt, document: t1.out.document, memory: t1.out.memory });
    rows.push({ name: 'deck, read_slide first', t1: t1.out.usage.inputTokens, t2: read.out.usage.inputTokens, t1Requests: t1.requests, t2Requests: read.requests, documentChars: JSON.stringify(t1.out.document).length, context: true });
  }
  console.log('input tokens from the provider usage (scripted OpenAI-compatible server, chars/4 of messages + tools)');
  console.log('case                   turn 1 (calls)   turn 2 (calls)   turn2/turn1   document JSON');
  let ok = true;
  for (const r of rows) {
    const f = r.t2 / r.t1;
    if (!r.context) ok &&= f <= TARGET;
    console.log(
      `${r.name.padEnd(22)} ${String(r.t1).padStart(7)} (${r.t1Requests})   ${String(r.t2).padStart(7)} (${r.t2Requests})   ${(f * 100).toFixed(1).padStart(8)} %   ${(r.documentChars / 1000).toFixed(1)} k chars${r.context ? '   (context only)' : ''}`,
    );
  }
  console.log(`target: turn 2 ≤ ${TARGET * 100} % of turn 1 → ${ok ? 'PASS' : 'FAIL'}`);
  if (!ok) process.exitCode = 1;

  // What every new task pays before it does anything: the first request (system prompt with the
  // format's playbook, the tool schemas, a one-line request).
  console.log('\nfirst request of a new task (tokens as the server counts them)');
  console.log('format    tokens   system prompt   tools (schema chars)');
  for (const format of ['excel', 'word', 'slides'] as const) {
    const server = await startScriptedOpenAIServer([{ text: 'Nothing to build.' }]);
    try {
      const settings: AiSettings = { provider: 'openai-compatible', model: 'scripted', baseUrl: server.url, apiKey: 'bench', maxTurns: 1, timeoutMs: 10_000, maxRetries: 0 };
      // a new document the model leaves unchanged is an error: only the request matters here
      await runAgent({ format, prompt: 'A short test request.', document: null, memory: null }, { settings }).catch(() => undefined);
      const first = server.requests[0]!;
      const body = first.body as { messages: Array<{ role: string; content: string }>; tools?: unknown[] };
      const system = body.messages.find((m) => m.role === 'system')?.content ?? '';
      console.log(`${format.padEnd(8)} ${String(first.promptTokens).padStart(7)}   ${String(Math.round(system.length / 4)).padStart(6)} tokens   ${body.tools?.length ?? 0} (${JSON.stringify(body.tools ?? []).length})`);
    } finally {
      await server.close();
    }
  }
}

runBench(bench);
