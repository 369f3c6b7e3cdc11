// The review's page renders come from the real LibreOffice and poppler (required in CI).
import { describe, expect, it } from 'vitest';
import { findSoffice } from '../documents/common/soffice';
import { renderDeck } from '../documents/deck/render-pptx';
import { sampleDeck } from '../documents/fixtures/sample-deck';
import { documentPageImages } from './page-images';

const soffice = findSoffice();
const inCi = !!process.env.CI;
if (!soffice && !inCi) console.warn('LibreOffice not found: the page-images test is skipped');

const pngSize = (png: Buffer) => ({ width: png.readUInt32BE(16), height: png.readUInt32BE(20) });

describe.runIf(!!soffice || inCi)('documentPageImages', () => {
  it('renders the first slides as small PNGs, at most maxPages', async () => {
    const deck = await renderDeck(sampleDeck());
    const images = await documentPageImages(deck, 'pptx', { maxPages: 2, dpi: 60 });
    expect(images).toHaveLength(2);
    for (const png of images!) {
      expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
      // a 13.33 × 7.5 in slide at 60 dpi
      const { width, height } = pngSize(png);
      expect(Math.abs(width - 800)).toBeLessThanOrEqual(2);
      expect(Math.abs(height - 450)).toBeLessThanOrEqual(2);
    }
  }, 120_000);

  it('gives every page of a shorter document', async () => {
    const deck = sampleDeck();
    const images = await documentPageImages(await renderDeck(deck), 'pptx', { maxPages: 50, dpi: 20 });
    expect(images).toHaveLength(deck.slides.length);
  }, 120_000);
});
