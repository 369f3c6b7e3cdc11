import { describe, expect, it } from 'vitest';
import { parseDeck, type DeckInput } from '../../server/documents/deck/schema';
import { textWidthPt } from '../text/font-metrics';
import { FEATURE_BOX } from './feature-layouts';
import { planSlide, type PlacedText } from './slide-layout';

const slideOf = (s: DeckInput['slides'][number]) => parseDeck({ slides: [s] }).slides[0]!;
const fonts = { headingFont: 'Calibri', bodyFont: 'Calibri' };
const role = (texts: PlacedText[], r: PlacedText['role']) => texts.find((t) => t.role === r)!;
const bottom = (t: PlacedText) => t.box.y + t.box.h;

describe('big-number layout', () => {
  it('sets the figure as large as fits one line, the accent bar under it, then the label and the supporting line, centred', () => {
    const plan = planSlide(slideOf({ id: 's', layout: 'big-number', title: '€4.2M', subtitle: 'annual recurring revenue', bullets: ['up 3× since January'] }), fonts);
    expect(plan.texts.map((t) => t.role)).toEqual(['figure', 'caption', 'body']);
    const [figure, caption, body] = plan.texts as [PlacedText, PlacedText, PlacedText];
    expect(figure.size).toBe(120);
    expect(figure).toMatchObject({ align: 'center', bold: true, color: 'primary', text: '€4.2M' });
    expect(plan.accent!.y).toBeGreaterThan(bottom(figure));
    expect(caption.box.y).toBeGreaterThan(plan.accent!.y + plan.accent!.h);
    expect(body.box.y).toBeGreaterThan(bottom(caption));
    // the group sits in the middle of the slide
    const above = figure.box.y - FEATURE_BOX.y;
    const below = FEATURE_BOX.y + FEATURE_BOX.h - bottom(body);
    expect(Math.abs(above - below)).toBeLessThan(0.01);
  });

  it('sets a long figure smaller so that it stays on one line', () => {
    const figure = '€1,234,567,890.00 per quarter';
    const [f] = planSlide(slideOf({ id: 's', layout: 'big-number', title: figure }), fonts).texts;
    expect(f!.size).toBeLessThan(120);
    expect(textWidthPt(figure, 'Calibri', f!.size, true)).toBeLessThanOrEqual((FEATURE_BOX.w - 0.2) * 72);
    expect(textWidthPt(figure, 'Calibri', f!.size + 2, true)).toBeGreaterThan((FEATURE_BOX.w - 0.2) * 72);
  });
});

describe('quote layout', () => {
  it('sets a short quotation larger than a long one, in italics, with the attribution under it and the rule beside it', () => {
    const short = planSlide(slideOf({ id: 's', layout: 'quote', title: 'It just works.', subtitle: '— Sam Lee' }), fonts);
    const long = planSlide(
      slideOf({ id: 's', layout: 'quote', title: Array.from({ length: 6 }, () => 'We closed our books four days faster and nobody chased an invoice by hand.').join(' '), subtitle: '— Jane Doe, CFO' }),
      fonts,
    );
    expect(role(short.texts, 'quote').size).toBeGreaterThan(role(long.texts, 'quote').size);
    expect(role(long.texts, 'quote').box.h).toBeLessThanOrEqual(FEATURE_BOX.h * 0.6);
    for (const plan of [short, long]) {
      const quote = role(plan.texts, 'quote');
      expect(quote.italic).toBe(true);
      expect(role(plan.texts, 'attribution').box.y).toBeGreaterThan(bottom(quote));
      expect(plan.accent!.x + plan.accent!.w).toBeLessThan(quote.box.x);
      expect(plan.accent!.y).toBeGreaterThanOrEqual(quote.box.y);
      expect(plan.accent!.y + plan.accent!.h).toBeLessThanOrEqual(bottom(quote));
    }
  });

  it('places empty boxes for the editor', () => {
    const plan = planSlide(slideOf({ id: 's', layout: 'quote' }), fonts, { emptyBoxes: true });
    expect(plan.texts.map((t) => t.role)).toEqual(['quote', 'attribution']);
    expect(planSlide(slideOf({ id: 's', layout: 'quote' }), fonts).texts).toEqual([]);
  });
});
