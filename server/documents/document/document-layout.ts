/**
 * The page and text measures the .docx renderer writes — page sizes, margins, heading sizes,
 * paragraph and table spacing — shared with the document inspection, which estimates the layout
 * from them.
 */

export { PAGE_MM } from '../../../lib/document/page-geometry';
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

export { pageGeometry, type PageGeometry } from '../../../lib/document/page-geometry';
