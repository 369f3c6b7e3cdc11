// Layout texts with runs (titles, subtitles, bullets, column headings, table cells): the schema's
// bounds (runs' text = the plain text, control characters, run count), and the .pptx writer's output
// read back from the package XML — each run with its own formatting, the layout's bold or italic
// only where the runs say so — and converted by LibreOffice.
import { copyFile, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { afterAll, describe, expect, it } from 'vitest';
import { findSoffice, pdfFirstPagePng, pdfText, sofficeConvert } from '../common/soffice';
import { renderDeck } from './render-pptx';
import { MAX_RUNS_PER_PARAGRAPH, parseDeck, type DeckInput } from './schema';

const soffice = findSoffice();
const inCi = !!process.env.CI;
const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

function deck(): DeckInput {
  return {
    slides: [
      {
        id: 'a',
        layout: 'title-bullets',
        title: 'Revenue grew in Q3',
        titleRuns: [{ text: 'Revenue ', bold: true }, { text: 'grew' }, { text: ' in Q3', bold: true }],
        subtitle: 'All regions',
        subtitleRuns: [{ text: 'All ', italic: true }, { text: 'regions', italic: true, color: '#C00000' }],
        bullets: [
          { text: 'North led the way', level: 0, runs: [{ text: 'North', bold: true }, { text: ' led the way' }] },
          'Plain second point',
          { text: 'Underlined detail', level: 1, runs: [{ text: 'Underlined', underline: true }, { text: ' detail' }] },
        ],
      },
      {
        id: 'b',
        layout: 'two-column',
        title: 'Before and after',
        columns: [
          { heading: 'Before', headingRuns: [{ text: 'Bef', bold: true }, { text: 'ore', italic: true }], bullets: ['Slow'] },
          { heading: 'After', bullets: [{ text: 'Fast now', level: 0, runs: [{ text: 'Fast', size: 30 }, { text: ' now' }] }] },
        ],
      },
      {
        id: 'c',
        layout: 'title-bullets',
        title: 'Table',
        elements: [
          {
            kind: 'table',
            rows: [
              ['Region', 'Sales'],
              ['North', 120],
            ],
            cellRuns: [
              [[{ text: 'Reg', bold: true }, { text: 'ion' }], null],
              [null, [{ text: '120', italic: true }]],
            ],
          },
        ],
      },
      {
        id: 'd',
        layout: 'big-number',
        title: '42%',
        titleRuns: [{ text: '42', bold: true }, { text: '%', color: '#00B050' }],
        subtitle: 'of customers',
        bullets: [{ text: 'up from 30%', level: 0, runs: [{ text: 'up', bold: true }, { text: ' from 30%' }] }],
      },
    ],
  };
}

interface XmlRun {
  text: string;
  b: boolean;
  i: boolean;
  u: boolean;
  sz?: number;
  color?: string;
}

/** The runs of each paragraph of a shape's XML. */
function paragraphs(shape: string): XmlRun[][] {
  return [...shape.matchAll(/<a:p>([\s\S]*?)<\/a:p>/g)].map((p) =>
    [...p[1]!.matchAll(/<a:r>\s*<a:rPr([^>]*?)(?:\/>|>([\s\S]*?)<\/a:rPr>)\s*<a:t>([\s\S]*?)<\/a:t>\s*<\/a:r>/g)].map((m) => {
      const attrs = m[1]!;
      const inner = m[2] ?? '';
      const sz = /\bsz="(\d+)"/.exec(attrs)?.[1];
      const color = /<a:solidFill>\s*<a:srgbClr val="([0-9A-F]{6})"/.exec(inner)?.[1];
      return {
        text: m[3]!,
        b: /\bb="1"/.test(attrs),
        i: /\bi="1"/.test(attrs),
        u: /\bu="sng"/.test(attrs),
        ...(sz ? { sz: Number(sz) / 100 } : {}),
        ...(color ? { color } : {}),
      };
    }),
  );
}

const shapes = (xml: string) => [...xml.matchAll(/<p:sp>[\s\S]*?<\/p:sp>/g)].map((m) => m[0]);
const shapeWith = (xml: string, text: string) => {
  const s = shapes(xml).find((x) => x.includes(text));
  expect(s, `a shape with "${text}"`).toBeDefined();
  return s!;
};
const cellWith = (xml: string, text: string) => {
  const c = [...xml.matchAll(/<a:tc>[\s\S]*?<\/a:tc>/g)].map((m) => m[0]).find((x) => x.includes(`>${text}<`));
  expect(c, `a cell with "${text}"`).toBeDefined();
  return c!;
};

async function slidesXml(buffer: Buffer): Promise<string[]> {
  const zip = await JSZip.loadAsync(buffer);
  return Promise.all([1, 2, 3, 4].map((n) => zip.file(`ppt/slides/slide${n}.xml`)!.async('string')));
}

describe('layout text runs: schema', () => {
  it('accepts runs whose text is the plain text, and refuses the rest', () => {
    expect(() => parseDeck(deck())).not.toThrow();
    const bad = (patch: Record<string, unknown>, col?: Record<string, unknown>) => {
      const d = deck() as { slides: Array<Record<string, unknown>> };
      Object.assign(d.slides[0]!, patch);
      if (col) (d.slides[1]!.columns as Array<Record<string, unknown>>)[0] = { bullets: [], ...col };
      return () => parseDeck(d);
    };
    expect(bad({ titleRuns: [{ text: 'Revenue fell' }] })).toThrow(/runs' text must be the text itself/);
    expect(bad({ title: undefined })).toThrow(/runs without the text/);
    expect(bad({ subtitleRuns: [{ text: 'All regions!' }] })).toThrow(/subtitle/);
    expect(bad({ bullets: [{ text: 'abc', level: 0, runs: [{ text: 'ab' }] }] })).toThrow(/bullet/);
    expect(bad({}, { heading: 'Left', headingRuns: [{ text: 'Right' }] })).toThrow(/column heading/);
    expect(bad({}, { headingRuns: [{ text: 'x' }] })).toThrow(/runs without the text/);
    // control characters, an empty list, too many runs, an unknown key: as in a text box's runs
    expect(bad({ title: 'a\u0007b', titleRuns: [{ text: 'a\u0007b' }] })).toThrow(/control characters/);
    expect(bad({ titleRuns: [] })).toThrow();
    const many = Array.from({ length: MAX_RUNS_PER_PARAGRAPH + 1 }, (_, i) => ({ text: 'x', bold: i % 2 === 0 }));
    expect(bad({ title: 'x'.repeat(many.length), titleRuns: many })).toThrow();
    expect(bad({ titleRuns: [{ text: 'Revenue grew in Q3', weight: 'heavy' }] })).toThrow();
    // the limit itself passes
    const max = many.slice(1);
    expect(bad({ title: 'x'.repeat(max.length), titleRuns: max })).not.toThrow();
  });

  it('checks table cell runs against the cell text (numbers as shown)', () => {
    const withCells = (cellRuns: unknown) => {
      const d = deck() as { slides: Array<{ elements?: Array<Record<string, unknown>> }> };
      d.slides[2]!.elements![0]!.cellRuns = cellRuns;
      return () => parseDeck(d);
    };
    expect(withCells([[null, null], [null, [{ text: '120', bold: true }]]])).not.toThrow();
    expect(withCells([[null, null], [null, [{ text: '121' }]]])).toThrow(/table cell 2:2/);
    expect(withCells([[null, null, [{ text: 'x' }]]])).toThrow(/table cell 1:3/);
    expect(withCells([[], [], [[{ text: 'x' }]]])).toThrow(/table cell 3:1/);
    expect(withCells(Array.from({ length: 61 }, () => []))).toThrow();
  });
});

describe('layout text runs: the .pptx', () => {
  it('writes each run of a title, subtitle and bullet with its own formatting', async () => {
    const [s1] = await slidesXml(await renderDeck(deck()));
    const title = shapeWith(s1!, 'type="title"');
    expect(paragraphs(title)).toEqual([
      [
        expect.objectContaining({ text: 'Revenue ', b: true }),
        expect.objectContaining({ text: 'grew', b: false }),
        expect.objectContaining({ text: ' in Q3', b: true }),
      ],
    ]);
    // the box itself is not bold: a run without bold is not bold
    expect(title).not.toMatch(/<a:defRPr[^>]*\bb="1"/);
    const sub = paragraphs(shapeWith(s1!, '>regions<'))[0]!;
    expect(sub.map((r) => [r.text, r.i, r.color])).toEqual([
      ['All ', true, expect.any(String)],
      ['regions', true, 'C00000'],
    ]);
    const bullets = paragraphs(shapeWith(s1!, '>North<'));
    expect(bullets.map((p) => p.map((r) => r.text).join(''))).toEqual(['North led the way', 'Plain second point', 'Underlined detail']);
    expect(bullets[0]!.map((r) => [r.text, r.b])).toEqual([
      ['North', true],
      [' led the way', false],
    ]);
    expect(bullets[1]!.every((r) => !r.b && !r.u)).toBe(true);
    expect(bullets[2]!.map((r) => [r.text, r.u])).toEqual([
      ['Underlined', true],
      [' detail', false],
    ]);
    // each bullet keeps its bullet and level
    const bulletShape = shapeWith(s1!, '>North<');
    expect(bulletShape.match(/<a:buChar/g)).toHaveLength(3);
    expect(bulletShape).toMatch(/<a:pPr[^>]*lvl="1"/);
  });

  it('writes one paragraph-properties element per paragraph, before its runs (a formatted bullet keeps its bullet)', async () => {
    const d = deck() as { slides: Array<Record<string, unknown>> };
    // a text box paragraph of several runs, bulleted, goes through the same writer path
    d.slides.push({ id: 'e', layout: 'blank', elements: [{ kind: 'text', x: 1, y: 1, w: 6, h: 2, paragraphs: [{ bullet: true, runs: [{ text: 'Boxed', bold: true }, { text: ' bullet' }] }] }] });
    const zip = await JSZip.loadAsync(await renderDeck(d as DeckInput));
    const all = await Promise.all([1, 2, 3, 4, 5].map((n) => zip.file(`ppt/slides/slide${n}.xml`)!.async('string')));
    let checked = 0;
    for (const xml of all)
      for (const [, body] of xml.matchAll(/<a:p>([\s\S]*?)<\/a:p>/g)) {
        const pPr = [...body!.matchAll(/<a:pPr\b/g)].map((m) => m.index);
        const firstRun = body!.search(/<a:r>/);
        expect(pPr.length, body).toBeLessThanOrEqual(1);
        if (pPr.length && firstRun >= 0) expect(pPr[0]!, body).toBeLessThan(firstRun);
        checked++;
      }
    expect(checked).toBeGreaterThan(15);
    const north = /<a:p>((?:(?!<\/a:p>)[\s\S])*?)<a:t>North<\/a:t>/.exec(all[0]!)![1]!;
    expect(north).toContain('<a:buChar');
    const boxed = /<a:p>((?:(?!<\/a:p>)[\s\S])*?)<a:t>Boxed<\/a:t>/.exec(all[4]!)![1]!;
    expect(boxed).toContain('<a:buChar');
    expect(all[4]).toMatch(/<a:t>Boxed<\/a:t><\/a:r><a:r>/);
  });

  it('writes column headings, cells and the big-number figure with their runs; plain texts as before', async () => {
    const [, s2, s3, s4] = await slidesXml(await renderDeck(deck()));
    expect(paragraphs(shapeWith(s2!, '>Bef<'))[0]!.map((r) => [r.text, r.b, r.i])).toEqual([
      ['Bef', true, false],
      ['ore', false, true],
    ]);
    // the other heading has no runs: bold by its layout
    expect(paragraphs(shapeWith(s2!, '>After<'))[0]!.map((r) => [r.text, r.b])).toEqual([['After', true]]);
    expect(paragraphs(shapeWith(s2!, '>Fast<'))[0]!.map((r) => [r.text, r.sz])).toEqual([
      ['Fast', 30],
      [' now', expect.any(Number)],
    ]);
    const region = paragraphs(cellWith(s3!, 'Reg'))[0]!;
    expect(region.map((r) => [r.text, r.b])).toEqual([
      ['Reg', true],
      ['ion', false],
    ]);
    // a plain header cell stays bold, a formatted number cell has its runs
    expect(paragraphs(cellWith(s3!, 'Sales'))[0]!.map((r) => [r.text, r.b])).toEqual([['Sales', true]]);
    expect(paragraphs(cellWith(s3!, '120'))[0]!.map((r) => [r.text, r.i, r.b])).toEqual([['120', true, false]]);
    const figure = paragraphs(shapeWith(s4!, '>42<'))[0]!;
    expect(figure.map((r) => [r.text, r.b, r.color ?? null])).toEqual([
      ['42', true, expect.any(String)],
      ['%', false, '00B050'],
    ]);
    expect(paragraphs(shapeWith(s4!, '>up<'))[0]!.map((r) => [r.text, r.b])).toEqual([
      ['up', true],
      [' from 30%', false],
    ]);
  });

  it('a deck without runs is written exactly as before (the runs only add)', async () => {
    const d = deck() as { slides: Array<Record<string, unknown>> };
    const plain = JSON.parse(JSON.stringify(d, (k, v) => (k === 'titleRuns' || k === 'subtitleRuns' || k === 'headingRuns' || k === 'cellRuns' || k === 'runs' ? undefined : v))) as DeckInput;
    const [s1] = await slidesXml(await renderDeck(plain));
    const title = paragraphs(shapeWith(s1!, 'type="title"'))[0]!;
    expect(title.map((r) => [r.text, r.b])).toEqual([['Revenue grew in Q3', true]]);
    expect(paragraphs(shapeWith(s1!, '>All regions<'))[0]!.map((r) => [r.text, r.i])).toEqual([['All regions', true]]);
  });

  it.runIf(!!soffice || inCi)(
    'LibreOffice converts it; the PDF has the texts and a page image',
    async () => {
      const dir = await mkdtemp(path.join(tmpdir(), 'layout-runs-'));
      dirs.push(dir);
      const file = path.join(dir, 'deck.pptx');
      await writeFile(file, await renderDeck(deck()));
      const [pdf] = await sofficeConvert([file], 'pdf', dir);
      expect((await stat(pdf!)).size).toBeGreaterThan(5_000);
      const text = (await pdfText(pdf!)).replace(/\s+/g, ' ');
      for (const t of ['Revenue grew in Q3', 'North led the way', 'Before', 'Region', '42%']) expect(text).toContain(t);
      const png = await pdfFirstPagePng(pdf!, path.join(dir, 'page'), 60);
      expect((await stat(png)).size).toBeGreaterThan(2_000);
      // LAYOUT_RUNS_PNG=/path/page.png keeps the page image to look at
      if (process.env.LAYOUT_RUNS_PNG) await copyFile(png, process.env.LAYOUT_RUNS_PNG);
    },
    120_000,
  );
});
