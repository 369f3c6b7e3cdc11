/**
 * What the offline model writes on the slides of the decks people ask for most: every sub-point
 * belongs to its point (no generic filler repeated from slide to slide), tables and charts fit the
 * slide they are on, and its own review finds nothing it would have to leave as it is.
 */
import { describe, expect, it } from 'vitest';
import { parseDeck, type Deck } from '@/server/documents/deck/schema';
import { runAgent } from '../run-agent';
import type { AiSettings } from '../providers/resolve-model';

const settings: AiSettings = { provider: 'offline', maxTurns: 40, timeoutMs: 10_000 };

async function deck(prompt: string) {
  const r = await runAgent({ format: 'slides', prompt, document: null, memory: null }, { settings });
  return { deck: parseDeck(r.document), findings: r.findings };
}

type Slide = Deck['slides'][number];
const bulletTexts = (s: Slide) => (s.bullets ?? []).map((b) => (typeof b === 'string' ? { text: b, level: 0 } : b));
const slideNamed = (d: Deck, title: RegExp) => d.slides.find((s) => title.test(s.title ?? ''));
const tableOf = (s: Slide | undefined) => s?.elements.find((e) => e.kind === 'table');
const chartOf = (s: Slide | undefined) => s?.elements.find((e) => e.kind === 'chart');

describe('offline decks: slide content', () => {
  it.each([
    'Training deck on phishing awareness, 12 slides',
    'Pitch deck for a climate-tech startup, 8 slides, with a chart of revenue growth',
    'QBR for the sales team with a table of top deals and a column chart of bookings by quarter',
    'Project update deck: 6 slides with a timeline and risks',
    'a 10-slide deck about onboarding new engineers',
  ])('"%s": no sub-point is repeated on another slide, and the review leaves nothing', async (prompt) => {
    const { deck: d, findings } = await deck(prompt);
    const subs = d.slides.flatMap((s, i) => bulletTexts(s).filter((b) => b.level > 0).map((b) => ({ text: b.text, slide: i })));
    const repeated = [...new Set(subs.map((x) => x.text))].filter((t) => new Set(subs.filter((x) => x.text === t).map((x) => x.slide)).size > 1);
    expect(repeated).toEqual([]);
    expect(findings.map((f) => `${f.code} @ ${f.location}`)).toEqual([]);
  });

  it('a pitch deck: market size from TAM down to SOM, traction and growth rising, competitors compared side by side', async () => {
    const { deck: d } = await deck('Pitch deck for a climate-tech startup, 10 slides');
    const market = chartOf(slideNamed(d, /^market size$/i));
    expect(market?.kind === 'chart' && market.categories).toEqual(['TAM', 'SAM', 'SOM']);
    const mv = market?.kind === 'chart' ? market.series[0]!.values : [];
    expect([...mv].sort((a, b) => b - a)).toEqual(mv);
    const traction = chartOf(slideNamed(d, /^traction$/i));
    const tv = traction?.kind === 'chart' ? traction.series[0]!.values : [];
    expect(tv.length).toBeGreaterThan(2);
    expect([...tv].sort((a, b) => a - b)).toEqual(tv);
    const competition = tableOf(slideNamed(d, /^competition$/i));
    expect(competition?.kind === 'table' && competition.rows[0]).toEqual(['', 'Us', 'Alternative A', 'Alternative B']);
  });

  it('a QBR and a project update: KPI, deals, workstream and milestone tables have the columns their titles call for', async () => {
    const { deck: qbr } = await deck('QBR for the sales team with a table of top deals and a column chart of bookings by quarter');
    const kpis = tableOf(slideNamed(qbr, /^kpis against target$/i));
    expect(kpis?.kind === 'table' && kpis.rows[0]).toEqual(['KPI', 'Actual', 'Target', 'Status']);
    const deals = qbr.slides.map(tableOf).find((t) => t?.kind === 'table' && t.rows[0]![0] === 'Account');
    expect(deals?.kind === 'table' && deals.rows[0]).toEqual(['Account', 'Value', 'Stage', 'Close date', 'Owner']);
    const { deck: upd } = await deck('Project update deck: 8 slides');
    const status = tableOf(slideNamed(upd, /^status by workstream$/i));
    expect(status?.kind === 'table' && status.rows[0]).toEqual(['Workstream', 'Owner', 'Status', 'Next milestone']);
    const milestones = tableOf(slideNamed(upd, /^milestones$/i));
    expect(milestones?.kind === 'table' && milestones.rows[0]).toEqual(['Milestone', 'Date', 'Status']);
  });

  it('a generic deck: an activity "matters" (one thing), and the closing Questions slide is a title slide, not two short bullets', async () => {
    const { deck: d, findings } = await deck('a 10-slide deck about onboarding new engineers');
    expect(d.slides.map((s) => s.title)).toContain('Why onboarding new engineers matters');
    const last = d.slides[d.slides.length - 1]!;
    expect([last.layout, last.title]).toEqual(['title', 'Questions']);
    expect(findings).toEqual([]);
  });
});
