// The agent checks its work (issue 15), through the route handlers with a model over real HTTP (the
// scripted OpenAI-compatible server), the local worker and the real pipeline (LibreOffice counts a
// document's pages): the defects a model leaves are shown to it in a review request, and what it does
// not fix is the completed task's result.warnings; a model that fixes them ends with none.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POST as excel } from './excel/generate/route';
import { POST as word } from './word/generate/route';
import { POST as slides } from './slides/generate/route';
import { POST as uploadImage } from './images/route';
import { startScriptedOpenAIServer, type RecordedRequest, type ScriptedReply, type ScriptedServer, type ScriptedToolCall } from '@/server/agent/testing/scripted-openai-server';
import { findSoffice } from '@/server/documents/common/soffice';
import { makePng } from '@/server/documents/fixtures/sample-image';
import { call } from '@/server/test/api-client';
import { orgWithKey, runLocalWorker } from '@/server/test/generation-harness';
import { overrideEnv } from '@/server/test/override-env';
import { setupTestDb } from '@/server/test/test-db';

const t = setupTestDb();
runLocalWorker();

type Msg = { role: string; content: unknown };
const textOf = (content: unknown) => (Array.isArray(content) ? String((content[0] as { text?: string }).text ?? '') : typeof content === 'string' ? content : '');
const users = (req: RecordedRequest) => (req.body.messages as Msg[]).filter((m) => m.role === 'user').map((m) => textOf(m.content));
const isReview = (text: string) => text.startsWith('<review');
/** Tool results since the last user message: this turn of the conversation has called its tools. */
const calledSinceUser = (req: RecordedRequest) => {
  const msgs = req.body.messages as Msg[];
  return msgs.slice(msgs.map((m) => m.role).lastIndexOf('user') + 1).some((m) => m.role === 'tool');
};

interface Flow {
  build: ScriptedToolCall[];
  /** what the model does when shown the review: nothing, or these calls */
  fix?: ScriptedToolCall[];
}
const flows = new Map<string, Flow>();

/** One scripted model for every test: the flow is chosen by a tag in the request text. */
function reply(req: RecordedRequest): ScriptedReply {
  const all = users(req);
  const tag = /\[(\w+)\]/.exec(all[0] ?? '')?.[1] ?? '';
  const flow = flows.get(tag);
  if (!flow) return { text: `no flow ${tag}` };
  const last = all.at(-1) ?? '';
  if (!isReview(last)) return calledSinceUser(req) ? { text: 'Done.' } : { toolCalls: flow.build };
  if (!flow.fix) return { text: 'Left as it is.' };
  return calledSinceUser(req) ? { text: 'Fixed what the review found.' } : { toolCalls: flow.fix };
}

let server: ScriptedServer;
let key = '';
let restoreEnv = () => {};

beforeAll(async () => {
  server = await startScriptedOpenAIServer(reply);
  restoreEnv = overrideEnv({ AI_PROVIDER: 'openai-compatible', AI_BASE_URL: server.url, AI_MODEL: 'scripted-reviewer', AI_API_KEY: 'test-key', AI_REVIEW_ROUNDS: '2' });
  ({ key } = await orgWithKey(t.db, { name: 'Review Org', credits: 10_000 }));
}, 60_000);

afterAll(async () => {
  restoreEnv();
  await server?.close();
});

/** The review requests the model received for a tag (the text of their last user message). */
const reviewsFor = (tag: string) =>
  server.requests
    .filter((r) => (users(r)[0] ?? '').includes(`[${tag}]`))
    .map((r) => users(r).at(-1) ?? '')
    .filter(isReview)
    .filter((text, i, list) => list.indexOf(text) === i);

type Warning = { code: string; message: string; location?: string };

// --- workbook: a formula to a missing sheet, a header clipped by its neighbour, two charts on the same cells ---

const workbookBuild: ScriptedToolCall[] = [
  { name: 'add_sheet', input: { name: 'Summary' } },
  { name: 'add_sheet', input: { name: 'Regional Details' } },
  { name: 'write_range', input: { sheet: 'Regional Details', start: 'A1', rows: [['Region', 'Q3'], ['North', 1200], ['South', 950]] } },
  { name: 'write_range', input: { sheet: 'Summary', start: 'A1', rows: [['Quarterly revenue by region (EUR)', 'Total'], ['North', "='Regional Details'!B2"], ['South', "='Regional Detals'!B3"]] } },
  { name: 'set_column_widths', input: { sheet: 'Summary', widths: { A: 8, B: 12 } } },
  { name: 'set_column_widths', input: { sheet: 'Regional Details', widths: { A: 14, B: 12 } } },
  { name: 'add_chart', input: { sheet: 'Summary', id: 'rev_by_region', type: 'column', title: 'Revenue by region', categories: 'A2:A3', series: [{ name: 'Total', values: 'B2:B3' }], anchor: 'D2:K16' } },
  { name: 'add_chart', input: { sheet: 'Summary', id: 'rev_share', type: 'pie', title: 'Share of revenue', categories: 'A2:A3', series: [{ name: 'Total', values: 'B2:B3' }], anchor: 'D2:K16' } },
];
const workbookFix: ScriptedToolCall[] = [
  { name: 'write_range', input: { sheet: 'Summary', start: 'B3', rows: [["='Regional Details'!B3"]] } },
  { name: 'set_column_widths', input: { sheet: 'Summary', widths: { A: 36 } } },
  { name: 'update_chart', input: { id: 'rev_share', anchor: 'D18:K32' } },
];

describe('workbook review', () => {
  it('a model that fixes nothing is shown the three defects, and the task lists them as warnings', async () => {
    flows.set('XK', { build: workbookBuild });
    const r = await call(excel, 'POST', '/api/v1/excel/generate', { key, json: { prompt: '[XK] Q3 revenue summary by region with charts' } });
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    expect(r.json.status).toBe('completed');
    const reviews = reviewsFor('XK');
    expect(reviews).toHaveLength(1); // nothing changed after the first: no second round
    expect(reviews[0]).toContain('Summary!B3');
    expect(reviews[0]).toContain('Regional Detals');
    expect(reviews[0]).toMatch(/\[text_clipped\] Summary!A1/);
    expect(reviews[0]).toMatch(/\[chart_overlap\][^\n]*rev_by_region[^\n]*rev_share|\[chart_overlap\][^\n]*rev_share[^\n]*rev_by_region/);
    const warnings = r.json.warnings as Warning[];
    const codes = warnings.map((w) => w.code);
    expect(codes).toEqual(expect.arrayContaining(['text_clipped', 'chart_overlap']));
    expect(warnings.some((w) => (w.code === 'formula_error' || w.code === 'missing_sheet_ref') && w.location?.includes('Summary!B3'))).toBe(true);
    expect(warnings.find((w) => w.code === 'text_clipped')!.location).toBe('Summary!A1');
    expect(warnings.every((w) => typeof w.message === 'string' && w.message.length > 10)).toBe(true);
    expect(r.json.summary).toBe('Done. Left as it is.');
  }, 120_000);

  it('a model that fixes them ends with no warnings', async () => {
    flows.set('XF', { build: workbookBuild, fix: workbookFix });
    const r = await call(excel, 'POST', '/api/v1/excel/generate', { key, json: { prompt: '[XF] Q3 revenue summary by region with charts' } });
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    expect(reviewsFor('XF')).toHaveLength(1);
    expect(r.json.warnings ?? []).toEqual([]);
    expect(r.json.summary).toBe('Done. Fixed what the review found.');
  }, 120_000);
});

// --- deck: a text box too small for its text, an image off the slide ---

let imageId = '';
async function uploadedImage(): Promise<string> {
  if (imageId) return imageId;
  const f = new FormData();
  f.append('file', new Blob([new Uint8Array(makePng(64, 48, () => [40, 90, 160]))]), 'logo.png');
  const res = await uploadImage(new Request('http://localhost:3000/api/v1/images', { method: 'POST', headers: { 'x-api-key': key }, body: f }), { params: Promise.resolve({}) });
  expect(res.status).toBe(201);
  imageId = ((await res.json()) as { id: string }).id;
  return imageId;
}

const LONG = 'Our onboarding programme cut the time to first value from six weeks to nine days, and customers who finish it renew at twice the rate of those who do not.';
const deckBuild = (img: string): ScriptedToolCall[] => [
  {
    name: 'add_slides',
    input: {
      slides: [
        {
          title: 'Onboarding pays for itself',
          chart: { type: 'column', categories: ['2023', '2024', '2025'], series: [{ name: 'Renewal rate %', values: [61, 74, 88] }], yAxisTitle: 'Renewal rate (%)' },
          bullets: ['Renewals up 27 points in two years', 'Time to value down to nine days'],
        },
      ],
    },
  },
  {
    name: 'set_free_elements',
    input: {
      id: 's1',
      elements: [
        { kind: 'text', x: 0.6, y: 6.55, w: 3.2, h: 0.35, text: LONG, fontSize: 16 },
        { kind: 'image', imageId: img, x: 12.2, y: 0.3, w: 2.4, h: 1 },
      ],
    },
  },
];
/** The fix: the long text becomes a short takeaway bullet; the logo goes into the free strip under the chart. */
const deckFix = (img: string): ScriptedToolCall[] => [
  { name: 'update_slide', input: { id: 's1', bullets: ['Renewals up 27 points in two years', 'Time to value down to nine days', 'Finishers renew at twice the rate'] } },
  { name: 'set_free_elements', input: { id: 's1', elements: [{ kind: 'image', imageId: img, x: 0.6, y: 6.95, w: 0.6, h: 0.45 }] } },
];

describe('deck review', () => {
  it('an overflowing text box and an off-slide image are shown to the model and left as warnings', async () => {
    const img = await uploadedImage();
    flows.set('SK', { build: deckBuild(img) });
    const r = await call(slides, 'POST', '/api/v1/slides/generate', { key, json: { prompt: '[SK] One slide on onboarding results', image_ids: [img] } });
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    const reviews = reviewsFor('SK');
    expect(reviews).toHaveLength(1);
    expect(reviews[0]).toMatch(/\[text_overflow\] slide 1 element \d/);
    expect(reviews[0]).toMatch(/\[off_slide\] slide 1 element \d/);
    const codes = (r.json.warnings as Warning[]).map((w) => w.code);
    expect(codes).toEqual(expect.arrayContaining(['text_overflow', 'off_slide']));
  }, 120_000);

  it('a model that moves and enlarges them ends with neither', async () => {
    const img = await uploadedImage();
    flows.set('SF', { build: deckBuild(img), fix: deckFix(img) });
    const r = await call(slides, 'POST', '/api/v1/slides/generate', { key, json: { prompt: '[SF] One slide on onboarding results', image_ids: [img] } });
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    expect(reviewsFor('SF'), JSON.stringify(r.json.warnings)).toHaveLength(1);
    const codes = ((r.json.warnings ?? []) as Warning[]).map((w) => w.code);
    expect(codes).not.toContain('text_overflow');
    expect(codes).not.toContain('off_slide');
    expect(codes).toEqual([]);
  }, 120_000);
});

// --- document: asked for 1 page, renders 2 (LibreOffice counts them) ---

const paragraph = (n: number) =>
  `Point ${n}: the four-day week pilot keeps customer cover through staggered days off, with every team naming a duty lead for each weekday. We will measure response times, delivery dates and staff turnover against the same quarter last year, and report the results to the leadership team monthly.`;
const memoBuild: ScriptedToolCall[] = [
  { name: 'set_document_properties', input: { title: 'Four-day week pilot' } },
  ...['Purpose', 'Background', 'Proposal', 'Risks', 'Next steps'].map((title, k) => ({
    name: 'append_section',
    input: { title, markdown: [1, 2, 3].map((i) => paragraph(k * 3 + i)).join('\n\n') },
  })),
];
const memoFix: ScriptedToolCall[] = [{ name: 'replace_section', input: { id: 'background', markdown: paragraph(1) } }, ...['proposal', 'risks', 'next-steps'].map((id) => ({ name: 'delete_section', input: { id } }))];

const soffice = findSoffice();
describe.runIf(!!soffice || !!process.env.CI)('document review (LibreOffice page count)', () => {
  it('a 1-page memo that renders on 2 pages is shown the page count and, unfixed, warned about', async () => {
    flows.set('WK', { build: memoBuild });
    const r = await call(word, 'POST', '/api/v1/word/generate', { key, json: { prompt: '[WK] A 1-page memo on the four-day week pilot' } });
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    const reviews = reviewsFor('WK');
    expect(reviews).toHaveLength(1);
    expect(reviews[0]).toMatch(/\[page_count\] document: [^\n]*2 pages/);
    const page = (r.json.warnings as Warning[]).find((w) => w.code === 'page_count');
    expect(page?.message).toMatch(/2 pages/);
  }, 180_000);

  it('a model that cuts it to one page ends without the warning', async () => {
    flows.set('WF', { build: memoBuild, fix: memoFix });
    const r = await call(word, 'POST', '/api/v1/word/generate', { key, json: { prompt: '[WF] A 1-page memo on the four-day week pilot' } });
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    expect(reviewsFor('WF')).toHaveLength(1);
    expect(((r.json.warnings ?? []) as Warning[]).map((w) => w.code)).not.toContain('page_count');
  }, 180_000);
});
