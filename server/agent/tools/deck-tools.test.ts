// The deck tools' options reach the file: chart labels/legend/axis titles/colours, table column
// widths and font size, free text boxes, shapes and images — read back from the pptx XML, and the
// file converts with LibreOffice (required in CI).
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { afterAll, describe, expect, it } from 'vitest';
import { findSoffice, sofficeConvert } from '@/server/documents/common/soffice';
import { renderDeck } from '@/server/documents/deck/render-pptx';
import { sampleChartPng } from '@/server/documents/fixtures/sample-image';
import { createDeckState, deckTools, finishDeck } from './deck-tools';
import { runTool } from './testing/run-tool';

const soffice = findSoffice();
const inCi = !!process.env.CI;
if (!soffice && !inCi) console.warn('LibreOffice not found: the deck-tools conversion test is skipped');

async function call(tools: ReturnType<typeof deckTools>, name: string, input: unknown) {
  const out = await runTool(tools, name, input);
  expect(out, JSON.stringify(out)).toMatchObject({ ok: true });
  return out;
}

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

async function built() {
  const state = createDeckState(null, [{ id: 'img_1', name: 'logo.png', mime: 'image/png', data: sampleChartPng() }]);
  const tools = deckTools(state);
  await call(tools, 'add_slides', {
    slides: [
      {
        title: 'Revenue grew every quarter',
        chart: { type: 'column', categories: ['Q1', 'Q2', 'Q3', 'Q4'], series: [{ name: 'Revenue', values: [120, 135, 160, 171], color: '#C00000' }], yAxisTitle: 'Revenue (k€)', xAxisTitle: 'Quarter' },
        bullets: ['Q4 up 7 % on Q3'],
      },
      { title: 'Pricing', table: { rows: [['Plan', 'Price'], ['Starter', 19], ['Team', 49]], colWidths: [4, 2], fontSize: 18 } },
      { title: 'Three pillars' },
    ],
  });
  await call(tools, 'set_free_elements', {
    id: 's3',
    elements: [
      { kind: 'text', x: 0.6, y: 1.8, w: 3.8, h: 2, text: 'Speed\n- ship weekly\n- small teams', fontSize: 20, bold: true, color: '#1F4E79' },
      { kind: 'shape', shape: 'roundRect', x: 4.8, y: 1.8, w: 3.8, h: 2, fill: '#E2EFDA', text: 'Quality' },
      { kind: 'image', imageId: 'img_1', x: 9, y: 1.8, w: 3.6, h: 2.4 },
    ],
  });
  return { state, tools };
}

describe('deck tools: the options reach the pptx', () => {
  it('chart: one series → no legend, values shown, axis titles, series colour', async () => {
    const { state } = await built();
    const zip = await JSZip.loadAsync(await renderDeck(finishDeck(state)));
    const charts = Object.keys(zip.files).filter((f) => /^ppt\/charts\/chart\d+\.xml$/.test(f));
    expect(charts).toHaveLength(1);
    const xml = await zip.file(charts[0]!)!.async('string');
    expect(xml).not.toContain('<c:legend>');
    expect(xml).toMatch(/<c:showVal val="1"\/>/);
    expect(xml).toContain('Revenue (k€)');
    expect(xml).toContain('Quarter');
    expect(xml).toMatch(/C00000/i);
  });

  it('table column widths and font size; free text, shape and image at their boxes', async () => {
    const { state } = await built();
    const zip = await JSZip.loadAsync(await renderDeck(finishDeck(state)));
    const slide2 = await zip.file('ppt/slides/slide2.xml')!.async('string');
    const grid = [...slide2.matchAll(/<a:gridCol w="(\d+)"/g)].map((m) => Number(m[1]));
    expect(grid).toEqual([4 * 914400, 2 * 914400]);
    expect(slide2).toMatch(/sz="1800"/);
    const slide3 = await zip.file('ppt/slides/slide3.xml')!.async('string');
    expect(slide3).toContain('ship weekly');
    expect(slide3).toContain('<a:buChar');
    expect(slide3).toContain('prstGeom prst="roundRect"');
    expect(slide3).toContain('Quality');
    // a light fill gets dark text (the renderer's default on a fill is white)
    expect(slide3).toMatch(/<a:srgbClr val="1F2937"\/>(?:(?!<\/a:rPr>).)*<\/a:rPr><a:t>Quality/s);
    expect(slide3).toContain('<p:pic>');
    // the text box sits at x 0.6 in, y 1.8 in
    expect(slide3).toContain(`<a:off x="${Math.round(0.6 * 914400)}" y="${Math.round(1.8 * 914400)}"/>`);
  });

  it('set_free_elements [] removes the free elements and keeps the rest; read_slide shows boxes', async () => {
    const { state, tools } = await built();
    const read = await call(tools, 'read_slide', { id: 's3' });
    expect(read.elements).toEqual([
      expect.objectContaining({ kind: 'text', box: [0.6, 1.8, 3.8, 2] }),
      expect.objectContaining({ kind: 'shape', shape: 'roundRect' }),
      expect.objectContaining({ kind: 'image', box: [9, 1.8, 3.6, 2.4] }),
    ]);
    await call(tools, 'update_slide', { id: 's3', chart: { type: 'line', categories: ['a', 'b'], series: [{ name: 'x', values: [1, 2] }] } });
    await call(tools, 'set_free_elements', { id: 's3', elements: [] });
    expect(state.deck.slides[2]!.elements.map((e) => e.kind)).toEqual(['chart']);
    await call(tools, 'update_slide', { id: 's3', removeVisuals: true });
    expect(state.deck.slides[2]!.elements).toEqual([]);
    expect(state.deck.slides[2]!.title).toBe('Three pillars');
    const bad = await runTool(tools, 'set_free_elements', { id: 's3', elements: [{ kind: 'image', x: 1, y: 1, w: 1, h: 1 }] });
    expect(bad).toEqual({ ok: false, error: expect.stringContaining('imageId') });
  });

  it('update_slide position moves a slide (the file has it there) and can change it in the same call', async () => {
    const { state, tools } = await built();
    expect(await call(tools, 'update_slide', { id: 's3', position: 1, subtitle: 'Moved first' })).toMatchObject({ id: 's3', position: 1 });
    expect(state.deck.slides.map((s) => s.id)).toEqual(['s3', 's1', 's2']);
    const zip = await JSZip.loadAsync(await renderDeck(finishDeck(state)));
    const first = await zip.file('ppt/slides/slide1.xml')!.async('string');
    expect(first).toContain('Three pillars');
    expect(first).toContain('Moved first');
    // a position past the end puts it last; no other field: the slide is unchanged
    await call(tools, 'update_slide', { id: 's3', position: 99 });
    expect(state.deck.slides.map((s) => s.id)).toEqual(['s1', 's2', 's3']);
  });

  it.runIf(!!soffice || inCi)('LibreOffice converts the deck to PDF', async () => {
    const { state, tools } = await built();
    await call(tools, 'update_slide', { id: 's3', position: 1 });
    const dir = await mkdtemp(path.join(tmpdir(), 'deck-tools-'));
    dirs.push(dir);
    const file = path.join(dir, 'deck.pptx');
    await writeFile(file, await renderDeck(finishDeck(state)));
    const [pdf] = await sofficeConvert([file], 'pdf', dir);
    expect((await stat(pdf!)).size).toBeGreaterThan(5_000);
  }, 120_000);
});
