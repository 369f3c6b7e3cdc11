import { describe, expect, it } from 'vitest';
import { paragraphSchema, type Run } from '../../server/documents/deck/schema';
import { allHave, concatRuns, editRuns, formatAt, formatRange, normalizeRuns, runsText, sliceRuns, spliceRuns, textChange } from './edit-runs';

// "Revenue **grew 12%** in Q3"
const revenue = (): Run[] => [{ text: 'Revenue ', color: '#262626' }, { text: 'grew 12%', bold: true, color: '#262626' }, { text: ' in Q3', color: '#262626' }];

describe('editRuns (old text → new text, runs kept)', () => {
  it('a typo fixed in the plain part keeps the bold run and every other run as it was', () => {
    const runs = [{ text: 'Revnue ' }, { text: 'grew 12%', bold: true }, { text: ' in Q3' }];
    const out = editRuns(runs, 'Revenue grew 12% in Q3', 4);
    expect(out).toEqual([{ text: 'Revenue ' }, { text: 'grew 12%', bold: true }, { text: ' in Q3' }]);
    expect(out[1]).toBe(runs[1]); // untouched runs are the same objects
    expect(out[2]).toBe(runs[2]);
  });

  it('returns the same runs when the text did not change', () => {
    const runs = revenue();
    expect(editRuns(runs, 'Revenue grew 12% in Q3')).toBe(runs);
  });

  it('text typed inside the bold run is bold', () => {
    const out = editRuns(revenue(), 'Revenue grew by 12% in Q3', 15);
    expect(out).toEqual([
      { text: 'Revenue ', color: '#262626' },
      { text: 'grew by 12%', bold: true, color: '#262626' },
      { text: ' in Q3', color: '#262626' },
    ]);
  });

  it('text typed at a run boundary takes the run before the caret', () => {
    // right after "12%": continues the bold run
    expect(editRuns(revenue(), 'Revenue grew 12%! in Q3', 17)[1]).toEqual({ text: 'grew 12%!', bold: true, color: '#262626' });
    // right after "Revenue ": continues the plain run
    const out = editRuns(revenue(), 'Revenue strongly grew 12% in Q3', 17);
    expect(out[0]).toEqual({ text: 'Revenue strongly ', color: '#262626' });
    expect(out[1]).toEqual({ text: 'grew 12%', bold: true, color: '#262626' });
    // at the very start: the first run
    expect(editRuns([{ text: 'x', italic: true }, { text: 'y' }], 'axy', 1)).toEqual([{ text: 'ax', italic: true }, { text: 'y' }]);
  });

  it('the caret places an ambiguous insertion (a doubled letter at a run boundary)', () => {
    const runs: Run[] = [{ text: 'hel' }, { text: 'lo', bold: true }];
    // typed "l" after "hel" (caret 4): the plain run grows
    expect(editRuns(runs, 'helllo', 4)).toEqual([{ text: 'hell' }, { text: 'lo', bold: true }]);
    // typed "l" after "hell" (caret 5): the bold run grows
    expect(editRuns(runs, 'helllo', 5)).toEqual([{ text: 'hel' }, { text: 'llo', bold: true }]);
    // no caret (server): the longest common prefix decides
    expect(runsText(editRuns(runs, 'helllo'))).toBe('helllo');
  });

  it('deleting across runs removes only the deleted parts; emptied runs go', () => {
    // delete "ue grew" (across the plain and the bold run)
    expect(editRuns(revenue(), 'Reven 12% in Q3', 5)).toEqual([
      { text: 'Reven', color: '#262626' },
      { text: ' 12%', bold: true, color: '#262626' },
      { text: ' in Q3', color: '#262626' },
    ]);
    // delete the whole bold run: the plain neighbours join into one run
    expect(editRuns(revenue(), 'Revenue  in Q3', 8)).toEqual([{ text: 'Revenue  in Q3', color: '#262626' }]);
  });

  it('replacing a selection takes the formatting of the first replaced character', () => {
    // "grew" selected and typed over with "fell"
    expect(editRuns(revenue(), 'Revenue fell 12% in Q3', 12)).toEqual([
      { text: 'Revenue ', color: '#262626' },
      { text: 'fell 12%', bold: true, color: '#262626' },
      { text: ' in Q3', color: '#262626' },
    ]);
  });

  it('replacing everything keeps one run with the first run’s formatting; deleting everything keeps an empty run', () => {
    expect(editRuns(revenue(), 'New text', 8)).toEqual([{ text: 'New text', color: '#262626' }]);
    const empty = editRuns([{ text: 'abc', bold: true }, { text: 'def' }], '', 0);
    expect(empty).toEqual([{ text: '', bold: true }]);
    expect(paragraphSchema.parse({ runs: empty }).runs).toHaveLength(1);
    // typing into the emptied paragraph goes on in bold
    expect(editRuns(empty, 'x', 1)).toEqual([{ text: 'x', bold: true }]);
  });

  it('never splits an emoji (surrogate pair) between runs', () => {
    const runs: Run[] = [{ text: 'a😀' }, { text: 'b', bold: true }];
    const out = editRuns(runs, 'a😁b', 3); // 😀 U+1F600 → 😁 U+1F601: same high surrogate
    expect(out).toEqual([{ text: 'a😁' }, { text: 'b', bold: true }]);
    expect(textChange('a😀b', 'a😁b')).toEqual({ start: 1, deleteCount: 2, insert: '😁' });
    // an emoji typed into the bold run
    expect(editRuns(runs, 'a😀b🎉', 6)).toEqual([{ text: 'a😀' }, { text: 'b🎉', bold: true }]);
    // same low surrogate, different high one: the suffix does not start inside the pair
    const c = textChange('x\uD83D\uDE00', 'x\uD83E\uDE00');
    expect(c).toEqual({ start: 1, deleteCount: 2, insert: '\uD83E\uDE00' });
    for (const r of editRuns([{ text: 'x\uD83D\uDE00', italic: true }], 'x\uD83E\uDE00')) {
      expect(/[\uD800-\uDBFF]$/.test(r.text)).toBe(false);
      expect(/^[\uDC00-\uDFFF]/.test(r.text)).toBe(false);
    }
  });

  it('drops NUL and other control characters from typed text (the schema refuses them)', () => {
    const out = editRuns(revenue(), 'Revenue\u0000 grew 12% in Q3\u0007', 9);
    expect(runsText(out)).toBe('Revenue grew 12% in Q3');
    expect(out[1]!.bold).toBe(true);
    expect(() => paragraphSchema.parse({ runs: [{ text: 'a\u0000b' }] })).toThrow(/control characters/);
    expect(paragraphSchema.parse({ runs: out }).runs).toEqual(out);
  });
});

describe('spliceRuns / sliceRuns / concatRuns', () => {
  it('splices with an explicit format (the run typed into)', () => {
    expect(spliceRuns(revenue(), 8, 0, 'x', { italic: true })).toEqual([
      { text: 'Revenue ', color: '#262626' },
      { text: 'x', italic: true },
      { text: 'grew 12%', bold: true, color: '#262626' },
      { text: ' in Q3', color: '#262626' },
    ]);
  });

  it('splits a paragraph at the caret and joins it back', () => {
    const runs = revenue();
    const before = sliceRuns(runs, 0, 12);
    const after = sliceRuns(runs, 12);
    expect(before).toEqual([{ text: 'Revenue ', color: '#262626' }, { text: 'grew', bold: true, color: '#262626' }]);
    expect(after).toEqual([{ text: ' 12%', bold: true, color: '#262626' }, { text: ' in Q3', color: '#262626' }]);
    expect(concatRuns(before, after)).toEqual(runs);
    // split at the end: the new paragraph is empty and keeps the formatting at the caret
    expect(sliceRuns([{ text: 'ab', bold: true }], 2)).toEqual([{ text: '', bold: true }]);
  });

  it('normalizes: empty runs dropped, alike neighbours joined, false counts as absent', () => {
    expect(normalizeRuns([{ text: '' }, { text: 'a', bold: false }, { text: 'b' }, { text: '', italic: true }])).toEqual([{ text: 'ab', bold: false }]);
    expect(normalizeRuns([])).toEqual([{ text: '' }]);
  });

  it('formatAt: the run before the caret, the first run at the start', () => {
    expect(formatAt(revenue(), 0)).toEqual({ color: '#262626' });
    expect(formatAt(revenue(), 9)).toEqual({ bold: true, color: '#262626' });
    expect(formatAt(revenue(), 16)).toEqual({ bold: true, color: '#262626' });
    expect(formatAt(revenue(), 17)).toEqual({ color: '#262626' });
  });
});

describe('formatRange (selection formatting)', () => {
  it('bolds one word: it gets its own run, the rest is unchanged', () => {
    const runs: Run[] = [{ text: 'Revenue grew in Q3', size: 20 }];
    expect(formatRange(runs, 8, 12, { bold: true })).toEqual([
      { text: 'Revenue ', size: 20 },
      { text: 'grew', size: 20, bold: true },
      { text: ' in Q3', size: 20 },
    ]);
  });

  it('a selection across runs: every part gets the patch, each keeps its other formatting', () => {
    expect(formatRange(revenue(), 4, 12, { color: '#C00000' })).toEqual([
      { text: 'Reve', color: '#262626' },
      { text: 'nue ', color: '#C00000' },
      { text: 'grew', bold: true, color: '#C00000' },
      { text: ' 12%', bold: true, color: '#262626' },
      { text: ' in Q3', color: '#262626' },
    ]);
  });

  it('removing a mark (undefined) joins the run back with its neighbours', () => {
    const out = formatRange(revenue(), 8, 16, { bold: undefined });
    expect(out).toEqual([{ text: 'Revenue grew 12% in Q3', color: '#262626' }]);
  });

  it('an empty range changes nothing; ranges are clamped', () => {
    const runs = revenue();
    expect(formatRange(runs, 3, 3, { bold: true })).toBe(runs);
    expect(formatRange(runs, -5, 999, { italic: true }).every((r) => r.italic)).toBe(true);
  });

  it('allHave: the pressed state of a selection or of the run at the caret', () => {
    expect(allHave(revenue(), 8, 16, 'bold')).toBe(true);
    expect(allHave(revenue(), 7, 16, 'bold')).toBe(false);
    expect(allHave(revenue(), 10, 10, 'bold')).toBe(true);
    expect(allHave(revenue(), 3, 3, 'bold')).toBe(false);
  });
});
