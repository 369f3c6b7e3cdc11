// The deck merge with formatted layout texts: a title, subtitle or bullet merges word by word with
// each word's formatting, as a text box's paragraph does; plain texts stay plain strings; a cell's
// formatting never outlives a text the other side changed.
import { describe, expect, it } from 'vitest';
import { parseDeck, type Deck, type DeckInput } from '../../server/documents/deck/schema';
import type { Chooser } from '../merge/three-way-merge';
import { formatTextAt, setTextAt } from './layout-runs';
import { mergeDeckModels } from './merge-deck';

const none: Chooser = () => undefined;
type Loose = Parameters<typeof mergeDeckModels>[0];
const loose = (d: Deck) => d as unknown as Loose;

function base(): Deck {
  const input: DeckInput = {
    title: 'D',
    slides: [
      {
        id: 's1',
        layout: 'title-bullets',
        title: 'Revenue grew in Q3',
        subtitle: 'All regions',
        bullets: ['North led the way', { text: 'South lagged', level: 1 }],
      },
      { id: 's2', layout: 'title-bullets', title: 'Table', elements: [{ kind: 'table', rows: [['Region', 'Sales'], ['North', '120']] }] },
    ],
  };
  return parseDeck(input);
}

const edit = (d: Deck, id: string, fn: (s: Deck['slides'][number]) => Deck['slides'][number]): Deck => ({
  ...d,
  slides: d.slides.map((s) => (s.id === id ? fn(s) : s)),
});

function merge(b: Deck, y: Deck, t: Deck) {
  const r = mergeDeckModels(loose(b), loose(y), loose(t), none);
  return { conflicts: r.conflicts, deck: parseDeck(r.value) };
}

describe('deck merge with layout text runs', () => {
  it('one side unbolds a word of the title, the other fixes another word: both land', () => {
    const b = base();
    const y = edit(b, 's1', (s) => formatTextAt(s, { kind: 'title' }, 8, 12, { bold: undefined }));
    const t = edit(b, 's1', (s) => ({ ...s, title: 'Revenue grew in Q4' }));
    const r = merge(b, y, t);
    expect(r.conflicts).toEqual([]);
    const s = r.deck.slides[0]!;
    expect(s.title).toBe('Revenue grew in Q4');
    expect(s.titleRuns).toEqual([{ text: 'Revenue ', bold: true }, { text: 'grew' }, { text: ' in Q4', bold: true }]);
  });

  it('both sides format different words of a bullet and the subtitle: all of it lands', () => {
    const b = base();
    const y = edit(b, 's1', (s) => formatTextAt(formatTextAt(s, { kind: 'bullet', index: 0 }, 0, 5, { bold: true }), { kind: 'subtitle' }, 0, 3, { color: '#C00000' }));
    const t = edit(b, 's1', (s) => formatTextAt(s, { kind: 'bullet', index: 0 }, 10, 17, { underline: true }));
    const r = merge(b, y, t);
    expect(r.conflicts).toEqual([]);
    const s = r.deck.slides[0]!;
    expect(s.bullets![0]).toEqual({
      text: 'North led the way',
      level: 0,
      runs: [{ text: 'North', bold: true }, { text: ' led ' }, { text: 'the way', underline: true }],
    });
    // the untouched bullet stays as it was (not turned into runs)
    expect(s.bullets![1]).toEqual({ text: 'South lagged', level: 1 });
    expect(s.subtitleRuns).toEqual([{ text: 'All', italic: true, color: '#C00000' }, { text: ' regions', italic: true }]);
  });

  it('plain texts merge as before and stay plain strings; the same word changed differently is a conflict', () => {
    const b = base();
    const y = edit(b, 's1', (s) => ({ ...s, bullets: ['North led the way!', ...s.bullets!.slice(1)] }));
    const t = edit(b, 's1', (s) => ({ ...s, bullets: ['Far North led the way', ...s.bullets!.slice(1)] }));
    const r = merge(b, y, t);
    expect(r.conflicts).toEqual([]);
    expect(r.deck.slides[0]!.bullets).toEqual(['Far North led the way!', { text: 'South lagged', level: 1 }]);
    expect(r.deck.slides[0]!).not.toHaveProperty('titleRuns');
    const c = merge(b, edit(b, 's1', (s) => ({ ...s, title: 'Revenue fell in Q3' })), edit(b, 's1', (s) => ({ ...s, title: 'Revenue rose in Q3' })));
    expect(c.conflicts).toHaveLength(1);
    expect(c.conflicts[0]).toMatchObject({ label: expect.stringContaining('title'), yours: 'Revenue fell in Q3', theirs: 'Revenue rose in Q3' });
  });

  it('nothing changed on one side gives the other side exactly', () => {
    const b = base();
    const t = edit(b, 's1', (s) => formatTextAt(s, { kind: 'title' }, 0, 7, { italic: true }));
    expect(merge(b, b, t).deck).toEqual(t);
    expect(merge(b, t, b).deck).toEqual(t);
  });

  it('a cell formatted on one side and rewritten on the other keeps the new text, not stale runs', () => {
    const b = base();
    const y = edit(b, 's2', (s) => formatTextAt(s, { kind: 'cell', element: 0, row: 1, col: 0 }, 0, 5, { bold: true }));
    const t = edit(b, 's2', (s) => setTextAt(s, { kind: 'cell', element: 0, row: 1, col: 0 }, 'South', undefined));
    const r = merge(b, y, t);
    const el = r.deck.slides[1]!.elements[0]!;
    expect(el.kind === 'table' && el.rows[1]![0]).toBe('South');
    expect(el).not.toHaveProperty('cellRuns');
    // a formatted cell the other side did not touch keeps its runs
    const t2 = edit(b, 's2', (s) => setTextAt(s, { kind: 'cell', element: 0, row: 0, col: 1 }, 'Revenue', undefined));
    const el2 = merge(b, y, t2).deck.slides[1]!.elements[0]!;
    expect(el2.kind === 'table' && el2.cellRuns).toEqual([[], [[{ text: 'North', bold: true }]]]);
    expect(el2.kind === 'table' && el2.rows[0]![1]).toBe('Revenue');
  });
});
