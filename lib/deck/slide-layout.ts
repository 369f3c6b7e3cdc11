/**
 * Where each slide layout puts its text — title, subtitle, bullets, column headings and bullets — at
 * what size and spacing, where its accent bar goes, and where elements without a position go. The
 * .pptx renderer draws from this plan, the deck inspection measures it and the slide editor shows
 * it, so what is checked and what is edited is what is drawn.
 *
 * Bullets are fitted to their box (fit-bullets.ts): a short list is set larger and spaced out to
 * cover most of the content area; a long one keeps the layout's size and is written
 * shrink-on-overflow.
 */
import { SLIDE_HEIGHT_IN, SLIDE_WIDTH_IN } from './slide-size';
import { fitBulletSize, bulletSpacing, bulletsHeightPt, BULLETS_FILL_MAX } from './fit-bullets';
import { DEFAULT_TEXT_INSET_IN } from './measure-text';
import { planBigNumber, planQuote } from './feature-layouts';
import type { Bullet, DeckTheme, Slide } from '../../server/documents/deck/schema';

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Left/right/bottom margin of the content area, inches. */
export const SLIDE_MARGIN_IN = 0.6;
/** Below the title: where bullets, tables, charts and images go. */
export const CONTENT_BOX: Box = {
  x: SLIDE_MARGIN_IN,
  y: 1.55,
  w: SLIDE_WIDTH_IN - 2 * SLIDE_MARGIN_IN,
  h: SLIDE_HEIGHT_IN - 1.55 - SLIDE_MARGIN_IN,
};
/** How far a subtitle under the title pushes the content area down, inches. */
export const SUBTITLE_BAND_IN = 0.35;

/** Insets of free text elements (the renderer passes margin: 6, which pptxgenjs writes in points). */
export const TEXT_ELEMENT_MARGIN_PT = 6;
/** Font size of a free text element without fontSize or run size. */
export const TEXT_ELEMENT_FONT_SIZE = 18;
/** Font size of the text inside a shape without fontSize. */
export const SHAPE_FONT_SIZE = 16;
/** Width of the text column beside a chart, table or image, inches. */
export const VISUAL_TEXT_WIDTH_IN = 4.1;
/** Gap between the two columns of the two-column layout, inches. */
export const COLUMN_GAP_IN = 0.5;
/** Largest size fitted body bullets get, points. */
export const BODY_MAX_PT = 28;
/** Largest size of the bullets of the two-column layout (their headings are 2 pt larger and fit their 0.55 in box), points. */
export const COLUMN_MAX_PT = 24;
/** Largest size of the bullets in the narrow column beside a visual, points. */
export const SIDE_MAX_PT = 24;

/**
 * What a placed text shows. big-number: 'figure' (the slide's title), 'caption' (its subtitle),
 * 'body' (its bullets as plain lines); quote: 'quote' (the title) and 'attribution' (the subtitle).
 */
export type PlacedTextRole = 'title' | 'subtitle' | 'bullets' | 'column-heading' | 'column-bullets' | 'figure' | 'caption' | 'body' | 'quote' | 'attribution';

/** One text box a layout places. */
export interface PlacedText {
  role: PlacedTextRole;
  /** 0 or 1 for the two-column layout's columns */
  column?: number;
  box: Box;
  /** points; bullets: the size of level 0 (deeper levels: bulletFontSize) */
  size: number;
  bold: boolean;
  italic: boolean;
  font: 'heading' | 'body';
  align: 'left' | 'center';
  valign: 'top' | 'middle' | 'bottom';
  /** written with fit: 'shrink' (normAutofit) */
  shrink: boolean;
  /** text of a title, subtitle or heading */
  text?: string;
  /** bullets of a bullets box */
  bullets?: Bullet[];
  /** bullets: the space after each paragraph, points */
  spaceAfterPt?: number[];
  /** the theme colour of the text (the big-number and quote layouts; the others colour by role) */
  color?: 'primary' | 'text' | 'muted';
}

export interface SlidePlan {
  /** title and section slides: primary-coloured background, white text */
  dark: boolean;
  texts: PlacedText[];
  /** the accent bar: under the title (light slides with a title), between title and subtitle (dark slides) */
  accent?: Box;
  /** where elements without x/y/w/h go */
  elementBox: Box;
  /** the area below the title band that the layout's content is meant to cover */
  content: Box;
}

export interface PlanOptions {
  /**
   * Also place the boxes a slide could fill but leaves empty — its title, its subtitle, the bullets of
   * a bullets layout or of a column — so that an editor can offer them for typing. Nothing else moves.
   */
  emptyBoxes?: boolean;
}

type Fonts = Pick<DeckTheme, 'headingFont' | 'bodyFont'>;

const VISUAL_LAYOUTS = new Set(['chart', 'table', 'image']);

/** The text boxes a slide's layout draws, its accent bar and the box for unpositioned elements. */
export function planSlide(s: Slide, fonts: Fonts, opts: PlanOptions = {}): SlidePlan {
  const dark = s.layout === 'title' || s.layout === 'section';
  const texts: PlacedText[] = [];
  const M = SLIDE_MARGIN_IN;
  const base = { bold: false, italic: false, align: 'left' as const, shrink: false };
  const empty = !!opts.emptyBoxes;
  let accent: Box | undefined;
  if (s.layout === 'big-number' || s.layout === 'quote') {
    const f = (s.layout === 'quote' ? planQuote : planBigNumber)(s, fonts, empty);
    return { dark, texts: f.texts, ...(f.accent ? { accent: f.accent } : {}), elementBox: f.content, content: f.content };
  }

  if (dark) {
    const isTitle = s.layout === 'title';
    const x = isTitle ? M : 0.9;
    const w = isTitle ? CONTENT_BOX.w : SLIDE_WIDTH_IN - 1.8;
    const align = isTitle ? 'center' : 'left';
    if (s.title || empty)
      texts.push({
        ...base,
        role: 'title',
        text: s.title ?? '',
        box: { x, y: isTitle ? 2.3 : 2.7, w, h: 1.5 },
        size: isTitle ? 44 : 38,
        bold: true,
        font: 'heading',
        align,
        valign: 'bottom',
        shrink: true,
      });
    if (s.subtitle || empty)
      texts.push({
        ...base,
        role: 'subtitle',
        text: s.subtitle ?? '',
        box: { x, y: isTitle ? 4.15 : 4.55, w, h: 0.9 },
        size: 20,
        font: 'body',
        align,
        valign: 'top',
      });
    accent = isTitle ? { x: SLIDE_WIDTH_IN / 2 - 0.8, y: 3.95, w: 1.6, h: 0.07 } : { x: 0.9, y: 4.35, w: 1.6, h: 0.07 };
  } else {
    if (s.title || empty)
      texts.push({
        ...base,
        role: 'title',
        text: s.title ?? '',
        box: { x: M, y: 0.35, w: CONTENT_BOX.w, h: 0.95 },
        size: 30,
        bold: true,
        font: 'heading',
        valign: 'bottom',
        shrink: true,
      });
    if (s.title) accent = { x: M, y: 1.33, w: 1.2, h: 0.06 };
    if ((s.subtitle || empty) && s.layout !== 'blank')
      texts.push({
        ...base,
        role: 'subtitle',
        text: s.subtitle ?? '',
        box: { x: M, y: 1.42, w: CONTENT_BOX.w, h: 0.4 },
        size: 16,
        italic: true,
        font: 'body',
        valign: 'top',
      });
  }

  const top = s.subtitle && !dark ? CONTENT_BOX.y + SUBTITLE_BAND_IN : CONTENT_BOX.y;
  const content: Box = { ...CONTENT_BOX, y: top, h: CONTENT_BOX.h - (top - CONTENT_BOX.y) };
  const bullets = s.bullets ?? [];
  const font = fonts.bodyFont;
  let elementBox = content;
  const bulletBox = (
    box: Box,
    size: number,
    valign: PlacedText['valign'],
    shrink: boolean,
    list: Bullet[],
    spaceAfterPt?: number[],
    role: PlacedTextRole = 'bullets',
    column?: number,
  ): PlacedText => ({
    ...base,
    role,
    ...(column !== undefined ? { column } : {}),
    box,
    size,
    font: 'body',
    valign,
    shrink,
    bullets: list,
    ...(spaceAfterPt ? { spaceAfterPt } : {}),
  });
  /** Fitted bullets: the size, the spacing, and shrink-on-overflow only when they do not fit with room to spare. */
  const fitted = (
    box: Box,
    list: Bullet[],
    layoutSize: number,
    max: number,
    size = fitBulletSize(list, font, box, layoutSize, max),
  ) => {
    const roomy =
      bulletsHeightPt(list, font, size, box) <= (box.h - 2 * DEFAULT_TEXT_INSET_IN.y) * 72 * BULLETS_FILL_MAX;
    return { size, spaceAfterPt: bulletSpacing(list, font, size, box), shrink: !roomy };
  };

  if (s.layout === 'title-bullets' && (bullets.length || empty)) {
    const f = fitted(content, bullets, bullets.length > 9 ? 16 : bullets.length > 6 ? 18 : 22, BODY_MAX_PT);
    texts.push(bulletBox(content, f.size, 'top', f.shrink, bullets, f.spaceAfterPt));
  } else if (s.layout === 'two-column') {
    const colW = (content.w - COLUMN_GAP_IN) / 2;
    const cols = (s.columns ?? []).map((col, i) => {
      const x = content.x + i * (colW + COLUMN_GAP_IN);
      const y = col.heading ? content.y + 0.65 : content.y;
      return { col, i, x, box: { x, y, w: colW, h: content.h - (y - content.y) } };
    });
    // both columns at one size: the largest that suits each
    const withBullets = cols.filter((c) => c.col.bullets.length);
    const size = Math.min(
      COLUMN_MAX_PT,
      ...withBullets.map((c) => fitBulletSize(c.col.bullets, font, c.box, 18, COLUMN_MAX_PT)),
    );
    // a heading stays larger than the bullets under it
    const headingSize = withBullets.length ? Math.max(22, size + 2) : 22;
    for (const { col, i, x, box } of cols) {
      if (col.heading)
        texts.push({
          ...base,
          role: 'column-heading',
          column: i,
          text: col.heading,
          box: { x, y: content.y, w: colW, h: 0.55 },
          size: headingSize,
          bold: true,
          font: 'heading',
          valign: 'top',
        });
      if (col.bullets.length || empty) {
        const f = fitted(box, col.bullets, 18, COLUMN_MAX_PT, size);
        texts.push(bulletBox(box, f.size, 'top', f.shrink, col.bullets, f.spaceAfterPt, 'column-bullets', i));
      }
    }
    if (!s.columns?.length && (bullets.length || empty)) texts.push(bulletBox(content, 20, 'top', false, bullets));
  } else if (VISUAL_LAYOUTS.has(s.layout) && bullets.length) {
    elementBox = { x: content.x, y: content.y, w: content.w - VISUAL_TEXT_WIDTH_IN - 0.3, h: content.h };
    const box = {
      x: content.x + content.w - VISUAL_TEXT_WIDTH_IN,
      y: content.y,
      w: VISUAL_TEXT_WIDTH_IN,
      h: content.h,
    };
    const f = fitted(box, bullets, 18, SIDE_MAX_PT);
    texts.push(bulletBox(box, f.size, 'middle', f.shrink, bullets, f.spaceAfterPt));
  } else if (bullets.length && !dark) {
    texts.push(bulletBox(content, 20, 'top', false, bullets));
  }
  return { dark, texts, ...(accent ? { accent } : {}), elementBox, content };
}
