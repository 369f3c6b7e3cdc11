import { describe, expect, it } from 'vitest';
import { parseDeck } from '@/server/documents/deck/schema';
import { parseDocument, nodeText } from '@/server/documents/document/schema';
import { parseWorkbook } from '@/server/documents/workbook/schema';
import { renderWorkbook } from '@/server/documents/workbook/render-xlsx';
import { runAgent, type AgentProgress } from '../run-agent';
import type { AiSettings } from '../providers/resolve-model';

const settings: AiSettings = { provider: 'offline', maxTurns: 24, timeoutMs: 10_000 };

describe('offline model, excel', () => {
  it('honours sheet names, columns and row counts, marks sample data, and resumes by adding while keeping', async () => {
    const progress: AgentProgress[] = [];
    const first = await runAgent(
      { format: 'excel', prompt: 'Create a budget workbook with sheets Revenue and Costs with columns Month, Amount and 12 rows, and a line chart', document: null, memory: null, onProgress: (p) => void progress.push(p) },
      { settings },
    );
    const wb = parseWorkbook(first.document);
    expect(wb.sheets.map((s) => s.name)).toEqual(['Revenue', 'Costs']);
    const rev = wb.sheets[0]!;
    expect(rev.cells.A3?.value).toBe('Month');
    expect(rev.cells.B3?.value).toBe('Amount');
    expect(rev.cells.A4?.value).toBe('Jan');
    expect(rev.cells.A15?.value).toBe('Dec');
    expect(rev.cells.A16?.value).toBe('Total');
    expect(rev.cells.B16?.formula).toBe('SUM(B4:B15)');
    expect(String(rev.cells.A2?.value)).toMatch(/sample data/i);
    expect(rev.charts[0]?.type).toBe('line');
    expect(rev.frozen).toEqual({ rows: 3, cols: 0 });
    expect(first.summary).toMatch(/\(offline model\)/);
    expect(first.summary).toMatch(/sample data/i);
    expect(first.provider).toBe('offline');
    expect(first.usage.inputTokens).toBeGreaterThan(0);
    expect(first.memory.index).toMatchObject({ kind: 'workbook', sheets: [{ name: 'Revenue', usedRange: 'A1:B16', headerRow: 3 }, { name: 'Costs' }] });
    expect(first.memory.sampleData).toBe(true);
    // progress: phase agent_turn, one report per turn, rising
    expect(progress.length).toBe(first.turns);
    expect(progress.every((p) => p.phase === 'agent_turn')).toBe(true);
    for (let i = 1; i < progress.length; i++) expect(progress[i]!.progress).toBeGreaterThan(progress[i - 1]!.progress);
    expect((await renderWorkbook(wb)).length).toBeGreaterThan(1000);

    const second = await runAgent(
      { format: 'excel', prompt: 'Add a sheet called Forecast. Add a column Units to Revenue. Rename Costs to Expenses', document: first.document, memory: first.memory },
      { settings },
    );
    const wb2 = parseWorkbook(second.document);
    expect(wb2.sheets.map((s) => s.name)).toEqual(['Revenue', 'Expenses', 'Forecast']);
    const rev2 = wb2.sheets[0]!;
    expect(rev2.cells.C3?.value).toBe('Units');
    expect(typeof rev2.cells.C4?.value).toBe('number');
    expect(rev2.cells.C16?.formula).toBe('SUM(C4:C15)');
    // kept: the first task's data and chart (whose references follow the rename)
    expect(rev2.cells.B4).toEqual(rev.cells.B4);
    expect(wb2.sheets[1]!.charts[0]!.series[0]!.values).toMatch(/^Expenses!/);
    expect(second.summary).toMatch(/Forecast/);
    expect(second.memory.history).toHaveLength(2);
  });

  it('is deterministic', async () => {
    const input = { format: 'excel' as const, prompt: 'Sales tracker with columns Region, Units, Revenue and 8 rows', document: null, memory: null };
    const a = await runAgent(input, { settings });
    const b = await runAgent(input, { settings });
    expect(JSON.stringify(b.document)).toBe(JSON.stringify(a.document));
    expect(b.summary).toBe(a.summary);
    expect(b.usage).toEqual(a.usage);
    const wb = parseWorkbook(a.document);
    expect(wb.sheets[0]!.cells.A4?.value).toBe('North');
    expect(Object.keys(wb.sheets[0]!.cells).filter((k) => /^A\d+$/.test(k) && Number(k.slice(1)) > 3 && Number(k.slice(1)) <= 11)).toHaveLength(8);
  });

  it('says so when it cannot interpret a follow-up, and leaves the workbook alone', async () => {
    const first = await runAgent({ format: 'excel', prompt: 'Inventory list', document: null, memory: null }, { settings });
    const second = await runAgent({ format: 'excel', prompt: 'make it look nicer somehow', document: first.document, memory: first.memory }, { settings });
    expect(second.summary).toMatch(/could not find an edit/);
    expect(JSON.stringify(second.document)).toBe(JSON.stringify(first.document));
  });
});

describe('offline model, word', () => {
  it('honours title and sections, labels the draft, and resumes', async () => {
    const first = await runAgent(
      { format: 'word', prompt: 'Write a report titled "Remote work policy" with sections Introduction, Risks and Next steps, including a table', document: null, memory: null },
      { settings },
    );
    const doc = parseDocument(first.document);
    expect(doc.title).toBe('Remote work policy');
    const headings = doc.doc.content.filter((n) => n.type === 'heading').map(nodeText);
    expect(headings).toEqual(['Remote work policy', 'Introduction', 'Risks', 'Next steps']);
    expect(doc.doc.content.some((n) => n.type === 'table')).toBe(true);
    expect(JSON.stringify(doc)).toMatch(/sample data generated by the offline model/);
    expect(doc.footer).toBe('Page {page} of {pages}');
    expect(first.summary).toMatch(/\(offline model\)/);
    expect(first.memory.index).toMatchObject({ kind: 'document', sections: [{ id: 'remote-work-policy' }, { id: 'introduction' }, { id: 'risks' }, { id: 'next-steps' }] });

    const second = await runAgent(
      { format: 'word', prompt: 'Add a section called Budget after Risks. Rename Next steps to Actions', document: first.document, memory: first.memory },
      { settings },
    );
    const doc2 = parseDocument(second.document);
    expect(doc2.doc.content.filter((n) => n.type === 'heading').map(nodeText)).toEqual(['Remote work policy', 'Introduction', 'Risks', 'Budget', 'Actions']);
    // kept: the first task's introduction text
    const intro = (d: typeof doc) => JSON.stringify(d.doc.content.slice(d.doc.content.findIndex((n) => nodeText(n) === 'Introduction'), d.doc.content.findIndex((n) => nodeText(n) === 'Risks')));
    expect(intro(doc2)).toBe(intro(doc));
  });
});

describe('offline model, slides', () => {
  it('a 7-slide deck about onboarding has 7 slides on onboarding, and resume adds, deletes and keeps', async () => {
    const first = await runAgent({ format: 'slides', prompt: 'a 7-slide deck about onboarding with a chart', document: null, memory: null }, { settings });
    const deck = parseDeck(first.document);
    expect(deck.slides).toHaveLength(7);
    expect(deck.slides[0]!.layout).toBe('title');
    expect(deck.slides[0]!.title).toBe('Onboarding');
    expect(deck.slides.filter((s) => JSON.stringify(s).toLowerCase().includes('onboarding')).length).toBeGreaterThanOrEqual(6);
    const chart = deck.slides.find((s) => s.layout === 'chart');
    expect(chart?.notes).toMatch(/sample data/);
    expect(first.summary).toMatch(/7-slide.*\(offline model\)/);

    const second = await runAgent({ format: 'slides', prompt: 'Add 2 slides about security training and delete slide 3', document: first.document, memory: first.memory }, { settings });
    const deck2 = parseDeck(second.document);
    expect(deck2.slides).toHaveLength(8);
    expect(deck2.slides.map((s) => s.id)).not.toContain('s3');
    // the new slides go before the closing "Questions" slide, which stays last
    expect(deck2.slides.slice(-3, -1).every((s) => JSON.stringify(s).includes('security training'))).toBe(true);
    expect(deck2.slides[deck2.slides.length - 1]!.title).toBe('Questions');
    expect(deck2.slides[0]).toEqual(deck.slides[0]);
  });

  it('adds at most 30 slides per call', async () => {
    const r = await runAgent({ format: 'slides', prompt: 'a 45-slide deck about cloud costs', document: null, memory: null }, { settings });
    expect(parseDeck(r.document).slides).toHaveLength(30);
    expect(r.summary).toMatch(/at most 30/);
  });
});
