import { describe, expect, it } from 'vitest';
import { tableElementSchema } from '../../server/documents/deck/schema';
import { CONTENT_BOX } from './slide-layout';
import { TABLE_FILL_MIN, TABLE_MAX_FONT_PT, planTable } from './table-layout';

const table = (rows: Array<Array<string | number>>, extra: Record<string, unknown> = {}) => tableElementSchema.parse({ kind: 'table', rows, ...extra });
const pricing = table([
  ['Plan', 'Price', 'Seats', 'Support'],
  ['Starter', '€29', 5, 'Email'],
  ['Team', '€99', 25, 'Chat'],
  ['Business', '€249', 100, 'Phone'],
]);

describe('planTable', () => {
  it('sets a small table placed by the layout larger, with taller rows, to fill most of its area', () => {
    const plan = planTable(pricing, CONTENT_BOX, 'Calibri', true);
    expect(plan.fontSize).toBeGreaterThan(15);
    expect(plan.fontSize).toBeLessThanOrEqual(TABLE_MAX_FONT_PT);
    expect(plan.height).toBeGreaterThanOrEqual(TABLE_FILL_MIN * CONTENT_BOX.h);
    expect(plan.height).toBeLessThanOrEqual(CONTENT_BOX.h);
    // no row grows past the planned height: the text fits the rows
    expect(plan.height).toBeCloseTo(plan.rowH * 4);
    // the columns share the width
    expect(plan.colW.reduce((a, b) => a + b, 0)).toBeCloseTo(CONTENT_BOX.w);
  });

  it('keeps the compact sizes for a table with its own height, and its own font size when it sets one', () => {
    expect(planTable(pricing, { w: 8, h: 3 }, 'Calibri', false)).toMatchObject({ fontSize: 15, rowH: 0.5 });
    const own = planTable(table(pricing.rows, { fontSize: 12 }), CONTENT_BOX, 'Calibri', true);
    expect(own.fontSize).toBe(12);
    expect(own.height).toBeGreaterThanOrEqual(TABLE_FILL_MIN * CONTENT_BOX.h);
  });

  it('keeps the compact sizes for a table that already fills its area', () => {
    const long = table(Array.from({ length: 14 }, (_, i) => [`Row ${i + 1}`, i * 10, 'note']));
    expect(planTable(long, CONTENT_BOX, 'Calibri', true)).toMatchObject({ fontSize: 11, rowH: Math.min(0.5, CONTENT_BOX.h / 14) });
  });

  it('grows the font only as far as the cells keep whole words and fit their rows', () => {
    const narrow = table([
      ['Item', 'Current', 'Target', 'Owner'],
      ['Customer satisfaction', 26, 79, 'Operations'],
      ['Quality score', 79, 69, 'Finance'],
    ]);
    const box = { w: 4.5, h: CONTENT_BOX.h };
    const plan = planTable(narrow, box, 'Calibri', true);
    const wide = planTable(narrow, { w: 12, h: CONTENT_BOX.h }, 'Calibri', true);
    expect(plan.fontSize).toBeLessThan(wide.fontSize);
    expect(plan.height).toBeCloseTo(plan.rowH * 3);
  });
});
