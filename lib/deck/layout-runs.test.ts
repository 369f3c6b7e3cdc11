import { describe, expect, it } from 'vitest';
import { parseDeck, type Slide } from '../../server/documents/deck/schema';
import { runsText } from './edit-runs';
import {
  compactRuns,
  dropStaleRuns,
  effectiveRuns,
  formatTextAt,
  parseTargetKey,
  plainBullets,
  runLines,
  seedFormat,
  setTextAt,
  targetKey,
  textAt,
  type RunsTarget,
} from './layout-runs';
import { planSlide } from './slide-layout';

const fonts = { headingFont: 'Calibri', bodyFont: 'Calibri' };

function slide(over: Partial<Slide> = {}): Slide {
  return parseDeck({
    slides: [
      {
        id: 's',
        layout: 'title-bullets',
        title: 'Revenue grew in Q3',
        subtitle: 'All regions',
        bullets: ['North led', { text: 'South lagged', level: 1 }],
        ...over,
      },
    ],
  }).slides[0]!;
}

describe('layout text runs', () => {
  it('names targets as data attributes and reads them back', () => {
    const all: RunsTarget[] = [
      { kind: 'title' },
      { kind: 'subtitle' },
      { kind: 'bullet', index: 3 },
      { kind: 'heading', column: 1 },
      { kind: 'column-bullet', column: 0, index: 2 },
      { kind: 'cell', element: 4, row: 0, col: 7 },
    ];
    for (const t of all) expect(parseTargetKey(targetKey(t))).toEqual(t);
    for (const bad of ['', 'title:1', 'bullet', 'bullet:-1', 'bullet:x', 'cell:1:2', 'para:1']) expect(parseTargetKey(bad)).toBeNull();
  });

  it('seeds a plain text with the formatting its layout draws it with', () => {
    // the plan says which texts are bold or italic; the seeds must agree with it
    const cases: Array<[Slide['layout'], RunsTarget, string]> = [
      ['title-bullets', { kind: 'title' }, 'title'],
      ['title-bullets', { kind: 'subtitle' }, 'subtitle'],
      ['title', { kind: 'title' }, 'title'],
      ['title', { kind: 'subtitle' }, 'subtitle'],
      ['section', { kind: 'subtitle' }, 'subtitle'],
      ['big-number', { kind: 'title' }, 'figure'],
      ['big-number', { kind: 'subtitle' }, 'caption'],
      ['quote', { kind: 'title' }, 'quote'],
      ['quote', { kind: 'subtitle' }, 'attribution'],
    ];
    for (const [layout, t, role] of cases) {
      const s = slide({ layout });
      const placed = planSlide(s, fonts).texts.find((p) => p.role === role);
      expect(placed, `${layout} ${role}`).toBeDefined();
      const seed = seedFormat(s, t);
      expect([!!seed.bold, !!seed.italic], `${layout} ${role}`).toEqual([placed!.bold, placed!.italic]);
    }
    const two = slide({ layout: 'two-column', columns: [{ heading: 'Left', bullets: ['a'] }] });
    expect(planSlide(two, fonts).texts.find((p) => p.role === 'column-heading')!.bold).toBe(true);
    expect(seedFormat(two, { kind: 'heading', column: 0 })).toEqual({ bold: true });
    expect(seedFormat(two, { kind: 'bullet', index: 0 })).toEqual({});
    const table = slide({ elements: [{ kind: 'table', rows: [['A'], ['1']], headerRow: true }] });
    expect(seedFormat(table, { kind: 'cell', element: 0, row: 0, col: 0 })).toEqual({ bold: true });
    expect(seedFormat(table, { kind: 'cell', element: 0, row: 1, col: 0 })).toEqual({});
  });

  it('formats one word of a title: the other words keep the layout bold, the word loses it', () => {
    const s = slide();
    const start = 'Revenue '.length;
    const next = formatTextAt(s, { kind: 'title' }, start, start + 'grew'.length, { bold: undefined });
    expect(next.title).toBe('Revenue grew in Q3');
    expect(next.titleRuns).toEqual([{ text: 'Revenue ', bold: true }, { text: 'grew' }, { text: ' in Q3', bold: true }]);
    expect(() => parseDeck({ slides: [next] })).not.toThrow();
    // bold again: nothing beyond the layout's formatting is left, the runs go
    const back = formatTextAt(next, { kind: 'title' }, start, start + 4, { bold: true });
    expect(back.titleRuns).toBeUndefined();
    expect(back.title).toBe('Revenue grew in Q3');
    // a caret formats the whole text
    const all = formatTextAt(s, { kind: 'subtitle' }, 3, 3, { color: '#C00000' });
    expect(all.subtitleRuns).toEqual([{ text: 'All regions', italic: true, color: '#C00000' }]);
  });

  it('formats a word of a bullet, a column heading and a table cell', () => {
    const s = slide();
    const b = formatTextAt(s, { kind: 'bullet', index: 1 }, 0, 5, { bold: true });
    expect(b.bullets).toEqual(['North led', { text: 'South lagged', level: 1, runs: [{ text: 'South', bold: true }, { text: ' lagged' }] }]);
    expect(effectiveRuns(b, { kind: 'bullet', index: 0 })).toEqual([{ text: 'North led' }]);
    const two = slide({ layout: 'two-column', columns: [{ heading: 'Left side', bullets: ['a', 'b'] }] });
    const h = formatTextAt(two, { kind: 'heading', column: 0 }, 5, 9, { italic: true });
    expect(h.columns![0]).toEqual({ heading: 'Left side', headingRuns: [{ text: 'Left ', bold: true }, { text: 'side', bold: true, italic: true }], bullets: ['a', 'b'] });
    const cb = formatTextAt(two, { kind: 'column-bullet', column: 0, index: 1 }, 0, 1, { underline: true });
    expect(cb.columns![0]!.bullets[1]).toEqual({ text: 'b', level: 0, runs: [{ text: 'b', underline: true }] });
    const table = slide({ elements: [{ kind: 'table', rows: [['Region', 'Sales'], ['North', 120]], headerRow: true }] });
    const c = formatTextAt(table, { kind: 'cell', element: 0, row: 1, col: 1 }, 0, 3, { italic: true });
    const el = c.elements[0]!;
    expect(el.kind === 'table' && el.cellRuns).toEqual([[], [null, [{ text: '120', italic: true }]]]);
    expect(el.kind === 'table' && el.rows[1]![1]).toBe(120);
    expect(() => parseDeck({ slides: [c] })).not.toThrow();
    // unformatting the cell removes the grid
    const plain = formatTextAt(c, { kind: 'cell', element: 0, row: 1, col: 1 }, 0, 3, { italic: undefined });
    expect(plain.elements[0]!.kind === 'table' && 'cellRuns' in plain.elements[0]!).toBe(false);
  });

  it('typing in a formatted text keeps its runs; setting text without runs drops them', () => {
    const s = formatTextAt(slide(), { kind: 'title' }, 0, 7, { italic: true });
    const runs = s.titleRuns!;
    const typed = [...runs.slice(0, -1), { ...runs[runs.length - 1]!, text: `${runs[runs.length - 1]!.text}!` }];
    const t = setTextAt(s, { kind: 'title' }, runsText(typed), typed);
    expect(t.title).toBe('Revenue grew in Q3!');
    expect(runsText(t.titleRuns!)).toBe(t.title);
    const cleared = setTextAt(s, { kind: 'title' }, 'New title', undefined);
    expect(cleared.titleRuns).toBeUndefined();
    expect(textAt(cleared, { kind: 'title' })).toEqual({ text: 'New title' });
  });

  it('drops runs that no longer match their text, and keeps the rest (the same slide when none)', () => {
    let s = formatTextAt(slide(), { kind: 'title' }, 0, 7, { italic: true });
    s = formatTextAt(s, { kind: 'subtitle' }, 0, 3, { bold: true });
    s = formatTextAt(s, { kind: 'bullet', index: 0 }, 0, 5, { bold: true });
    expect(dropStaleRuns(s)).toBe(s);
    const agent = { ...s, title: 'Revenue fell', bullets: s.bullets!.map((b, i) => (i === 0 && typeof b === 'object' ? { ...b, text: 'East led' } : b)) };
    const d = dropStaleRuns(agent);
    expect(d.titleRuns).toBeUndefined();
    expect(d.subtitleRuns).toEqual(s.subtitleRuns);
    expect(d.bullets![0]).toEqual({ text: 'East led', level: 0 });
    expect(() => parseDeck({ slides: [d] })).not.toThrow();
    const table = formatTextAt(slide({ elements: [{ kind: 'table', rows: [['A', 'B']], headerRow: true }] }), { kind: 'cell', element: 0, row: 0, col: 1 }, 0, 1, { italic: true });
    const edited = { ...table, elements: table.elements.map((e) => (e.kind === 'table' ? { ...e, rows: [['A', 'C']] } : e)) };
    expect(dropStaleRuns(edited).elements[0]).not.toHaveProperty('cellRuns');
  });

  it('gives readers that do not know runs plain bullets, and cuts runs at line breaks', () => {
    expect(plainBullets(['a', { text: 'b', level: 1, runs: [{ text: 'b', bold: true }] }, { text: 'c', level: 0, runs: [{ text: 'c', bold: true }] }])).toEqual(['a', { text: 'b', level: 1 }, 'c']);
    expect(runLines([{ text: 'One\nTw', bold: true }, { text: 'o' }])).toEqual([[{ text: 'One', bold: true }], [{ text: 'Tw', bold: true }, { text: 'o' }]]);
    expect(compactRuns([{ text: 'a', bold: true }, { text: 'b', bold: true }], { bold: true })).toBeUndefined();
    expect(compactRuns([{ text: 'a', bold: true }, { text: 'b' }], { bold: true })).toEqual([{ text: 'a', bold: true }, { text: 'b' }]);
  });
});
