import { describe, expect, it } from 'vitest';
import { selectionStats } from './selection-stats';

const n = (v: number, fa = 'General') => ({ v, m: String(v), ct: { fa, t: 'n' } });

describe('selectionStats', () => {
  it('sums the values, not the displayed text, in the first number format', () => {
    const data = [[n(1200, '#,##0.00')], [n(255, '#,##0.00')], [{ v: 'note', m: 'note', ct: { fa: 'General', t: 'g' } }], [null]];
    expect(selectionStats(data, [{ row: [0, 3], column: [0, 0] }])).toEqual({ count: 3, numbers: 2, sum: '1,455.00', average: '727.50', min: '255.00', max: '1,200.00' });
  });
  it('counts text-only selections, and nothing for empty ones', () => {
    expect(selectionStats([[{ v: 'a', ct: { fa: 'General', t: 'g' } }]], [{ row: [0, 0], column: [0, 0] }])).toEqual({ count: 1, numbers: 0 });
    expect(selectionStats([[null]], [{ row: [0, 0], column: [0, 0] }])).toBeNull();
  });
  it('takes typed numbers the grid keeps as strings, and counts overlapping ranges once', () => {
    const data = [[{ v: '12', m: '12', ct: { fa: 'General', t: 'n' } }, n(3)]];
    expect(selectionStats(data, [{ row: [0, 0], column: [0, 1] }, { row: [0, 0], column: [1, 1] }])).toMatchObject({ count: 2, numbers: 2, sum: '15' });
  });
});
