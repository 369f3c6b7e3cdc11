import { z } from 'zod';

/**
 * The deck model: 16:9 slides (13.333 × 7.5 in) with a layout, layout-level content (title,
 * subtitle, bullets, two columns) and positioned elements (text boxes, images, native charts,
 * tables, shapes). Positions are in inches from the top-left corner; an element without a
 * position goes into the layout's content area.
 */

/** A single tool call (or generation request) may add at most this many slides. */
export const MAX_SLIDES_PER_CALL = 30;
export const MAX_SLIDES_PER_DECK = 300;

export function assertSlidesPerCall(count: number): void {
  if (!Number.isInteger(count) || count < 0) throw new RangeError('slide count must be a non-negative integer');
  if (count > MAX_SLIDES_PER_CALL) {
    throw new RangeError(`at most ${MAX_SLIDES_PER_CALL} slides can be added per call (asked for ${count})`);
  }
}

const hex = z.string().regex(/^#[0-9A-Fa-f]{6}$/, 'colour must be like "#1F4E79"');

/** Runs in one paragraph, and characters in one run (an editor save or a tool call past them is a 400). */
export const MAX_RUNS_PER_PARAGRAPH = 2_000;
export const MAX_RUN_CHARS = 20_000;
/** Columns of a table's cellRuns grid. */
export const MAX_TABLE_COLUMNS = 200;

export const runSchema = z
  .object({
    text: z
      .string()
      .max(MAX_RUN_CHARS)
       
      .refine((t) => !/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/.test(t), 'control characters are not allowed'),
    bold: z.boolean().optional(),
    italic: z.boolean().optional(),
    underline: z.boolean().optional(),
    color: hex.optional(),
    size: z.number().min(6).max(120).optional().describe('points'),
    font: z.string().optional(),
    link: z.string().url().optional(),
  })
  .strict();

export const paragraphSchema = z
  .object({
    runs: z.array(runSchema).min(1).max(MAX_RUNS_PER_PARAGRAPH),
    bullet: z.union([z.boolean(), z.literal('number')]).optional(),
    level: z.number().int().min(0).max(4).default(0),
    align: z.enum(['left', 'center', 'right']).optional(),
  })
  .strict();

/**
 * The formatting of a layout text (a title, subtitle, column heading, bullet or table cell), next to
 * its plain text: the runs' texts joined are that text (else a 400). The plain text stays what every
 * reader that does not know runs reads; without runs the text has its layout's formatting.
 */
export const textRunsSchema = z.array(runSchema).min(1).max(MAX_RUNS_PER_PARAGRAPH);

const joined = (runs: ReadonlyArray<{ text: string }>) => runs.map((r) => r.text).join('');
/** A 400 when `runs` are given and their text is not `text`. */
function checkRuns(ctx: z.RefinementCtx, runs: ReadonlyArray<{ text: string }> | undefined, text: string | undefined, path: PropertyKey[], what: string): void {
  if (runs === undefined) return;
  if (text === undefined) ctx.addIssue({ code: 'custom', message: `${what}: runs without the text they format`, path });
  else if (joined(runs) !== text) ctx.addIssue({ code: 'custom', message: `${what}: the runs' text must be the text itself`, path });
}

/** A bullet: plain text, or text with a nesting level (and, optionally, its formatting as runs). */
export const bulletSchema = z.union([
  z.string(),
  z
    .object({
      text: z.string(),
      level: z.number().int().min(0).max(4).default(0),
      runs: textRunsSchema.optional().describe('the bullet text with its formatting; the runs joined are `text`'),
    })
    .strict()
    .superRefine((b, ctx) => checkRuns(ctx, b.runs, b.text, ['runs'], 'bullet')),
]);

const box = {
  x: z.number().min(-1).max(20).optional(),
  y: z.number().min(-1).max(20).optional(),
  w: z.number().min(0.05).max(20).optional(),
  h: z.number().min(0.05).max(20).optional(),
};

export const textElementSchema = z
  .object({
    kind: z.literal('text'),
    ...box,
    paragraphs: z.array(paragraphSchema).min(1),
    fill: hex.optional(),
    fontSize: z.number().min(6).max(120).optional(),
    valign: z.enum(['top', 'middle', 'bottom']).default('top'),
  })
  .strict();

export const imageElementSchema = z
  .object({
    kind: z.literal('image'),
    ...box,
    src: z.string().min(1).describe('data: URL or an uploaded image reference'),
    alt: z.string().optional(),
    fit: z.enum(['contain', 'cover', 'stretch']).default('contain'),
  })
  .strict();

export const chartElementSchema = z
  .object({
    kind: z.literal('chart'),
    ...box,
    chartType: z.enum(['bar', 'column', 'line', 'pie', 'doughnut', 'area', 'scatter']),
    title: z.string().optional(),
    categories: z.array(z.union([z.string(), z.number()])).min(1).max(500),
    series: z
      .array(z.object({ name: z.string(), values: z.array(z.number()).min(1).max(500), color: hex.optional() }).strict())
      .min(1)
      .max(20),
    showLegend: z.boolean().default(true),
    showValues: z.boolean().default(false),
    xAxisTitle: z.string().optional(),
    yAxisTitle: z.string().optional(),
    stacked: z.boolean().default(false),
  })
  .strict();

export const tableElementSchema = z
  .object({
    kind: z.literal('table'),
    ...box,
    rows: z.array(z.array(z.union([z.string(), z.number()]))).min(1).max(60),
    cellRuns: z
      .array(z.array(textRunsSchema.nullable()).max(MAX_TABLE_COLUMNS))
      .max(60)
      .optional()
      .describe('formatted cells: the runs of rows[r][c] at [r][c] (null: a plain cell); the runs joined are the cell text'),
    headerRow: z.boolean().default(true),
    colWidths: z.array(z.number().min(0.1)).optional().describe('inches'),
    fontSize: z.number().min(6).max(40).optional(),
  })
  .strict()
  .superRefine((t, ctx) => {
    t.cellRuns?.forEach((row, r) =>
      row.forEach((runs, c) => {
        if (!runs) return;
        const v = t.rows[r]?.[c];
        checkRuns(ctx, runs, v === undefined ? undefined : String(v), ['cellRuns', r, c], `table cell ${r + 1}:${c + 1}`);
      }),
    );
  });

export const shapeElementSchema = z
  .object({
    kind: z.literal('shape'),
    ...box,
    shape: z.enum(['rect', 'roundRect', 'ellipse', 'triangle', 'line', 'rightArrow', 'chevron']),
    fill: hex.optional(),
    line: hex.optional(),
    lineWidth: z.number().min(0).max(20).optional(),
    text: z.string().optional(),
    textColor: hex.optional(),
    fontSize: z.number().min(6).max(120).optional(),
  })
  .strict();

export const elementSchema = z.discriminatedUnion('kind', [
  textElementSchema,
  imageElementSchema,
  chartElementSchema,
  tableElementSchema,
  shapeElementSchema,
]);

/**
 * Slide layouts. big-number: the title is the figure shown large ("€4.2M"), the subtitle its label,
 * the bullets one or two supporting lines; quote: the title is the quotation, the subtitle the
 * attribution.
 */
/** A column of the two-column layout: its heading (optionally with its formatting as runs) and bullets. */
export const columnSchema = z
  .object({
    heading: z.string().optional(),
    headingRuns: textRunsSchema.optional().describe('the heading with its formatting; the runs joined are `heading`'),
    bullets: z.array(bulletSchema).max(30).default([]),
  })
  .strict()
  .superRefine((c, ctx) => checkRuns(ctx, c.headingRuns, c.heading, ['headingRuns'], 'column heading'));

export const LAYOUTS = ['title', 'title-bullets', 'two-column', 'section', 'chart', 'table', 'image', 'blank', 'big-number', 'quote'] as const;

export const slideSchema = z
  .object({
    id: z.string().min(1).max(64),
    layout: z.enum(LAYOUTS),
    title: z.string().optional(),
    titleRuns: textRunsSchema.optional().describe('the title with its formatting; the runs joined are `title`'),
    subtitle: z.string().optional(),
    subtitleRuns: textRunsSchema.optional().describe('the subtitle with its formatting; the runs joined are `subtitle`'),
    bullets: z.array(bulletSchema).max(40).optional().describe('title-bullets / chart / image layouts: the text beside the visual'),
    columns: z.array(columnSchema).max(2).optional().describe('two-column layout'),
    elements: z.array(elementSchema).max(60).default([]),
    notes: z.string().optional().describe('speaker notes'),
    background: hex.optional(),
  })
  .strict()
  .superRefine((s, ctx) => {
    checkRuns(ctx, s.titleRuns, s.title, ['titleRuns'], 'title');
    checkRuns(ctx, s.subtitleRuns, s.subtitle, ['subtitleRuns'], 'subtitle');
  });

export const themeSchema = z
  .object({
    headingFont: z.string().default('Calibri'),
    bodyFont: z.string().default('Calibri'),
    colors: z
      .object({
        primary: hex.default('#1F4E79'),
        accent: hex.default('#ED7D31'),
        background: hex.default('#FFFFFF'),
        text: hex.default('#262626'),
        muted: hex.default('#7F7F7F'),
      })
      .strict()
      .default({ primary: '#1F4E79', accent: '#ED7D31', background: '#FFFFFF', text: '#262626', muted: '#7F7F7F' }),
    logo: z.object({ src: z.string(), position: z.enum(['top-right', 'bottom-right', 'bottom-left', 'top-left']).default('bottom-right') }).strict().optional(),
  })
  .strict();

export const deckSchema = z
  .object({
    title: z.string().optional(),
    theme: themeSchema.default({
      headingFont: 'Calibri',
      bodyFont: 'Calibri',
      colors: { primary: '#1F4E79', accent: '#ED7D31', background: '#FFFFFF', text: '#262626', muted: '#7F7F7F' },
    }),
    slides: z.array(slideSchema).max(MAX_SLIDES_PER_DECK),
  })
  .strict()
  .superRefine((d, ctx) => {
    const ids = new Set<string>();
    d.slides.forEach((s, i) => {
      if (ids.has(s.id)) ctx.addIssue({ code: 'custom', message: `duplicate slide id "${s.id}"`, path: ['slides', i, 'id'] });
      ids.add(s.id);
    });
  });

export type Run = z.infer<typeof runSchema>;
export type SlideParagraph = z.infer<typeof paragraphSchema>;
export type Bullet = z.infer<typeof bulletSchema>;
export type SlideColumn = z.infer<typeof columnSchema>;
export type SlideElement = z.infer<typeof elementSchema>;
export type ChartElement = z.infer<typeof chartElementSchema>;
export type TableElement = z.infer<typeof tableElementSchema>;
export type Slide = z.infer<typeof slideSchema>;
export type DeckTheme = z.infer<typeof themeSchema>;
export type Deck = z.infer<typeof deckSchema>;
export type DeckInput = z.input<typeof deckSchema>;
export type SlideLayout = (typeof LAYOUTS)[number];

export function parseDeck(input: unknown): Deck {
  return deckSchema.parse(input);
}
