import { describe, expect, it } from 'vitest';
import JSZip from 'jszip';
import { renderDeck } from './render-pptx';
import { importPptx } from './import-pptx';
import { verifyPptx } from './verify-pptx';
import { summarizeDeck } from './summarize-deck';
import { MAX_SLIDES_PER_CALL, assertSlidesPerCall, parseDeck } from './schema';
import { sampleDeck } from '../fixtures/sample-deck';

describe('deck model', () => {
  it('guards the number of slides per call and validates slides', () => {
    expect(MAX_SLIDES_PER_CALL).toBe(30);
    expect(() => assertSlidesPerCall(30)).not.toThrow();
    expect(() => assertSlidesPerCall(31)).toThrow(/at most 30/);
    expect(() => parseDeck({ slides: [{ id: 'a', layout: 'title' }, { id: 'a', layout: 'blank' }] })).toThrow(/duplicate slide id/);
    expect(() => parseDeck({ slides: [{ id: 'a', layout: 'fancy' }] })).toThrow();
  });

  it('renders native charts, tables, images and notes that the package XML shows', async () => {
    const buffer = await renderDeck(sampleDeck());
    const zip = await JSZip.loadAsync(buffer);
    const slides = Object.keys(zip.files).filter((f) => /^ppt\/slides\/slide\d+\.xml$/.test(f));
    expect(slides).toHaveLength(8);
    const charts = Object.keys(zip.files).filter((f) => /^ppt\/charts\/chart\d+\.xml$/.test(f));
    expect(charts).toHaveLength(2);
    const chartXml = await zip.file(charts.sort()[0]!)!.async('string');
    expect(chartXml).toContain('<c:barChart>');
    expect(chartXml).toContain('<c:v>North</c:v>');
    expect(chartXml).toContain('<c:v>1380</c:v>');
    const slide5 = await zip.file('ppt/slides/slide5.xml')!.async('string');
    expect(slide5).toContain('<a:tbl>');
    expect(slide5).toContain('Regional results');
    const notes = Object.keys(zip.files).filter((f) => /^ppt\/notesSlides\/notesSlide\d+\.xml$/.test(f));
    const allNotes = (await Promise.all(notes.map((n) => zip.file(n)!.async('string')))).join('');
    expect(allNotes).toContain('Point out the South region.');
    expect(Object.keys(zip.files).some((f) => f.startsWith('ppt/media/'))).toBe(true);
    const slide1 = await zip.file('ppt/slides/slide1.xml')!.async('string');
    expect(slide1).toContain('typeface="Calibri"');
  });

  it('round-trips titles, bullets, charts, tables, images and notes', async () => {
    const model = parseDeck(sampleDeck());
    const { deck: back, warnings } = await importPptx(await renderDeck(model));
    expect(warnings).toEqual([]);
    expect(back.slides).toHaveLength(model.slides.length);
    model.slides.forEach((s, i) => {
      const b = back.slides[i]!;
      if (s.layout !== 'blank') expect(b.title, `slide ${i + 1}`).toBe(s.title);
      expect(b.notes).toBe(s.notes);
      if (s.layout === 'title-bullets') expect(b.bullets).toEqual(s.bullets);
      for (const el of s.elements) {
        const same = b.elements.find((e) => e.kind === el.kind);
        expect(same, `slide ${i + 1} ${el.kind}`).toBeDefined();
        if (el.kind === 'chart' && same?.kind === 'chart') {
          expect(same.chartType).toBe(el.chartType);
          expect(same.categories).toEqual(el.categories.map(String));
          expect(same.series.map((x) => [x.name, x.values])).toEqual(el.series.map((x) => [x.name, x.values]));
        }
        if (el.kind === 'table' && same?.kind === 'table') expect(same.rows).toEqual(el.rows.map((r) => r.map(String)));
        if (el.kind === 'image' && same?.kind === 'image') expect(same.src).toBe(el.src);
      }
    });
    expect(back.slides[0]!.layout).toBe('title');
    expect(back.slides[0]!.subtitle).toBe('Acme Corp · October 2025');
    expect(back.slides[5]!.layout).toBe('section');
  });

  it('verifies and summarises', async () => {
    const model = parseDeck(sampleDeck());
    const report = await verifyPptx(await renderDeck(model), { model });
    expect(report.problems).toEqual([]);
    const s = summarizeDeck(model);
    expect(s.slides.map((x) => x.title)).toEqual(['Q3 business review', 'Revenue by region', 'Highlights', 'Plan for Q4', 'Regional results', 'Appendix', 'Quarterly trend', undefined]);
    expect(s.text).toContain('2. [s2] chart "Revenue by region", 3 bullets, chart:column, notes');
  });

  it('draws the big-number and quote layouts: the figure large and bold, the quotation in italics, the texts read back', async () => {
    const model = parseDeck({
      slides: [
        { id: 'n', layout: 'big-number', title: '€4.2M', subtitle: 'annual recurring revenue', bullets: ['up 3× since January'] },
        { id: 'q', layout: 'quote', title: 'We closed our books four days faster.', subtitle: '— Jane Doe, CFO at Acme' },
      ],
    });
    const buffer = await renderDeck(model);
    const zip = await JSZip.loadAsync(buffer);
    const [figure, quote] = await Promise.all([1, 2].map((n) => zip.file(`ppt/slides/slide${n}.xml`)!.async('string')));
    expect(figure).toMatch(/sz="12000" b="1"[^>]*>.*?<a:t>€4\.2M<\/a:t>/);
    expect(figure).toContain('annual recurring revenue');
    expect(quote).toMatch(/i="1"[^>]*>.*?<a:t>We closed our books four days faster\.<\/a:t>/);
    // read back as text (the importer does not recognise these layouts: their texts come back as text boxes)
    const { deck: back } = await importPptx(buffer);
    for (const text of ['€4.2M', 'annual recurring revenue', 'up 3× since January']) expect(JSON.stringify(back.slides[0])).toContain(text);
    for (const text of ['We closed our books four days faster.', '— Jane Doe, CFO at Acme']) expect(JSON.stringify(back.slides[1])).toContain(text);
  });

  it('writes each title into a title placeholder (the outline view and screen readers read titles from there)', async () => {
    const model = parseDeck(sampleDeck());
    const zip = await JSZip.loadAsync(await renderDeck(model));
    for (const [i, s] of model.slides.entries()) {
      const xml = await zip.file(`ppt/slides/slide${i + 1}.xml`)!.async('string');
      const titleShapes = [...xml.matchAll(/<p:sp>(?:(?!<\/p:sp>).)*?<p:ph\b[^>]*type="title"(?:(?!<\/p:sp>).)*<\/p:sp>/gs)].map((m) => [...m[0].matchAll(/<a:t>([^<]*)<\/a:t>/g)].map((t) => t[1]).join(''));
      expect(titleShapes, `slide ${i + 1}`).toEqual(s.title ? [s.title] : []);
    }
    // the master of the title slide puts its placeholder where the title is drawn
    const rels = await zip.file('ppt/slides/_rels/slide1.xml.rels')!.async('string');
    const layout = /Target="\.\.\/slideLayouts\/(slideLayout\d+\.xml)"/.exec(rels)![1]!;
    const layoutXml = await zip.file(`ppt/slideLayouts/${layout}`)!.async('string');
    expect(layoutXml).toMatch(/type="title"/);
    expect(layoutXml).toContain(`<a:off x="${Math.round(0.6 * 914400)}" y="${Math.round(2.3 * 914400)}"/>`);
  });
});
