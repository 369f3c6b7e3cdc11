import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { faceKeyFor, lineHeightPt, textWidthPt, wrapParagraph } from './font-metrics';

const FONTS = '/usr/share/fonts/truetype';
const fontsInstalled = ['crosextra/Carlito-Regular.ttf', 'liberation2/LiberationSans-Regular.ttf', 'dejavu/DejaVuSans.ttf'].every((f) => existsSync(path.join(FONTS, f)));

describe('font metrics', () => {
  it('names the metric-compatible face for a font', () => {
    expect(['Calibri', 'Calibri Light', 'Cambria', 'Arial', 'Helvetica Neue', 'Times New Roman', 'Georgia', 'Courier New', 'Verdana', 'Open Sans', 'sans-serif'].map(faceKeyFor)).toEqual([
      'carlito',
      'carlito',
      'caladea',
      'liberationSans',
      'liberationSans',
      'liberationSerif',
      'liberationSerif',
      'liberationMono',
      'dejaVuSans',
      'liberationSans',
      'liberationSans',
    ]);
  });

  it('measures with the fonts’ advance widths', () => {
    // Carlito (= Calibri) R e v e n u e: 543 + 498 + 452 + 498 + 525 + 525 + 498 thousandths of an em
    expect(textWidthPt('Revenue', 'Calibri', 22)).toBeCloseTo((3539 * 22) / 1000, 5);
    expect(textWidthPt('Revenue', 'Calibri', 22, true)).toBeGreaterThan(textWidthPt('Revenue', 'Calibri', 22));
    expect(textWidthPt('Revenue', 'Arial', 22)).toBeGreaterThan(textWidthPt('Revenue', 'Calibri', 22) * 1.1);
    // a monospaced face: every character 600 thousandths
    expect(textWidthPt('iiiWWW', 'Courier New', 10)).toBeCloseTo(36, 5);
    // characters beyond the table use the face's mean letter width, controls none
    expect(textWidthPt('\u4e2d', 'Calibri', 10)).toBeGreaterThan(4);
    expect(textWidthPt('\u0007', 'Calibri', 10)).toBe(0);
    expect(lineHeightPt('Calibri', 10)).toBeCloseTo(12.21, 2);
  });

  it('wraps at spaces, breaks words longer than the line, and keeps a word across runs together', () => {
    const two = textWidthPt('alpha beta', 'Calibri', 12);
    expect(wrapParagraph([{ text: 'alpha beta', font: 'Calibri', sizePt: 12 }], two).lines).toBe(1);
    expect(wrapParagraph([{ text: 'alpha beta', font: 'Calibri', sizePt: 12 }], two - 0.5).lines).toBe(2);
    // trailing and repeated spaces do not push a word to the next line
    expect(wrapParagraph([{ text: 'alpha beta   ', font: 'Calibri', sizePt: 12 }], two).lines).toBe(1);
    const ten = textWidthPt('x'.repeat(10), 'Calibri', 12);
    expect(wrapParagraph([{ text: 'x'.repeat(95), font: 'Calibri', sizePt: 12 }], ten + 0.01).lines).toBe(10);
    expect(wrapParagraph([{ text: 'one\ntwo', font: 'Calibri', sizePt: 12 }], 500).lines).toBe(2);
    const joined = textWidthPt('Rich', 'Calibri', 12, true) + textWidthPt('er', 'Calibri', 12);
    const runs = [
      { text: 'Rich', font: 'Calibri', sizePt: 12, bold: true },
      { text: 'er text', font: 'Calibri', sizePt: 12 },
    ];
    expect(wrapParagraph(runs, joined + 1)).toMatchObject({ lines: 2, longestWordPt: expect.closeTo(joined, 5) });
    // the paragraph's line height is its largest run's
    expect(wrapParagraph([{ text: 'a', font: 'Calibri', sizePt: 10 }, { text: ' b', font: 'Calibri', sizePt: 20 }], 500).heightPt).toBeCloseTo(lineHeightPt('Calibri', 20), 5);
  });

  describe.runIf(fontsInstalled || !!process.env.CI)('the checked-in table', () => {
    it('is what scripts/generate-font-metrics.mjs reads from the installed fonts', () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'docsmith-font-metrics-'));
      try {
        const out = path.join(dir, 'font-metrics-data.ts');
        execFileSync(process.execPath, [path.join(process.cwd(), 'scripts', 'generate-font-metrics.mjs'), FONTS, out]);
        expect(readFileSync(out, 'utf8')).toBe(readFileSync(path.join(import.meta.dirname, 'font-metrics-data.ts'), 'utf8'));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});
