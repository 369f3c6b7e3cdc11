/**
 * The two layouts built around one statement, centred on a light slide:
 * - big-number: the slide's title is the figure ("€4.2M"), set as large as fits one line, with the
 *   accent bar under it, its subtitle the label ("annual recurring revenue") and its bullets one or
 *   two supporting lines (drawn without bullet marks);
 * - quote: the title is the quotation, set large in italics beside a vertical accent rule, and the
 *   subtitle the attribution ("— Jane Doe, CFO at Acme").
 * Each text is sized with the font metrics so the group fits, then the group is centred vertically.
 */
import { lineHeightPt, textWidthPt, wrapParagraph } from '../text/font-metrics';
import { DEFAULT_TEXT_INSET_IN, bulletText } from './measure-text';
import { SLIDE_HEIGHT_IN, SLIDE_WIDTH_IN } from './slide-size';
import type { DeckTheme, Slide } from '../../server/documents/deck/schema';
import type { Box, PlacedText } from './slide-layout';

type Fonts = Pick<DeckTheme, 'headingFont' | 'bodyFont'>;

const PT = 72;
const M = 0.6;
/** Where the statement and its lines may go: the slide inside its margins (no title band). */
export const FEATURE_BOX: Box = { x: M, y: 0.9, w: SLIDE_WIDTH_IN - 2 * M, h: SLIDE_HEIGHT_IN - 0.9 - M };
/** Figure sizes of the big-number layout, points (120: the largest run size the deck model takes). */
const FIGURE_MAX_PT = 120;
const FIGURE_MIN_PT = 48;
/** Quotation sizes, points. */
const QUOTE_MAX_PT = 54;
const QUOTE_MIN_PT = 20;

export interface FeaturePlan {
  texts: PlacedText[];
  accent?: Box;
  content: Box;
}

const base = { bold: false, italic: false, shrink: false, valign: 'top' as const };
const insetH = 2 * DEFAULT_TEXT_INSET_IN.y;

/** Height of `text` wrapped to a box `w` wide at `size`, inches (insets included). */
function textHeightIn(text: string, font: string, size: number, w: number, bold = false): number {
  return wrapParagraph([{ text, font, sizePt: size, bold }], (w - 2 * DEFAULT_TEXT_INSET_IN.x) * PT).heightPt / PT + insetH;
}

export function planBigNumber(s: Slide, fonts: Fonts, empty: boolean): FeaturePlan {
  const box = FEATURE_BOX;
  const figure = s.title ?? '';
  const innerW = (box.w - 2 * DEFAULT_TEXT_INSET_IN.x) * PT;
  let size = FIGURE_MIN_PT;
  for (let sz = FIGURE_MAX_PT; sz >= FIGURE_MIN_PT; sz -= 2) {
    if (textWidthPt(figure, fonts.headingFont, sz, true) <= innerW) {
      size = sz;
      break;
    }
  }
  const figureH = textHeightIn(figure || '0', fonts.headingFont, size, box.w, true);
  const label = s.subtitle ?? '';
  const labelH = label || empty ? textHeightIn(label || 'x', fonts.bodyFont, 28, box.w) : 0;
  const lines = (s.bullets ?? []).map(bulletText);
  const body = lines.join('\n');
  const bodyH = lines.length || empty ? textHeightIn(body || 'x', fonts.bodyFont, 20, box.w) : 0;
  const gap = 0.25;
  const accentH = 0.07;
  const total = figureH + gap + accentH + gap + labelH + (bodyH ? 0.2 + bodyH : 0);
  let y = box.y + Math.max(0, (box.h - total) / 2);
  const texts: PlacedText[] = [];
  const centred = { ...base, align: 'center' as const };
  if (figure || empty)
    texts.push({ ...centred, role: 'figure', text: figure, box: { x: box.x, y, w: box.w, h: figureH }, size, bold: true, font: 'heading', color: 'primary' });
  y += figureH + gap;
  const accent = { x: SLIDE_WIDTH_IN / 2 - 0.8, y, w: 1.6, h: accentH };
  y += accentH + gap;
  if (labelH) texts.push({ ...centred, role: 'caption', text: label, box: { x: box.x, y, w: box.w, h: labelH }, size: 28, font: 'body', color: 'text' });
  y += labelH + 0.2;
  if (bodyH) texts.push({ ...centred, role: 'body', text: body, box: { x: box.x, y, w: box.w, h: bodyH }, size: 20, font: 'body', color: 'muted' });
  return { texts, accent, content: box };
}

export function planQuote(s: Slide, fonts: Fonts, empty: boolean): FeaturePlan {
  const box = FEATURE_BOX;
  const x = box.x + 0.6;
  const w = box.w - 1.2;
  const quote = s.title ?? '';
  // the largest size at which the quotation takes at most 60 % of the height
  let size = QUOTE_MIN_PT;
  for (let sz = QUOTE_MAX_PT; sz >= QUOTE_MIN_PT; sz -= 2) {
    if (textHeightIn(quote, fonts.headingFont, sz, w) <= box.h * 0.6) {
      size = sz;
      break;
    }
  }
  const quoteH = textHeightIn(quote || 'x', fonts.headingFont, size, w);
  const who = s.subtitle ?? '';
  const whoH = who || empty ? textHeightIn(who || 'x', fonts.bodyFont, 20, w) : 0;
  const total = quoteH + (whoH ? 0.3 + whoH : 0);
  const y = box.y + Math.max(0, (box.h - total) / 2);
  const texts: PlacedText[] = [];
  if (quote || empty)
    texts.push({ ...base, role: 'quote', text: quote, box: { x, y, w, h: quoteH }, size, italic: true, font: 'heading', align: 'left', color: 'text' });
  if (whoH) texts.push({ ...base, role: 'attribution', text: who, box: { x, y: y + quoteH + 0.3, w, h: whoH }, size: 20, font: 'body', align: 'left', color: 'muted' });
  // the rule runs beside the quotation's lines (insets excluded)
  const lineTop = y + DEFAULT_TEXT_INSET_IN.y;
  const accent = { x: box.x + 0.25, y: lineTop, w: 0.08, h: Math.max(quoteH - insetH, lineHeightPt(fonts.headingFont, size) / PT) };
  return { texts, accent, content: box };
}
