import { describe, expect, it } from 'vitest';
import { parseDeck, type DeckInput } from '../../server/documents/deck/schema';
import { BULLETS_FILL_MAX, BULLETS_FILL_MIN, bulletsHeightPt } from './fit-bullets';
import { BULLET_SPACE_AFTER_PT, DEFAULT_TEXT_INSET_IN } from './measure-text';
import { BODY_MAX_PT, CONTENT_BOX, SUBTITLE_BAND_IN, planSlide, type PlacedText } from './slide-layout';

const slideOf = (s: DeckInput['slides'][number]) => parseDeck({ slides: [s] }).slides[0]!;
const fonts = { headingFont: 'Calibri', bodyFont: 'Calibri' };
const sentence = 'Our revenue grew in every region this quarter because the new accounts ramped up faster than planned';
/** The share of its box's inner height a placed bullets box takes. */
const share = (p: PlacedText) => bulletsHeightPt(p.bullets!, 'Calibri', p.size, p.box, p.spaceAfterPt) / ((p.box.h - 2 * DEFAULT_TEXT_INSET_IN.y) * 72);
const bulletsOf = (s: Parameters<typeof planSlide>[0], role: PlacedText['role'] = 'bullets') => planSlide(s, fonts).texts.filter((t) => t.role === role);

describe('planSlide', () => {
  it('sets a short list larger and spaces it out to cover most of the content area, written without shrinking', () => {
    const [b] = bulletsOf(slideOf({ id: 's', layout: 'title-bullets', title: 'Highlights', bullets: ['Revenue up 18%', 'Churn down to 2.1%', 'Two regions opened', 'Hiring on plan'] }));
    expect(b!.size).toBe(BODY_MAX_PT);
    expect(b!.shrink).toBe(false);
    expect(b!.box).toEqual(CONTENT_BOX);
    // the space goes between the points, not after the last one
    expect(b!.spaceAfterPt!.slice(0, -1).every((g) => g > BULLET_SPACE_AFTER_PT)).toBe(true);
    expect(b!.spaceAfterPt!.at(-1)).toBe(BULLET_SPACE_AFTER_PT);
    expect(share(b!)).toBeGreaterThanOrEqual(BULLETS_FILL_MIN - 0.01);
    expect(share(b!)).toBeLessThanOrEqual(BULLETS_FILL_MAX);
  });

  it('spaces a nested list between its points more than between a point and its sub-points', () => {
    const [b] = bulletsOf(
      slideOf({
        id: 's',
        layout: 'title-bullets',
        title: 'Agenda',
        bullets: ['Results', { text: 'What we know today', level: 1 }, 'Next quarter', { text: 'Owner and date', level: 1 }, 'Risks', { text: 'Dependencies', level: 1 }],
      }),
    );
    const [afterPoint, beforePoint] = b!.spaceAfterPt!;
    expect(beforePoint).toBeGreaterThan(afterPoint!);
    expect(share(b!)).toBeGreaterThanOrEqual(BULLETS_FILL_MIN - 0.01);
  });

  it('keeps the layout size, the least spacing and shrink-on-overflow for a long list', () => {
    const long = Array.from({ length: 7 }, (_, i) => `${sentence}; ${sentence} (${i + 1})`);
    const [b] = bulletsOf(slideOf({ id: 's', layout: 'title-bullets', title: 'Detail', bullets: long }));
    expect(b!.size).toBe(18);
    expect(b!.shrink).toBe(true);
    expect(new Set(b!.spaceAfterPt)).toEqual(new Set([BULLET_SPACE_AFTER_PT]));
  });

  it('takes a size between the layout size and the largest for a medium list, the largest that leaves room', () => {
    const medium = Array.from({ length: 5 }, (_, i) => `${sentence.slice(0, 70)} ${i + 1}`);
    const [b] = bulletsOf(slideOf({ id: 's', layout: 'title-bullets', title: 'Detail', bullets: medium }));
    expect(b!.size).toBeGreaterThan(22);
    expect(b!.size).toBeLessThan(BODY_MAX_PT);
    expect(share({ ...b!, spaceAfterPt: undefined })).toBeLessThanOrEqual(BULLETS_FILL_MAX);
    expect(share({ ...b!, size: b!.size + 1, spaceAfterPt: undefined })).toBeGreaterThan(BULLETS_FILL_MAX);
  });

  it('sets both columns of a two-column slide at one size, under larger headings', () => {
    const s = slideOf({
      id: 's',
      layout: 'two-column',
      title: 'Plan',
      columns: [
        { heading: 'Growth', bullets: ['Hire two account managers', 'Partner programme', 'Open Iberia'] },
        { heading: 'Efficiency', bullets: Array.from({ length: 4 }, () => sentence.slice(0, 60)) },
      ],
    });
    const cols = bulletsOf(s, 'column-bullets');
    expect(cols).toHaveLength(2);
    expect(cols[0]!.size).toBe(cols[1]!.size);
    expect(cols[0]!.size).toBeGreaterThan(18);
    const headings = bulletsOf(s, 'column-heading');
    expect(headings.map((h) => h.size)).toEqual([cols[0]!.size + 2, cols[0]!.size + 2]);
  });

  it('sets the bullets beside a chart up to the narrower column’s largest size, centred', () => {
    const chart = { kind: 'chart' as const, chartType: 'column' as const, categories: ['A'], series: [{ name: 'R', values: [1] }] };
    const s = slideOf({ id: 's', layout: 'chart', title: 'Revenue', bullets: ['North leads', 'South grew'], elements: [chart] });
    const plan = planSlide(s, fonts);
    const [b] = plan.texts.filter((t) => t.role === 'bullets');
    expect(b!.size).toBe(24);
    expect(b!.valign).toBe('middle');
    expect(plan.elementBox.x + plan.elementBox.w).toBeLessThan(b!.box.x);
  });

  it('places the empty boxes an editor offers without moving the content', () => {
    const s = slideOf({ id: 's', layout: 'title-bullets' });
    expect(planSlide(s, fonts).texts).toEqual([]);
    const editable = planSlide(s, fonts, { emptyBoxes: true });
    expect(editable.texts.map((t) => t.role)).toEqual(['title', 'subtitle', 'bullets']);
    expect(editable.texts.find((t) => t.role === 'bullets')!.box.y).toBe(CONTENT_BOX.y);
    expect(editable.accent).toBeUndefined();
    // a subtitle moves the content down; the title gets its accent bar
    const withSubtitle = planSlide(slideOf({ id: 's', layout: 'title-bullets', title: 'T', subtitle: 'S', bullets: ['a'] }), fonts);
    expect(withSubtitle.texts.find((t) => t.role === 'bullets')!.box.y).toBeCloseTo(CONTENT_BOX.y + SUBTITLE_BAND_IN);
    expect(withSubtitle.accent).toEqual({ x: 0.6, y: 1.33, w: 1.2, h: 0.06 });
  });
});
