import { describe, expect, it } from 'vitest';
import { seriesBands } from './chart-overlay';

describe('seriesBands', () => {
  it('stacks each series of a stacked area or line chart on the ones before it', () => {
    expect(seriesBands([[3, 6], [39, 38], [6, 11]], true)).toEqual([
      { from: [0, 0], to: [3, 6] },
      { from: [3, 6], to: [42, 44] },
      { from: [42, 44], to: [48, 55] },
    ]);
  });
  it('starts every series at 0 when the chart is not stacked (negative values kept)', () => {
    expect(seriesBands([[3, -2], [5, 1]], false)).toEqual([
      { from: [0, 0], to: [3, -2] },
      { from: [0, 0], to: [5, 1] },
    ]);
  });
});
