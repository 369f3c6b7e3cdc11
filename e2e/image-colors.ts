// Colour statistics of PNG images, computed in the browser (a canvas decodes the PNG; no image
// library needed): how many pixels of each strong colour an image holds. Used to check that the
// editor's grid shows the fills the LibreOffice render of the same file shows.
import type { Page } from '@playwright/test';

export interface Palette {
  /** packed 5-bit RGB ((r >> 3) << 10 | (g >> 3) << 5 | b >> 3) → pixel count, saturated pixels only */
  bins: Map<number, number>;
  saturated: number;
  pixels: number;
}

/** Counts the image's saturated pixels (max − min channel ≥ 40) by 5-bit colour. */
export async function paletteOf(page: Page, png: Buffer): Promise<Palette> {
  const out = await page.evaluate(async (b64) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = img.naturalWidth;
    canvas.height = img.naturalHeight;
    const g = canvas.getContext('2d')!;
    g.drawImage(img, 0, 0);
    const px = g.getImageData(0, 0, canvas.width, canvas.height).data;
    const bins: Record<number, number> = {};
    let saturated = 0;
    for (let i = 0; i < px.length; i += 4) {
      const r = px[i]!;
      const gg = px[i + 1]!;
      const b = px[i + 2]!;
      if (Math.max(r, gg, b) - Math.min(r, gg, b) < 40) continue;
      saturated++;
      const k = ((r >> 3) << 10) | ((gg >> 3) << 5) | (b >> 3);
      bins[k] = (bins[k] ?? 0) + 1;
    }
    return { bins: Object.entries(bins), saturated, pixels: px.length / 4 };
  }, png.toString('base64'));
  return { bins: new Map(out.bins.map(([k, n]) => [Number(k), n])), saturated: out.saturated, pixels: out.pixels };
}

export const hexOf = (k: number) => `#${[(k >> 10) & 31, (k >> 5) & 31, k & 31].map((v) => ((v << 3) | 4).toString(16).padStart(2, '0')).join('')}`.toUpperCase();

/** Pixels of `p` within `tolerance` (per channel) of colour bin `k`. */
export function pixelsNear(p: Palette, k: number, tolerance = 24): number {
  const [r, g, b] = [(k >> 10) & 31, (k >> 5) & 31, k & 31];
  const t = Math.ceil(tolerance / 8);
  let n = 0;
  for (const [q, count] of p.bins) {
    if (Math.abs(((q >> 10) & 31) - r) <= t && Math.abs(((q >> 5) & 31) - g) <= t && Math.abs((q & 31) - b) <= t) n += count;
  }
  return n;
}

/** The strong colours that cover a large part of the image (fills, not text): bins with ≥ `share` of its saturated pixels. */
export function mainColours(p: Palette, share = 0.03, minPixels = 150): number[] {
  return [...p.bins]
    .filter(([, n]) => n >= minPixels && n >= p.saturated * share)
    .sort((a, b) => b[1] - a[1])
    .map(([k]) => k);
}
