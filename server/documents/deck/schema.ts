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

/** A bullet: plain text, or text with a nesting level. */
export const bulletSchema = z.union([z.string(), z.object({ text: z.string(), level: z.number().int().min(0).max(4).default(0) }).strict()]);

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
    headerRow: z.boolean().default(true),
    colWidths: z.array(z.number().min(0.1)).optional().describe('inches'),
    fontSize: z.number().min(6).max(40).optional(),
  })
  .strict();

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
export const LAYOUTS = ['title', 'title-bullets', 'two-column', 'section', 'chart', 'table', 'image', 'blank', 'big-number', 'quote'] as const;

export const slideSchema = z
  .object({
    id: z.string().min(1).max(64),
    layout: z.enum(LAYOUTS),
    title: z.string().optional(),
    subtitle: z.string().optional(),
    bullets: z.array(bulletSchema).max(40).optional().describe('title-bullets / chart / image layouts: the text beside the visual'),
    columns: z
      .array(z.object({ heading: z.string().optional(), bullets: z.array(bulletSchema).max(30).default([]) }).strict())
      .max(2)
      .optional()
      .describe('two-column layout'),
    elements: z.array(elementSchema).max(60).default([]),
    notes: z.string().optional().describe('speaker notes'),
    background: hex.optional(),
  })
  .strict();

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
