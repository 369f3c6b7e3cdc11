/**
 * Page sizes and the text area of a document's page settings — the measures the .docx renderer
 * writes (server/documents/document/document-layout.ts re-exports them) and the editor's page view
 * draws its sheets with.
 */

export const PAGE_MM = { A4: { w: 210, h: 297 }, Letter: { w: 215.9, h: 279.4 } } as const;

export interface PageSettings {
  size: keyof typeof PAGE_MM;
  orientation: 'portrait' | 'landscape';
  marginMm: number;
}

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
export function pageGeometry(page: PageSettings): PageGeometry {
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
