/**
 * The page and text measures the .docx renderer writes — page sizes, margins, heading sizes,
 * paragraph and table spacing — shared with the document inspection, which estimates the layout
 * from them.
 */
import type { DocumentModel } from './schema';

export const PAGE_MM = { A4: { w: 210, h: 297 }, Letter: { w: 215.9, h: 279.4 } } as const;
/** Heading 1–6 font sizes, points. */
export const HEADING_SIZES_PT = [20, 16, 13, 12, 11, 11] as const;
/** Space before and after a heading, twips (1/20 pt). */
export const HEADING_SPACING_TWIP = { before: 240, after: 120 } as const;
/** Body paragraphs: space after (twips) and line spacing in 240ths of a line (276 = 1.15 lines). */
export const PARAGRAPH_SPACING_TWIP = { after: 120, line: 276 } as const;
/** Left indent per list level, twips. */
export const LIST_INDENT_TWIP = 720;
/** Table cell margins and the spacing of paragraphs in cells, twips. */
export const TABLE_CELL_MARGIN_TWIP = { left: 100, right: 100, top: 40, bottom: 40 } as const;
export const TABLE_CELL_PARAGRAPH_TWIP = { before: 40, after: 40 } as const;
/** Space after a table, twips. */
export const TABLE_SPACE_AFTER_TWIP = 120;
/** Space above and below a block image, twips. */
export const IMAGE_SPACING_TWIP = 120;
/** Code blocks: font and size (half-points, as docx writes them). */
export const CODE_FONT = 'Liberation Mono';
export const CODE_FONT_HALF_POINTS = 18;
/** Left indent of a block quote, twips. */
export const QUOTE_INDENT_TWIP = 567;

export interface PageGeometry {
  /** page width and height as laid out (landscape swaps them), mm */
  widthMm: number;
  heightMm: number;
  marginMm: number;
  /** the text area between the margins: CSS pixels (96 per inch, as image widths are given) and points */
  contentWidthPx: number;
  contentHeightPx: number;
  contentWidthPt: number;
  contentHeightPt: number;
}

/** The page and its text area for a document's page settings. */
export function pageGeometry(page: DocumentModel['page']): PageGeometry {
  const size = PAGE_MM[page.size];
  const landscape = page.orientation === 'landscape';
  const widthMm = landscape ? size.h : size.w;
  const heightMm = landscape ? size.w : size.h;
  const inches = (mm: number) => mm / 25.4;
  const contentW = inches(widthMm - 2 * page.marginMm);
  const contentH = inches(heightMm - 2 * page.marginMm);
  return {
    widthMm,
    heightMm,
    marginMm: page.marginMm,
    contentWidthPx: contentW * 96,
    contentHeightPx: contentH * 96,
    contentWidthPt: contentW * 72,
    contentHeightPt: contentH * 72,
  };
}
