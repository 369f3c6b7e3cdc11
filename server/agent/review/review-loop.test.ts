// The review loop of runAgent, with a model over real HTTP (the scripted OpenAI-compatible server)
// and an inspection that reads the workbook the tools built: findings go back to the model as a
// review message; what remains after the last round is the output's findings.
import { afterEach, describe, expect, it } from 'vitest';
import type { Finding } from '@/server/documents/common/finding';
import type { Workbook } from '@/server/documents/workbook/schema';
import { runAgent } from '../run-agent';
import { startScriptedOpenAIServer, type Script, type ScriptedServer } from '../testing/scripted-openai-server';
import type { AiSettings } from '../providers/resolve-model';
import { isReviewMessage, parseReviewMessage, reviewMessage } from './review-message';
import type { InspectOutput } from './inspect-output';
import { REVIEW_MAX_CELLS } from '@/server/documents/workbook/workbook-size';

const servers: ScriptedServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const settings = (url: string, reviewRounds: number, maxTurns = 12): AiSettings => ({
  provider: 'openai-compatible',
  model: 'scripted-model',
  baseUrl: url,
  apiKey: 'test-key',
  maxTurns,
  timeoutMs: 5_000,
  maxRetries: 0,
  reviewRounds,
});

/** A finding per cell holding the text "bad" (and an info note that is never handed back). */
const inspect: InspectOutput = async (_format, model) => {
  const wb = model as Workbook;
  const out: Finding[] = [];
  for (const sheet of wb.sheets)
    for (const [addr, cell] of Object.entries(sheet.cells)) if (cell.value === 'bad') out.push({ code: 'bad_cell', severity: 'error', location: `${sheet.name}!${addr}`, message: `${addr} says bad` });
  out.push({ code: 'note_only', severity: 'info', location: 'S', message: 'an info note is not handed back' });
  return out;
};

type Msg = { role: string; content: unknown };
const lastUser = (req: { body: Record<string, unknown> }) => {
  const msgs = req.body.messages as Msg[];
  const content = msgs.filter((m) => m.role === 'user').at(-1)?.content;
  // a message with images is a list of parts: its text is the first
  return Array.isArray(content) ? String((content[0] as { text?: string }).text ?? '') : typeof content === 'string' ? content : '';
};

async function serve(script: Script) {
  const s = await startScriptedOpenAIServer(script);
  servers.push(s);
  return s;
}

const build = { toolCalls: [{ name: 'add_sheet', input: { name: 'S' } }, { name: 'write_range', input: { sheet: 'S', start: 'A1', rows: [['bad'], ['ok'], ['bad']] } }] };

describe('review loop', () => {
  it('hands the findings back; a model that fixes them ends with none and says so', async () => {
    const server = await serve((req) => {
      const msgs = req.body.messages as Msg[];
      const user = lastUser(req);
      if (!isReviewMessage(user)) return msgs.some((m) => m.role === 'tool') ? { text: 'Built S.' } : build;
      // in the review round: fix once, then answer
      const afterReview = msgs.slice(msgs.findLastIndex((m) => m.role === 'user') + 1);
      if (afterReview.some((m) => m.role === 'tool')) return { text: 'Replaced the two bad cells.' };
      return { toolCalls: [{ name: 'write_range', input: { sheet: 'S', start: 'A1', rows: [['good'], ['ok'], ['good']] } }] };
    });
    const out = await runAgent({ format: 'excel', prompt: 'a sheet', document: null, memory: null }, { settings: settings(server.url, 2), inspect });
    expect(out.reviews).toEqual([{ round: 1, findings: 2 }]);
    expect(out.findings).toEqual([]);
    expect(out.summary).toBe('Built S. Replaced the two bad cells.');
    // the review message named both cells, not the info note
    const review = server.requests.map(lastUser).find(isReviewMessage)!;
    expect(parseReviewMessage(review)).toEqual([
      { code: 'bad_cell', location: 'S!A1', message: 'A1 says bad' },
      { code: 'bad_cell', location: 'S!A3', message: 'A3 says bad' },
    ]);
    expect(review).not.toContain('note_only');
    // the earlier turns went back with it (the model sees its own work)
    const reviewReq = server.requests.find((r) => isReviewMessage(lastUser(r)))!;
    expect((reviewReq.body.messages as Msg[]).filter((m) => m.role === 'tool').length).toBe(2);
    expect(out.turns).toBe(4);
    expect(out.usage.inputTokens).toBe(server.requests.reduce((n, r) => n + r.promptTokens, 0));
  });

  it('a model that fixes nothing ends after one round (nothing changed) with the findings left', async () => {
    const server = await serve((req) => {
      const msgs = req.body.messages as Msg[];
      if (isReviewMessage(lastUser(req))) return { text: 'They are intended.' };
      return msgs.some((m) => m.role === 'tool') ? { text: 'Built S.' } : build;
    });
    const out = await runAgent({ format: 'excel', prompt: 'a sheet', document: null, memory: null }, { settings: settings(server.url, 2), inspect });
    expect(out.reviews).toEqual([{ round: 1, findings: 2 }]);
    expect(out.findings.map((f) => f.location)).toEqual(['S!A1', 'S!A3']);
    expect(server.requests.filter((r) => isReviewMessage(lastUser(r)))).toHaveLength(1);
    expect(out.summary).toBe('Built S. They are intended.');
  });

  it('rounds stop at AI_REVIEW_ROUNDS; the last review says it is the last', async () => {
    let n = 0;
    const server = await serve((req) => {
      const msgs = req.body.messages as Msg[];
      const user = lastUser(req);
      if (!isReviewMessage(user)) return msgs.some((m) => m.role === 'tool') ? { text: 'Built S.' } : build;
      const afterReview = msgs.slice(msgs.findLastIndex((m) => m.role === 'user') + 1);
      if (afterReview.some((m) => m.role === 'tool')) return { text: `Tried ${n}.` };
      n++;
      // changes something each round without fixing A1
      return { toolCalls: [{ name: 'write_range', input: { sheet: 'S', start: 'B1', rows: [[n]] } }] };
    });
    const out = await runAgent({ format: 'excel', prompt: 'a sheet', document: null, memory: null }, { settings: settings(server.url, 2), inspect });
    const reviews = server.requests.map(lastUser).filter(isReviewMessage);
    expect(new Set(reviews).size).toBe(2);
    expect(out.reviews.map((r) => r.round)).toEqual([1, 2]);
    expect([...new Set(reviews)][1]).toContain('This is the last review');
    expect(out.findings).toHaveLength(2);
  });

  it('with 0 rounds the findings are reported without a review; the turn budget bounds the rounds', async () => {
    const script = (req: { body: Record<string, unknown> }) => ((req.body.messages as Msg[]).some((m) => m.role === 'tool') ? { text: 'Built S.' } : build);
    const s0 = await serve(script);
    const none = await runAgent({ format: 'excel', prompt: 'a sheet', document: null, memory: null }, { settings: settings(s0.url, 0), inspect });
    expect(none.reviews).toEqual([]);
    expect(none.findings).toHaveLength(2);
    expect(s0.requests).toHaveLength(2);
    // two turns used, two allowed: no room for a review
    const s1 = await serve(script);
    const tight = await runAgent({ format: 'excel', prompt: 'a sheet', document: null, memory: null }, { settings: settings(s1.url, 2, 2), inspect });
    expect(tight.reviews).toEqual([]);
    expect(tight.findings).toHaveLength(2);
  });

  it('visual review (openai): round 1 attaches the page renders even without findings; other providers get none', async () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
    const script = (req: { body: Record<string, unknown> }) => {
      const msgs = req.body.messages as Msg[];
      if (isReviewMessage(lastUser(req))) return { text: 'The pages look right.' };
      return msgs.some((m) => m.role === 'tool') ? { text: 'Built S.' } : { toolCalls: [{ name: 'add_sheet', input: { name: 'S' } }, { name: 'write_range', input: { sheet: 'S', start: 'A1', rows: [['fine']] } }] };
    };
    const calls: string[] = [];
    const review = { pageImages: async (format: string) => (calls.push(format), [png, png]) };
    const server = await serve(script);
    const out = await runAgent(
      { format: 'excel', prompt: 'a sheet', document: null, memory: null },
      { settings: { ...settings(server.url, 2), provider: 'openai', visualReview: true }, inspect, review },
    );
    expect(calls).toEqual(['excel']);
    expect(out.reviews).toEqual([{ round: 1, findings: 0, images: 2 }]);
    const reviewReq = server.requests.at(-1)!;
    const content = (reviewReq.body.messages as Msg[]).filter((m) => m.role === 'user').at(-1)!.content as Array<{ type: string; text?: string; image_url?: { url: string } }>;
    expect(content[0]!.text).toContain('found no problem automatically');
    expect(content[0]!.text).toContain('the first 2 pages as rendered');
    expect(content.filter((p) => p.type === 'image_url').map((p) => p.image_url!.url.slice(0, 22))).toEqual(['data:image/png;base64,', 'data:image/png;base64,']);
    expect(out.summary).toBe('Built S. The pages look right.');

    // openai-compatible: not known to read images, so no visual round (and nothing to fix)
    const s2 = await serve(script);
    const plain = await runAgent({ format: 'excel', prompt: 'a sheet', document: null, memory: null }, { settings: { ...settings(s2.url, 2), visualReview: true }, inspect, review });
    expect(plain.reviews).toEqual([]);
    expect(calls).toEqual(['excel']);
  });

  it("what the document had before the task is not the task's to fix: only new findings go back and remain", async () => {
    const first = await serve((req) => ((req.body.messages as Msg[]).some((m) => m.role === 'tool') ? { text: 'Built S.' } : build));
    const before = await runAgent({ format: 'excel', prompt: 'a sheet', document: null, memory: null }, { settings: settings(first.url, 0), inspect });
    expect(before.findings.map((f) => f.location)).toEqual(['S!A1', 'S!A3']);
    // a resume that adds one more bad cell: only that one is reviewed and left
    const server = await serve((req) => {
      const msgs = req.body.messages as Msg[];
      if (isReviewMessage(lastUser(req))) return { text: 'Kept.' };
      return msgs.some((m) => m.role === 'tool') ? { text: 'Added B1.' } : { toolCalls: [{ name: 'write_range', input: { sheet: 'S', start: 'B1', rows: [['bad']] } }] };
    });
    const out = await runAgent({ format: 'excel', prompt: 'add B1', document: before.document, memory: before.memory }, { settings: settings(server.url, 2), inspect });
    expect(parseReviewMessage(server.requests.map(lastUser).find(isReviewMessage)!).map((f) => f.location)).toEqual(['S!B1']);
    expect(out.findings.map((f) => f.location)).toEqual(['S!B1']);
  });

  it('a workbook too large to inspect on the request thread is not reviewed (and write_range does not evaluate it)', async () => {
    const big = { sheets: [{ name: 'S', cells: Object.fromEntries(Array.from({ length: REVIEW_MAX_CELLS + 1 }, (_, i) => [`A${i + 1}`, { value: i }])) }] };
    let inspected = 0;
    const counting: InspectOutput = async (...args) => (inspected++, inspect(...args));
    const server = await serve((req) =>
      (req.body.messages as Msg[]).some((m) => m.role === 'tool') ? { text: 'Added.' } : { toolCalls: [{ name: 'write_range', input: { sheet: 'S', start: 'B1', rows: [['bad', '=1/0']] } }] },
    );
    const out = await runAgent({ format: 'excel', prompt: 'add', document: big, memory: null }, { settings: settings(server.url, 2), inspect: counting });
    expect(inspected).toBe(0);
    expect(out.reviews).toEqual([]);
    expect(out.findings).toEqual([]);
    const toolMessage = (server.requests[1]!.body.messages as Msg[]).find((m) => m.role === 'tool')!;
    expect(String(toolMessage.content)).toContain('large workbook');
  });

  it('a review round whose model call fails keeps the document and reports what was found, plus review_incomplete', async () => {
    const server = await serve((req) => {
      if (isReviewMessage(lastUser(req))) return { status: 500 };
      return (req.body.messages as Msg[]).some((m) => m.role === 'tool') ? { text: 'Built S.' } : build;
    });
    const out = await runAgent({ format: 'excel', prompt: 'a sheet', document: null, memory: null }, { settings: settings(server.url, 2), inspect });
    expect(out.summary).toBe('Built S.');
    expect(out.findings.map((f) => f.code)).toEqual(['bad_cell', 'bad_cell', 'review_incomplete']);
    expect(out.findings.at(-1)!.message).toMatch(/could not finish/);
    expect((out.document as Workbook).sheets[0]!.cells.A2?.value).toBe('ok');
  });

  it('a page limit the request states is always this task\'s: the document being too long already does not hide it', async () => {
    const pages: InspectOutput = async () => [{ code: 'page_count', severity: 'error', location: 'document', message: 'fills 2 pages, 1 asked' }];
    const first = await serve((req) => ((req.body.messages as Msg[]).some((m) => m.role === 'tool') ? { text: 'Built S.' } : build));
    const before = await runAgent({ format: 'excel', prompt: 'a sheet', document: null, memory: null }, { settings: settings(first.url, 0), inspect: pages });
    const server = await serve((req) => {
      if (isReviewMessage(lastUser(req))) return { text: 'Could not cut it.' };
      return (req.body.messages as Msg[]).some((m) => m.role === 'tool') ? { text: 'Shortened.' } : { toolCalls: [{ name: 'write_range', input: { sheet: 'S', start: 'A2', rows: [['x']] } }] };
    });
    const out = await runAgent({ format: 'excel', prompt: 'cut it to one page', document: before.document, memory: before.memory }, { settings: settings(server.url, 2), inspect: pages });
    expect(out.reviews).toEqual([{ round: 1, findings: 1 }]);
    expect(out.findings.map((f) => f.code)).toEqual(['page_count']);
  });

  it('the review message round-trips its findings, one line each', () => {
    const f: Finding[] = [{ code: 'formula_error', severity: 'error', location: "'Q1 Sales'!B4", message: 'B4 = #REF!:\nsheet "X" does not exist' }];
    const text = reviewMessage(f, 2, 2);
    expect(parseReviewMessage(text)).toEqual([{ code: 'formula_error', location: "'Q1 Sales'!B4", message: 'B4 = #REF!: sheet "X" does not exist' }]);
    expect(parseReviewMessage('- [x] a: b')).toEqual([]);
  });
});
