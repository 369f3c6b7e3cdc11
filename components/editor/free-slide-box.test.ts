import { describe, expect, it } from 'vitest';
import { freeBox } from './free-slide-box';

const SLIDE = { w: 13.333, h: 7.5 };

describe('freeBox', () => {
  it('an empty slide: top right, full size', () => {
    expect(freeBox([], { w: 6, h: 4 }, SLIDE)).toEqual({ x: 6.83, y: 1.5, w: 6, h: 4 });
  });

  it('short bullet lines on the left: beside them, covering nothing', () => {
    const lines = [0, 1, 2, 3].map((i) => ({ x: 0.6, y: 1.6 + i * 0.5, w: 5.5, h: 0.4 }));
    const b = freeBox(lines, { w: 6, h: 4 }, SLIDE)!;
    expect(b.x).toBeGreaterThan(6.1);
    expect(lines.every((l) => l.x + l.w < b.x || l.y > b.y + b.h)).toBe(true);
  });

  it('long lines across the slide: below them, smaller if need be', () => {
    const lines = [0, 1, 2].map((i) => ({ x: 0.6, y: 1.6 + i * 0.5, w: 12, h: 0.4 }));
    const b = freeBox(lines, { w: 6, h: 4 }, SLIDE)!;
    expect(b.y).toBeGreaterThanOrEqual(3.0);
    expect(b.y + b.h).toBeLessThanOrEqual(7.0 + 1e-9);
  });

  it('a second object goes beside the first, not over it', () => {
    const first = { x: 6.83, y: 1.5, w: 6, h: 1.6 };
    const b = freeBox([first], { w: 6, h: 4 }, SLIDE)!;
    const apart = b.x + b.w <= first.x || b.y >= first.y + first.h;
    expect(apart).toBe(true);
  });

  it('a full slide: null (the caller centres it)', () => {
    expect(freeBox([{ x: 0, y: 0, w: 13.333, h: 7.5 }], { w: 6, h: 4 }, SLIDE)).toBeNull();
  });
});
