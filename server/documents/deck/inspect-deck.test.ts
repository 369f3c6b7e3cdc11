import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { wrapParagraph } from '../../../lib/text/font-metrics';
import { findSoffice, sofficeConvert } from '../common/soffice';
import { sampleDeck } from '../fixtures/sample-deck';
import { sampleChartDataUrl } from '../fixtures/sample-image';
import { MIN_CONTENT_SHARE, inspectDeck, slideContentShares } from './inspect-deck';
import { renderDeck } from './render-pptx';
import { parseDeck, type DeckInput } from './schema';
import { planSlide } from '../../../lib/deck/slide-layout';
import { DEFAULT_TEXT_INSET_IN, bulletParagraphs, paragraphsHeightPt } from '../../../lib/deck/measure-text';

const deckOf = (...slides: DeckInput['slides']) => parseDeck({ slides });
const codes = (d: ReturnType<typeof deckOf>) => inspectDeck(d).map((f) => `${f.code} @ ${f.location}`);
const sentence = 'Our revenue grew in every region this quarter because the new accounts ramped up faster than planned';

/** A chart that fills the content area, so a slide is neither empty nor unlabelled. */
const fullChart = { kind: 'chart' as const, chartType: 'column' as const, categories: ['A', 'B'], series: [{ name: 'Revenue', values: [1, 2] }], showLegend: false, yAxisTitle: 'k€' };

describe('inspectDeck', () => {
  it('finds an overflowing text box and an off-slide image, and says by how much and what to do', () => {
    const deck = deckOf({
      id: 's1',
      layout: 'blank',
      elements: [
        { kind: 'text', x: 1, y: 1, w: 4, h: 1, paragraphs: [{ runs: [{ text: `${sentence}. ${sentence}.` }] }] },
        { kind: 'image', x: 9, y: 4, w: 6, h: 4, src: sampleChartDataUrl(), fit: 'stretch' },
      ],
    });
    const findings = inspectDeck(deck);
    const overflow = findings.find((f) => f.code === 'text_overflow')!;
    expect(overflow).toMatchObject({ severity: 'error', location: 'slide 1 element 1' });
    // 34 words of 18 pt Calibri in a 3.83 in line: 6 lines × 0.31 in ≈ 1.83 in + insets
    expect(overflow.message).toMatch(/needs 2\.\d+ in but its box is 1 in tall, so it overflows by 1\.\d+ in/);
    expect(overflow.message).toMatch(/smaller font \(it fits at \d+ pt\)|make the box taller \(h ≥ 2\.\d in\)/);
    const off = findings.find((f) => f.code === 'off_slide')!;
    expect(off).toMatchObject({ severity: 'error', location: 'slide 1 element 2' });
    expect(off.message).toMatch(/1\.67 in past the right edge .* and 0\.5 in past the bottom edge/);
  });

  it('measures with the font: the same text fits a wider box, and a narrower font fits where a wider one does not', () => {
    const box = (w: number, font = 'Calibri') =>
      deckOf({ id: 's', layout: 'blank', elements: [{ kind: 'text', x: 0.5, y: 0.5, w, h: 1.2, paragraphs: [{ runs: [{ text: sentence, font }] }] }] });
    expect(codes(box(8))).not.toContain('text_overflow @ slide 1 element 1');
    expect(codes(box(3))).toContain('text_overflow @ slide 1 element 1');
    // 18 words, 18 pt: three lines (1.06 in with insets) fit 1.2 in in Calibri at 4.4 in; Verdana-wide DejaVu needs four
    expect(codes(box(4.4))).not.toContain('text_overflow @ slide 1 element 1');
    expect(codes(box(4.4, 'Verdana'))).toContain('text_overflow @ slide 1 element 1');
  });

  it('finds layout text that overflows: a two-line title and too many bullets', () => {
    const findings = inspectDeck(
      deckOf({
        id: 's1',
        layout: 'title-bullets',
        title: 'Revenue grew in every region this quarter because new accounts ramped up faster than anyone planned',
        bullets: Array.from({ length: 9 }, () => `${sentence}; ${sentence}.`),
      }),
    );
    const title = findings.find((f) => f.location === 'slide 1 title')!;
    expect(title).toMatchObject({ code: 'text_overflow' });
    expect(title.message).toMatch(/wraps to 2 lines at 30 pt .* shorten it to about \d+ characters \(one line\)/);
    const bullets = findings.find((f) => f.location === 'slide 1 bullets')!;
    expect(bullets).toMatchObject({ code: 'text_overflow' });
    expect(bullets.message).toMatch(/The bullet text \(9 bullets, 18 pt\) needs .* split the content over two slides/);
  });

  it('finds text in a shape that does not fit, allowing for an ellipse’s smaller inner box', () => {
    const shape = (shape: 'rect' | 'ellipse') => deckOf({ id: 's', layout: 'blank', elements: [{ kind: 'shape', shape, x: 1, y: 1, w: 3, h: 0.8, text: 'Launch in three regions by March' }] });
    expect(codes(shape('rect'))).not.toContain('text_overflow @ slide 1 element 1');
    expect(codes(shape('ellipse'))).toContain('text_overflow @ slide 1 element 1');
  });

  it('finds a table whose wrapping cells push it past its box', () => {
    const long = 'A long description that wraps over several lines in a narrow column';
    const findings = inspectDeck(
      deckOf({ id: 's', layout: 'table', title: 'Pricing', elements: [{ kind: 'table', x: 1, y: 1.6, w: 4, h: 1, rows: [['Plan', 'Notes'], ['Basic', long], ['Pro', long]] }] }),
    );
    expect(findings.find((f) => f.code === 'text_overflow')).toMatchObject({ location: 'slide 1 element 1', severity: 'warning' });
  });

  it('finds overlapping elements, including two elements left to the layout’s one content box', () => {
    expect(
      codes(
        deckOf({
          id: 's1',
          layout: 'blank',
          elements: [
            { kind: 'chart', chartType: 'pie', x: 1, y: 1, w: 5, h: 4, categories: ['A', 'B'], series: [{ name: 'S', values: [1, 2] }] },
            { kind: 'text', x: 3, y: 2, w: 5, h: 2, paragraphs: [{ runs: [{ text: sentence }] }] },
          ],
        }),
      ),
    ).toContain('element_overlap @ slide 1 element 2');
    expect(codes(deckOf({ id: 's1', layout: 'chart', title: 'Two on one', elements: [fullChart, { kind: 'table', rows: [['a', 'b']] }] }))).toContain(
      'element_overlap @ slide 1 element 2',
    );
    // a panel behind text is decoration, and elements side by side do not overlap
    expect(
      codes(
        deckOf({
          id: 's1',
          layout: 'blank',
          elements: [
            { kind: 'shape', shape: 'rect', x: 0.5, y: 0.5, w: 6, h: 3, fill: '#EEEEEE' },
            { kind: 'text', x: 0.7, y: 0.7, w: 5, h: 1, paragraphs: [{ runs: [{ text: 'On a panel' }] }] },
            { ...fullChart, x: 7, y: 0.5, w: 5.5, h: 6 },
          ],
        }),
      ).filter((c) => c.startsWith('element_overlap')),
    ).toEqual([]);
  });

  it('finds a text slide whose content stops in the top half, not one the content fills', () => {
    // two short points, even set at 28 pt and spaced out, leave the lower half empty
    const sparse = inspectDeck(deckOf({ id: 's1', layout: 'title-bullets', title: 'Highlights', bullets: ['Revenue up 18%', 'Churn down to 2.1%'] }));
    const empty = sparse.find((f) => f.code === 'slide_mostly_empty')!;
    expect(empty).toMatchObject({ location: 'slide 1', severity: 'warning' });
    expect(Number(/covers (\d+) %/.exec(empty.message)![1])).toBeLessThan(MIN_CONTENT_SHARE * 100);
    // four short points are set large enough to fill the slide
    const four = deckOf({ id: 's1', layout: 'title-bullets', title: 'Highlights', bullets: ['Revenue up 18%', 'Churn down to 2.1%', 'Two regions opened', 'Hiring on plan'] });
    expect(codes(four)).toEqual([]);
    expect(slideContentShares(four)[0]).toBeGreaterThanOrEqual(0.65);
    expect(codes(deckOf({ id: 's1', layout: 'chart', title: 'Revenue', elements: [fullChart] }))).toEqual([]);
    const full = Array.from({ length: 6 }, (_, i) => `${sentence} (${i + 1})`);
    expect(codes(deckOf({ id: 's1', layout: 'title-bullets', title: 'Detail', bullets: full }))).not.toContain('slide_mostly_empty @ slide 1');
  });

  it('finds more than 8 bullets or 70 words on a slide', () => {
    const many = inspectDeck(deckOf({ id: 's1', layout: 'title-bullets', title: 'Many', bullets: Array.from({ length: 10 }, (_, i) => `Point ${i + 1}`) }));
    expect(many.find((f) => f.code === 'too_much_text')?.message).toMatch(/10 bullets \(at most 8\)/);
    const wordy = inspectDeck(deckOf({ id: 's1', layout: 'title-bullets', title: 'Wordy', bullets: [sentence, sentence, sentence, sentence, sentence] }));
    expect(wordy.find((f) => f.code === 'too_much_text')?.message).toMatch(/86 words \(at most about 70\)/);
    expect(codes(deckOf({ id: 's1', layout: 'title-bullets', title: 'Fine', bullets: [sentence, sentence, sentence] }))).not.toContain('too_much_text @ slide 1');
  });

  it('lets an agenda of short entries list up to 12, but not long sentences or more', () => {
    const entries = (n: number) => Array.from({ length: n }, (_, i) => `Module ${i + 1}: the basics`);
    expect(codes(deckOf({ id: 's1', layout: 'title-bullets', title: 'Agenda', bullets: entries(10) }))).not.toContain('too_much_text @ slide 1');
    expect(inspectDeck(deckOf({ id: 's1', layout: 'title-bullets', title: 'Agenda', bullets: entries(13) })).find((f) => f.code === 'too_much_text')?.message).toMatch(/13 bullets \(at most 12 on an agenda\)/);
    // the same ten entries under another title, or an agenda of sentences, are too much
    expect(codes(deckOf({ id: 's1', layout: 'title-bullets', title: 'Modules', bullets: entries(10) }))).toContain('too_much_text @ slide 1');
    const long = Array.from({ length: 9 }, (_, i) => `We will review every result of the quarter in detail ${i}`);
    expect(codes(deckOf({ id: 's1', layout: 'title-bullets', title: 'Agenda', bullets: long }))).toContain('too_much_text @ slide 1');
  });

  it('finds a legend that only repeats the one series, and values without unit or labels', () => {
    const chart = (extra: Record<string, unknown>) =>
      inspectDeck(deckOf({ id: 's1', layout: 'chart', title: 'Revenue', elements: [{ ...fullChart, ...extra }] })).filter(
        (f) => f.code === 'chart_without_labels',
      );
    expect(chart({ showLegend: true })).toEqual([expect.objectContaining({ severity: 'warning', location: 'slide 1 element 1', message: expect.stringMatching(/one series \("Revenue"\).*showLegend false/) })]);
    expect(chart({ yAxisTitle: undefined })).toEqual([expect.objectContaining({ severity: 'info', message: expect.stringMatching(/yAxisTitle.*showValues/) })]);
    expect(chart({ yAxisTitle: undefined, showValues: true })).toEqual([]);
    expect(chart({})).toEqual([]);
    // a pie's legend names the slices
    expect(chart({ chartType: 'pie', showLegend: true })).toEqual([]);
  });

  it('finds a content slide without a title, not a blank, section or image-only slide', () => {
    expect(codes(deckOf({ id: 's1', layout: 'chart', elements: [fullChart] }))).toContain('missing_title @ slide 1');
    expect(codes(deckOf({ id: 's1', layout: 'blank', elements: [{ ...fullChart, x: 0.5, y: 0.5, w: 12.3, h: 6.5 }] }))).toEqual([]);
    expect(codes(deckOf({ id: 's1', layout: 'section', title: 'Part 2' }))).toEqual([]);
    expect(codes(deckOf({ id: 's1', layout: 'image', elements: [{ kind: 'image', src: sampleChartDataUrl() }] }))).toEqual([]);
  });

  it('on the sample deck, reports only the slide too sparse to fill', () => {
    // the layout sets slide 3 (five short bullets) and 5 (a four-row table) large enough to fill the
    // slide; slide 4 (two short bullets per column) still leaves the lower half empty
    const deck = parseDeck(sampleDeck());
    expect(codes(deck)).toEqual(['slide_mostly_empty @ slide 4']);
    expect(slideContentShares(deck).map((x) => (x === undefined ? x : Math.round(x * 100)))).toEqual([undefined, 100, 70, 40, 72, undefined, 72, 56]);
  });
});

const soffice = findSoffice();
if (!soffice && !process.env.CI) console.warn('LibreOffice (soffice) not found: skipping the text measurement check against LibreOffice');

/** Words of a PDF page with their centre x, top y and bottom y, points (pdftotext -bbox). */
function pdfWords(pdf: string, page: number): Array<{ x: number; y: number; bottom: number }> {
  const xml = execFileSync('pdftotext', ['-bbox', '-f', String(page), '-l', String(page), pdf, '-']).toString();
  return [...xml.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">/g)].map((m) => ({
    x: (Number(m[1]) + Number(m[3])) / 2,
    y: Number(m[2]),
    bottom: Number(m[4]),
  }));
}

describe.runIf(!!soffice || !!process.env.CI)('text measurement against LibreOffice', () => {
  it('wraps shape text onto as many lines as LibreOffice does, in four fonts, and finds the shape it overflows', async () => {
    const words = sentence.split(' ').concat('while churn stayed low and the partner programme added reach across three new regions'.split(' '));
    // six shapes 4 × 3.2 in of 5–30 words at 12–20 pt (all fit), and on slide 2 one that overflows
    const shapes = Array.from({ length: 6 }, (_, k) => ({ text: words.slice(0, 5 + k * 5).join(' '), size: [14, 16, 18, 20, 12, 15][k]!, x: 0.3 + (k % 3) * 4.3, y: 0.3 + Math.floor(k / 3) * 3.6 }));
    const fonts = ['Calibri', 'Arial', 'Times New Roman', 'Cambria'];
    const overflowing = { kind: 'shape' as const, shape: 'rect' as const, x: 4, y: 3, w: 4, h: 1, text: words.join(' '), fontSize: 20 };
    const dir = await mkdtemp(path.join(tmpdir(), 'docsmith-deck-fit-'));
    try {
      const files = await Promise.all(
        fonts.map(async (font, i) => {
          const deck = parseDeck({
            theme: { headingFont: font, bodyFont: font },
            slides: [
              { id: 'fit', layout: 'blank', elements: shapes.map((s) => ({ kind: 'shape' as const, shape: 'rect' as const, x: s.x, y: s.y, w: 4, h: 3.2, text: s.text, fontSize: s.size })) },
              { id: 'over', layout: 'blank', elements: [overflowing] },
            ],
          });
          const file = path.join(dir, `fonts-${i}.pptx`);
          await writeFile(file, await renderDeck(deck));
          return { file, deck };
        }),
      );
      const pdfs = await sofficeConvert(files.map((f) => f.file), 'pdf', dir);
      pdfs.forEach((pdf, i) => {
        const placed = pdfWords(pdf, 1);
        for (const s of shapes) {
          const inBox = placed.filter((w) => w.x > s.x * 72 && w.x < (s.x + 4) * 72 && w.y > s.y * 72 && w.y < (s.y + 3.2) * 72);
          const lines = new Set(inBox.map((w) => Math.round(w.y))).size;
          expect({ font: fonts[i], words: s.text.split(' ').length, lines }).toEqual({
            font: fonts[i],
            words: s.text.split(' ').length,
            lines: wrapParagraph([{ text: s.text, font: fonts[i]!, sizePt: s.size }], (4 - 0.2) * 72).lines,
          });
        }
        // the inspection reports the overflowing shape, and LibreOffice draws its text beyond the box
        expect(inspectDeck(files[i]!.deck).map((f) => `${f.code} @ ${f.location}`)).toContain('text_overflow @ slide 2 element 1');
        const ys = pdfWords(pdf, 2).map((w) => w.y);
        expect(Math.min(...ys)).toBeLessThan(overflowing.y * 72);
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it('draws fitted bullets as large and as spaced out as the layout plans them', async () => {
    const deck = parseDeck({
      slides: [
        {
          id: 's',
          layout: 'title-bullets',
          title: 'Highlights',
          bullets: ['Revenue up 18% year on year', { text: 'driven by two new accounts', level: 1 }, 'Churn down to 2.1%', 'Two regions opened'],
        },
      ],
    });
    const bullets = planSlide(deck.slides[0]!, deck.theme).texts.find((t) => t.role === 'bullets')!;
    expect(bullets.size).toBe(28);
    expect(bullets.shrink).toBe(false);
    const paras = bulletParagraphs(bullets.bullets!, 'Calibri', bullets.size, false, bullets.spaceAfterPt);
    const plannedPt = paragraphsHeightPt(paras, (bullets.box.w - 2 * DEFAULT_TEXT_INSET_IN.x) * 72);
    const dir = await mkdtemp(path.join(tmpdir(), 'docsmith-deck-fill-'));
    try {
      const file = path.join(dir, 'fill.pptx');
      await writeFile(file, await renderDeck(deck));
      const [pdf] = await sofficeConvert([file], 'pdf', dir);
      const body = pdfWords(pdf!, 1).filter((w) => w.y > bullets.box.y * 72 - 2 && w.y < (bullets.box.y + bullets.box.h) * 72);
      // LibreOffice draws the list from the top of its box to where the plan says it ends (text
      // written shrink-on-overflow would be drawn smaller: LibreOffice 7.4 shrinks it even when it fits)
      const top = (bullets.box.y + DEFAULT_TEXT_INSET_IN.y) * 72;
      expect(Math.abs(Math.min(...body.map((w) => w.y)) - top)).toBeLessThan(6);
      expect(Math.abs(Math.max(...body.map((w) => w.bottom)) - (top + plannedPt))).toBeLessThan(6);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
