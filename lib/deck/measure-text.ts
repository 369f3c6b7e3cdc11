/**
 * How slide text is set and measured: bullet indents, sizes per level and paragraph spacing as the
 * .pptx renderer writes them, and the height a list of paragraphs takes at a width (font metrics of
 * lib/text). The layout plan fits bullets with it and the deck inspection checks text with it.
 */
import { wrapParagraph, type StyledRun } from '../text/font-metrics';
import type { Bullet } from '../../server/documents/deck/schema';

/** Text insets of a text box drawn without a margin option (PowerPoint's defaults), inches. */
export const DEFAULT_TEXT_INSET_IN = { x: 0.1, y: 0.05 };
/** Hanging indent of a bullet per level, points (pptxgenjs bullet.indent). */
export const BULLET_INDENT_PT = 18;
/** Hanging indent of a numbered paragraph (pptxgenjs's default bullet margin), points. */
export const NUMBER_INDENT_PT = 27;
/** Space after each bullet paragraph (the least the plan gives), points. */
export const BULLET_SPACE_AFTER_PT = 6;

/** A bullet's font size at a nesting level, from the size of level 0. */
export const bulletFontSize = (base: number, level: number): number => Math.max(10, base - level * 2);

export const bulletText = (b: Bullet): string => (typeof b === 'string' ? b : b.text);
export const bulletLevel = (b: Bullet): number => (typeof b === 'string' ? 0 : (b.level ?? 0));

/** One paragraph to measure: its runs, its left indent and the space after it. */
export interface MeasuredParagraph {
  runs: StyledRun[];
  indentPt: number;
  spaceAfterPt: number;
}

/** Height (points) of paragraphs wrapped to `widthPt`, with run sizes scaled by `scale` (no space after the last). */
export function paragraphsHeightPt(paras: MeasuredParagraph[], widthPt: number, scale = 1): number {
  let h = 0;
  paras.forEach((p, i) => {
    const runs = p.runs.map((r) => ({ ...r, sizePt: r.sizePt * scale }));
    h += wrapParagraph(runs, widthPt - p.indentPt).heightPt;
    if (i < paras.length - 1) h += p.spaceAfterPt;
  });
  return h;
}

/** Bullets as paragraphs to measure: level-0 size `size`, the space after each from `spaceAfterPt` (default BULLET_SPACE_AFTER_PT). */
export function bulletParagraphs(
  bullets: Bullet[],
  font: string,
  size: number,
  bold: boolean,
  spaceAfterPt?: number[],
): MeasuredParagraph[] {
  return bullets.map((b, i) => ({
    runs: [{ text: bulletText(b), font, sizePt: bulletFontSize(size, bulletLevel(b)), bold }],
    indentPt: BULLET_INDENT_PT * (1 + bulletLevel(b)),
    spaceAfterPt: spaceAfterPt?.[i] ?? BULLET_SPACE_AFTER_PT,
  }));
}
