/**
 * Sizing bullets to their box the way a designer would: short lists get a larger font and more
 * space between their points so that they cover a good part of the box instead of sitting in a
 * small block at its top; long lists keep the layout's size (and are written shrink-on-overflow).
 */
import type { Bullet } from '../../server/documents/deck/schema';
import {
  BULLET_SPACE_AFTER_PT,
  DEFAULT_TEXT_INSET_IN,
  bulletLevel,
  bulletParagraphs,
  paragraphsHeightPt,
} from './measure-text';

/** The share of a box's inner height fitted bullets may take at most (room to breathe). */
export const BULLETS_FILL_MAX = 0.8;
/** The share of a box's inner height spacing stretches short bullets to, where it can. */
export const BULLETS_FILL_MIN = 0.7;
/** Most space between two points, as a multiple of the font size. */
const MAX_GAP_PER_PT = 2;
/** Most space between a point and its sub-points, as a multiple of the font size. */
const MAX_SUB_GAP_PER_PT = 0.6;

const PT = 72;

interface BulletBox {
  w: number;
  h: number;
}

const innerWidthPt = (box: BulletBox) => (box.w - 2 * DEFAULT_TEXT_INSET_IN.x) * PT;
const innerHeightPt = (box: BulletBox) => Math.max(box.h - 2 * DEFAULT_TEXT_INSET_IN.y, 0) * PT;

/** Height of the bullets at a size with the spacing given (default: the least spacing), points. */
export function bulletsHeightPt(
  bullets: Bullet[],
  font: string,
  size: number,
  box: BulletBox,
  spaceAfterPt?: number[],
): number {
  return paragraphsHeightPt(bulletParagraphs(bullets, font, size, false, spaceAfterPt), innerWidthPt(box));
}

/**
 * The largest whole size from `base` to `max` at which the bullets, with the least spacing, take at
 * most BULLETS_FILL_MAX of the box; `base` when even that does not hold (long content).
 */
export function fitBulletSize(bullets: Bullet[], font: string, box: BulletBox, base: number, max: number): number {
  const room = innerHeightPt(box) * BULLETS_FILL_MAX;
  for (let size = max; size > base; size--) if (bulletsHeightPt(bullets, font, size, box) <= room) return size;
  return base;
}

/** Does the list have points with sub-points (then the space goes between the groups)? */
const nested = (bullets: Bullet[]) => bullets.some((b) => bulletLevel(b) > 0);

/**
 * The space after each bullet (points, whole): BULLET_SPACE_AFTER_PT, and more when the list covers
 * less than BULLETS_FILL_MIN of the box — first before each point (each level-0 bullet of a nested
 * list, every bullet of a flat one), up to MAX_GAP_PER_PT × the size, then between a point and its
 * sub-points, up to MAX_SUB_GAP_PER_PT × the size.
 */
export function bulletSpacing(bullets: Bullet[], font: string, size: number, box: BulletBox): number[] {
  const out = bullets.map(() => BULLET_SPACE_AFTER_PT);
  const gaps = bullets.slice(0, -1).map((_, i) => i);
  // a gap opens a new point when the next bullet is at level 0 (every gap of a flat list)
  const grouped = nested(bullets);
  const groupGaps = gaps.filter((i) => !grouped || bulletLevel(bullets[i + 1]!) === 0);
  const subGaps = gaps.filter((i) => !groupGaps.includes(i));
  let short = innerHeightPt(box) * BULLETS_FILL_MIN - bulletsHeightPt(bullets, font, size, box);
  for (const [list, most] of [
    [groupGaps, MAX_GAP_PER_PT * size],
    [subGaps, MAX_SUB_GAP_PER_PT * size],
  ] as const) {
    if (short <= 0 || !list.length) continue;
    const add = Math.min(short / list.length, most - BULLET_SPACE_AFTER_PT);
    if (add <= 0) continue;
    for (const i of list) out[i] = Math.round(BULLET_SPACE_AFTER_PT + add);
    short -= add * list.length;
  }
  return out;
}
