// Where the pptx renderer (server/documents/deck/render-pptx.ts) puts each part of a slide, in
// inches, so the slide editor shows text where the file will have it. Keep in step with it.
import { SLIDE_HEIGHT_IN, SLIDE_WIDTH_IN } from '@/lib/deck/slide-size';
import type { Slide } from '@/server/documents/deck/schema';

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

const M = 0.6;
export const CONTENT: Box = { x: M, y: 1.55, w: SLIDE_WIDTH_IN - 2 * M, h: SLIDE_HEIGHT_IN - 1.55 - 0.6 };

export interface SlideGeometry {
  dark: boolean;
  title?: Box & { size: number; align: 'left' | 'center'; color: 'light' | 'primary' };
  accent: Box;
  subtitle?: Box & { size: number; align: 'left' | 'center'; italic: boolean; color: 'light' | 'muted' };
  bullets?: Box & { size: number; valign: 'top' | 'middle' };
  columns?: Array<{ heading?: Box; bullets: Box }>;
  elementBox: Box;
}

export function slideGeometry(s: Slide): SlideGeometry {
  const dark = s.layout === 'title' || s.layout === 'section';
  const g: SlideGeometry = { dark, accent: { x: M, y: 1.33, w: 1.2, h: 0.06 }, elementBox: CONTENT };
  if (dark) {
    const isTitle = s.layout === 'title';
    g.title = { x: isTitle ? M : 0.9, y: isTitle ? 2.3 : 2.7, w: isTitle ? CONTENT.w : SLIDE_WIDTH_IN - 1.8, h: 1.5, size: isTitle ? 44 : 38, align: isTitle ? 'center' : 'left', color: 'light' };
    g.accent = { x: isTitle ? SLIDE_WIDTH_IN / 2 - 0.8 : 0.9, y: isTitle ? 3.95 : 4.35, w: 1.6, h: 0.07 };
    g.subtitle = { x: isTitle ? M : 0.9, y: isTitle ? 4.15 : 4.55, w: isTitle ? CONTENT.w : SLIDE_WIDTH_IN - 1.8, h: 0.9, size: 20, align: isTitle ? 'center' : 'left', italic: false, color: 'light' };
    return g;
  }
  g.title = { x: M, y: 0.35, w: CONTENT.w, h: 0.95, size: 30, align: 'left', color: 'primary' };
  if (s.layout !== 'blank') g.subtitle = { x: M, y: 1.42, w: CONTENT.w, h: 0.4, size: 16, align: 'left', italic: true, color: 'muted' };
  const top = s.subtitle ? CONTENT.y + 0.35 : CONTENT.y;
  const content: Box = { ...CONTENT, y: top, h: CONTENT.h - (top - CONTENT.y) };
  g.elementBox = content;
  const n = s.bullets?.length ?? 0;
  if (s.layout === 'title-bullets') {
    g.bullets = { ...content, size: n > 9 ? 16 : n > 6 ? 18 : 22, valign: 'top' };
  } else if (s.layout === 'two-column') {
    const colW = (content.w - 0.5) / 2;
    if (s.columns?.length) {
      g.columns = s.columns.map((col, i) => {
        const x = content.x + i * (colW + 0.5);
        const y = col.heading ? content.y + 0.65 : content.y;
        return { ...(col.heading !== undefined ? { heading: { x, y: content.y, w: colW, h: 0.55 } } : {}), bullets: { x, y, w: colW, h: content.h - (y - content.y) } };
      });
    } else g.bullets = { ...content, size: 20, valign: 'top' };
  } else if (['chart', 'table', 'image'].includes(s.layout) && n) {
    const textW = 4.1;
    g.elementBox = { x: content.x, y: content.y, w: content.w - textW - 0.3, h: content.h };
    g.bullets = { x: content.x + content.w - textW, y: content.y, w: textW, h: content.h, size: 18, valign: 'middle' };
  } else if (n) {
    g.bullets = { ...content, size: 20, valign: 'top' };
  }
  return g;
}
