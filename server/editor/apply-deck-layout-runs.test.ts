// Formatted layout texts through the editor API and the agent tools: the slide editor's ops carry the
// runs of a title, bullet, column heading or cell to the stored deck; runs whose text is not the text
// are a 400; a title set without runs (an older client, the text-only edit, the agent) loses the stale
// formatting instead of failing.
import { describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { parseDeck, type Deck } from '@/server/documents/deck/schema';
import { createDeckState, deckTools } from '@/server/agent/tools/deck-tools';
import { runTool } from '@/server/agent/tools/testing/run-tool';
import { diffDecks } from '@/components/editor/deck-diff';
import { formatTextAt } from '@/lib/deck/layout-runs';
import { applyDeckEdits } from './apply-deck-edits';
import { deckEditSchema } from './schemas';

function base(): Deck {
  return parseDeck({
    title: 'Runs',
    slides: [
      { id: 'a', layout: 'title-bullets', title: 'Revenue grew in Q3', subtitle: 'All regions', bullets: ['North led', 'South lagged'] },
      { id: 'b', layout: 'two-column', title: 'Compare', columns: [{ heading: 'Before', bullets: ['Slow'] }, { heading: 'After', bullets: ['Fast'] }] },
      { id: 'c', layout: 'table', title: 'Table', elements: [{ kind: 'table', rows: [['Region', 'Units'], ['North', 5]] }] },
    ],
  });
}

const apply = (deck: Deck, edit: unknown): Deck => parseDeck(applyDeckEdits(deck, deckEditSchema.parse(edit)));
const formatted = (d: Deck): Deck => ({
  ...d,
  slides: d.slides.map((s) => {
    if (s.id === 'a') return formatTextAt(formatTextAt(s, { kind: 'title' }, 8, 12, { bold: undefined }), { kind: 'bullet', index: 1 }, 0, 5, { bold: true });
    if (s.id === 'b') return formatTextAt(s, { kind: 'heading', column: 1 }, 0, 5, { italic: true });
    return formatTextAt(s, { kind: 'cell', element: 0, row: 1, col: 1 }, 0, 1, { color: '#C00000' });
  }),
});

describe('layout text runs through the editor API', () => {
  it('the editor’s ops (deck-diff) carry the formatting to the stored deck', () => {
    const before = base();
    const after = formatted(before);
    const ops = diffDecks(before, after);
    expect(ops.map((o) => o.op)).toEqual(['updateSlide', 'updateSlide', 'setElement']);
    const saved = apply(before, { kind: 'deck', ops });
    expect(saved).toEqual(after);
    // and back: runs removed are sent as null
    const undone = apply(saved, { kind: 'deck', ops: diffDecks(after, before) });
    expect(undone).toEqual(before);
  });

  it('runs whose text is not the text are a 400 (a ZodError on save), control characters too', () => {
    const d = base();
    const bad = (set: Record<string, unknown>) => () => apply(d, { kind: 'deck', ops: [{ op: 'updateSlide', id: 'a', set }] });
    expect(bad({ titleRuns: [{ text: 'Revenue fell', bold: true }] })).toThrow(ZodError);
    expect(bad({ title: 'X', titleRuns: [{ text: 'Y' }] })).toThrow(ZodError);
    expect(bad({ bullets: [{ text: 'a', level: 0, runs: [{ text: 'b' }] }] })).toThrow(ZodError);
    expect(bad({ title: 'a\u0000', titleRuns: [{ text: 'a\u0000' }] })).toThrow(ZodError);
    expect(deckEditSchema.safeParse({ kind: 'deck', ops: [{ op: 'updateSlide', id: 'a', set: { titleRuns: [] } }] }).success).toBe(false);
    expect(bad({ title: 'New', titleRuns: [{ text: 'N', italic: true }, { text: 'ew' }] })).not.toThrow();
  });

  it('a title or cell text set without runs drops the stale formatting (ops and text edits)', () => {
    const d = parseDeck(formatted(base()));
    const viaOp = apply(d, { kind: 'deck', ops: [{ op: 'updateSlide', id: 'a', set: { title: 'Revenue fell in Q3' } }] });
    expect(viaOp.slides[0]!.title).toBe('Revenue fell in Q3');
    expect(viaOp.slides[0]!).not.toHaveProperty('titleRuns');
    expect(viaOp.slides[0]!.bullets).toEqual(d.slides[0]!.bullets);
    const viaText = apply(d, {
      kind: 'deck',
      slides: [
        { id: 'a', title: 'Revenue fell in Q3' },
        { id: 'b', columns: [{ heading: 'Before', bullets: ['Slow'] }, { heading: 'Later', bullets: ['Fast'] }] },
        { id: 'c', elements: [{ index: 0, rows: [['Region', 'Units'], ['North', 6]] }] },
      ],
    });
    expect(viaText.slides[0]!).not.toHaveProperty('titleRuns');
    expect(viaText.slides[1]!.columns![1]).toEqual({ heading: 'Later', bullets: ['Fast'] });
    expect(viaText.slides[2]!.elements[0]).not.toHaveProperty('cellRuns');
    // the same text keeps its formatting
    const same = apply(d, { kind: 'deck', slides: [{ id: 'a', title: 'Revenue grew in Q3' }, { id: 'b', columns: d.slides[1]!.columns!.map((c) => ({ heading: c.heading, bullets: c.bullets })) }] });
    expect(same.slides[0]!.titleRuns).toEqual(d.slides[0]!.titleRuns);
    expect(same.slides[1]!.columns![1]!.headingRuns).toEqual([{ text: 'After', bold: true, italic: true }]);
  });

  it('the agent rewriting a title drops its runs, keeps the others, and reads plain text', async () => {
    const state = createDeckState(formatted(base()));
    const tools = deckTools(state);
    const read = await runTool(tools, 'read_slide', { id: 'a' });
    expect(JSON.stringify(read)).not.toContain('runs');
    expect(read).toMatchObject({ ok: true });
    const out = await runTool(tools, 'update_slide', { id: 'a', title: 'Revenue fell in Q3' });
    expect(out, JSON.stringify(out)).toMatchObject({ ok: true });
    const s = state.deck.slides[0]!;
    expect(s.title).toBe('Revenue fell in Q3');
    expect(s).not.toHaveProperty('titleRuns');
    expect(s.bullets![1]).toEqual({ text: 'South lagged', level: 0, runs: [{ text: 'South', bold: true }, { text: ' lagged' }] });
  });
});
