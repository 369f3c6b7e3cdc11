// The slide editor's operations reach the .pptx: slides added / duplicated / deleted / moved, element
// offsets and sizes, run formatting, bullets and numbering, table cells, chart data and images — read
// back from the package XML — and LibreOffice converts the result (required in CI).
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { afterAll, describe, expect, it } from 'vitest';
import { findSoffice, sofficeConvert } from '@/server/documents/common/soffice';
import { parseDeck, type Deck } from '@/server/documents/deck/schema';
import { renderDeck } from '@/server/documents/deck/render-pptx';
import { sampleChartPng } from '@/server/documents/fixtures/sample-image';
import { ApiError } from '@/server/http/api-error';
import { applyDeckEdits } from './apply-deck-edits';
import { deckEditSchema } from './schemas';

const soffice = findSoffice();
const inCi = !!process.env.CI;
const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

function base(): Deck {
  return parseDeck({
    title: 'Ops',
    slides: [
      { id: 'a', layout: 'title', title: 'Opening' },
      { id: 'b', layout: 'title-bullets', title: 'Plan', bullets: ['One', 'Two'] },
      {
        id: 'c',
        layout: 'chart',
        title: 'Sales',
        elements: [
          {
            kind: 'chart',
            chartType: 'column',
            categories: ['Q1', 'Q2'],
            series: [{ name: 'North', values: [1, 2] }],
            xAxisTitle: 'Quarter',
            yAxisTitle: 'Units',
          },
        ],
      },
      {
        id: 'd',
        layout: 'table',
        title: 'Table',
        elements: [
          {
            kind: 'table',
            rows: [
              ['Region', 'Units'],
              ['North', 5],
            ],
          },
        ],
      },
    ],
  });
}

const apply = (deck: Deck, ops: unknown[]): Deck =>
  parseDeck(applyDeckEdits(deck, deckEditSchema.parse({ kind: 'deck', ops })));

async function xml(deck: Deck) {
  const zip = await JSZip.loadAsync(await renderDeck(deck));
  const slides = Object.keys(zip.files)
    .filter((f) => /^ppt\/slides\/slide\d+\.xml$/.test(f))
    .sort((x, y) => Number(/(\d+)\.xml/.exec(x)![1]) - Number(/(\d+)\.xml/.exec(y)![1]));
  const read = (f: string) => zip.file(f)!.async('string');
  return { zip, slides: await Promise.all(slides.map(read)), read };
}

describe('deck ops', () => {
  it('adds, duplicates, deletes and moves slides by id', async () => {
    let deck = base();
    deck = apply(deck, [
      {
        op: 'insertSlide',
        after: 'b',
        slide: { id: 'n1', layout: 'title-bullets', title: 'Added slide', bullets: ['x'] },
      },
      { op: 'insertSlide', after: 'n1', slide: { ...deck.slides[1]!, id: 'b-copy', title: 'Plan (copy)' } },
      { op: 'deleteSlide', id: 'a' },
      { op: 'moveSlide', id: 'd', after: null },
    ]);
    expect(deck.slides.map((s) => s.id)).toEqual(['d', 'b', 'n1', 'b-copy', 'c']);
    const { slides } = await xml(deck);
    expect(slides).toHaveLength(5);
    expect(slides[2]).toContain('Added slide');
    expect(slides[3]).toContain('Plan (copy)');
    expect(slides.join('')).not.toContain('Opening');
  });

  it('moves and resizes an element, formats text, numbers and bullets paragraphs', async () => {
    let deck = base();
    deck = apply(deck, [
      { op: 'setElement', slide: 'c', index: 0, element: { ...deck.slides[2]!.elements[0]!, x: 1, y: 2, w: 5, h: 3 } },
      {
        op: 'setElements',
        slide: 'b',
        elements: [
          {
            kind: 'text',
            x: 6,
            y: 1.5,
            w: 4,
            h: 2,
            paragraphs: [
              {
                runs: [{ text: 'Bold red 28', bold: true, italic: true, size: 28, color: '#C00000' }],
                align: 'center',
              },
              { runs: [{ text: 'First step' }], bullet: 'number' },
              { runs: [{ text: 'A point' }], bullet: true },
            ],
          },
        ],
      },
      { op: 'updateSlide', id: 'b', set: { title: 'Plan v2', bullets: ['One', 'Two', 'Three'], notes: 'Say hello' } },
    ]);
    const { slides, zip, read } = await xml(deck);
    // 1 in = 914400 EMU
    expect(slides[2]).toContain('<a:off x="914400" y="1828800"/><a:ext cx="4572000" cy="2743200"/>');
    expect(slides[1]).toMatch(/<a:pPr[^>]*algn="ctr"/);
    expect(slides[1]).toMatch(/<a:rPr[^>]*b="1"[^>]*>/);
    expect(slides[1]).toMatch(/<a:rPr[^>]*i="1"/);
    expect(slides[1]).toMatch(/<a:rPr[^>]*sz="2800"/);
    expect(slides[1]).toContain('<a:srgbClr val="C00000"/>');
    expect(slides[1]).toMatch(/<a:buAutoNum type="arabicPeriod"[^>]*\/>[\s\S]*First step/);
    expect(slides[1]).toMatch(/<a:buChar[^>]*\/>[\s\S]*A point/);
    expect(slides[1]).toContain('Plan v2');
    expect(slides[1]).toContain('Three');
    const notes = Object.keys(zip.files).filter((f) => /notesSlide\d+\.xml$/.test(f));
    expect((await Promise.all(notes.map(read))).join('')).toContain('Say hello');
  });

  it('edits table cells and chart data', async () => {
    let deck = base();
    const chart = deck.slides[2]!.elements[0]!;
    deck = apply(deck, [
      {
        op: 'setElement',
        slide: 'd',
        index: 0,
        element: {
          kind: 'table',
          rows: [
            ['Region', 'Units'],
            ['South', 42],
            ['East', 'seven'],
          ],
        },
      },
      {
        op: 'setElement',
        slide: 'c',
        index: 0,
        element: {
          ...chart,
          categories: ['Q1', 'Q2', 'Q3'],
          series: [
            { name: 'North', values: [10, 20, 30] },
            { name: 'South', values: [4, 5, 6] },
          ],
        },
      },
    ]);
    const { slides, zip, read } = await xml(deck);
    expect(slides[3]).toContain('South');
    expect(slides[3]).toContain('seven');
    const chartFile = Object.keys(zip.files).find((f) => /^ppt\/charts\/chart\d+\.xml$/.test(f))!;
    const c = await read(chartFile);
    expect(c).toMatch(/<c:cat>[\s\S]*<c:v>Q3<\/c:v>/);
    expect(c).toMatch(/<c:val>[\s\S]*<c:v>30<\/c:v>/);
    expect(c).toContain('<c:v>South</c:v>');
    expect(c).toContain('<c:legend>');
    expect(c).toContain('Quarter');
  });

  it('puts an uploaded image on a slide; refuses images that are not PNG/JPEG/GIF', async () => {
    const png = `data:image/png;base64,${sampleChartPng().toString('base64')}`;
    const deck = apply(base(), [
      { op: 'setElements', slide: 'a', elements: [{ kind: 'image', src: png, x: 1, y: 1, w: 3, h: 2, alt: 'Logo' }] },
    ]);
    const { slides, zip } = await xml(deck);
    expect(slides[0]).toContain('<p:pic>');
    expect(Object.keys(zip.files).some((f) => f.startsWith('ppt/media/'))).toBe(true);
    // moving the image again does not re-check a src the deck has already
    expect(() =>
      apply(deck, [
        { op: 'setElement', slide: 'a', index: 0, element: { kind: 'image', src: png, x: 2, y: 1, w: 3, h: 2 } },
      ]),
    ).not.toThrow();

    const svg = `data:image/svg+xml;base64,${Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>').toString('base64')}`;
    const fake = `data:image/png;base64,${Buffer.from('not a png at all, just text pretending').toString('base64')}`;
    const remote = 'https://example.com/tracker.png';
    for (const src of [svg, fake, remote]) {
      expect(() =>
        apply(base(), [{ op: 'setElements', slide: 'a', elements: [{ kind: 'image', src, x: 1, y: 1, w: 1, h: 1 }] }]),
      ).toThrow(ApiError);
    }
  });

  it('refuses ops on missing slides, duplicate ids, a kind change, deleting the last slide', () => {
    const deck = base();
    const bad: unknown[][] = [
      [{ op: 'deleteSlide', id: 'zz' }],
      [{ op: 'insertSlide', after: null, slide: { id: 'a', layout: 'blank' } }],
      [{ op: 'insertSlide', after: 'nope', slide: { id: 'q', layout: 'blank' } }],
      [{ op: 'setElement', slide: 'c', index: 0, element: { kind: 'table', rows: [['x']] } }],
      [{ op: 'setElement', slide: 'c', index: 5, element: { kind: 'table', rows: [['x']] } }],
      [
        {
          op: 'setElement',
          slide: 'c',
          index: 0,
          element: { kind: 'chart', chartType: 'bar', categories: ['a', 'b'], series: [{ name: 's', values: [1] }] },
        },
      ],
      [
        { op: 'deleteSlide', id: 'a' },
        { op: 'deleteSlide', id: 'b' },
        { op: 'deleteSlide', id: 'c' },
        { op: 'deleteSlide', id: 'd' },
      ],
    ];
    for (const ops of bad) expect(() => apply(deck, ops), JSON.stringify(ops)).toThrow(ApiError);
    // shapes the schema refuses
    expect(deckEditSchema.safeParse({ kind: 'deck', ops: [{ op: 'explode', id: 'a' }] }).success).toBe(false);
    expect(
      deckEditSchema.safeParse({
        kind: 'deck',
        ops: Array.from({ length: 501 }, () => ({ op: 'deleteSlide', id: 'a' })),
      }).success,
    ).toBe(false);
    expect(
      deckEditSchema.safeParse({
        kind: 'deck',
        ops: [{ op: 'updateSlide', id: 'a', set: { title: 'x'.repeat(2001) } }],
      }).success,
    ).toBe(false);
  });

  it('a typo fixed through the text path keeps the formatting of every other run (no flattening)', async () => {
    const mixed = apply(base(), [
      {
        op: 'setElements',
        slide: 'b',
        elements: [
          {
            kind: 'text',
            paragraphs: [
              { runs: [{ text: 'Revnue ' }, { text: 'grew 12%', bold: true, color: '#C00000' }, { text: ' in Q3' }] },
              { runs: [{ text: 'Second', italic: true }] },
            ],
          },
        ],
      },
    ]);
    const edited = parseDeck(
      applyDeckEdits(
        mixed,
        deckEditSchema.parse({
          kind: 'deck',
          slides: [{ id: 'b', elements: [{ index: 0, paragraphs: ['Revenue grew 12% in Q3', 'Second', 'Third\u0000'] }] }],
        }),
      ),
    );
    const el = edited.slides[1]!.elements[0]!;
    if (el.kind !== 'text') throw new Error('expected a text element');
    expect(el.paragraphs[0]!.runs).toEqual([{ text: 'Revenue ' }, { text: 'grew 12%', bold: true, color: '#C00000' }, { text: ' in Q3' }]);
    expect(el.paragraphs[1]!.runs).toEqual([{ text: 'Second', italic: true }]);
    // an added paragraph: the last one's formatting; the NUL is dropped
    expect(el.paragraphs[2]!.runs).toEqual([{ text: 'Third', italic: true }]);
    const { slides } = await xml(edited);
    expect(slides[1]).toMatch(/<a:rPr[^>]*b="1"[^>]*>(?:(?!<\/a:r>).)*<a:t>grew 12%<\/a:t>/s);
    expect(slides[1]).toMatch(/<a:rPr(?![^>]*b="1")[^>]*>(?:(?!<\/a:r>).)*<a:t>Revenue <\/a:t>/s);
    expect(slides[1]).toMatch(/<a:rPr(?![^>]*b="1")[^>]*>(?:(?!<\/a:r>).)*<a:t> in Q3<\/a:t>/s);
  });

  it('a setElement op carries runs: one word in its own bold run reaches the pptx', async () => {
    const deck = apply(base(), [
      {
        op: 'insertSlide',
        after: 'b',
        slide: {
          id: 'r',
          layout: 'blank',
          elements: [{ kind: 'text', x: 1, y: 1, w: 6, h: 1, paragraphs: [{ runs: [{ text: 'Revenue grew in Q3' }] }] }],
        },
      },
      {
        op: 'setElement',
        slide: 'r',
        index: 0,
        element: {
          kind: 'text',
          x: 1,
          y: 1,
          w: 6,
          h: 1,
          paragraphs: [{ runs: [{ text: 'Revenue ' }, { text: 'grew', bold: true }, { text: ' in Q3' }] }],
        },
      },
    ]);
    const { slides } = await xml(deck);
    const x = slides[2]!;
    for (const t of ['Revenue ', 'grew', ' in Q3']) expect(x).toContain(`<a:t>${t}</a:t>`);
    expect(x).toMatch(/<a:rPr[^>]*b="1"[^>]*>(?:(?!<\/a:r>).)*<a:t>grew<\/a:t>/s);
    expect(x).not.toMatch(/<a:rPr[^>]*b="1"[^>]*>(?:(?!<\/a:r>).)*<a:t>Revenue <\/a:t>/s);
  });

  it('refuses hostile runs: 100k runs, NUL bytes, bad colours, huge run text (a 400 before anything is applied)', () => {
    const textEl = (runs: unknown[]) => ({ op: 'setElement', slide: 'b', index: 0, element: { kind: 'text', paragraphs: [{ runs }] } });
    const hostile = [
      textEl(Array.from({ length: 100_000 }, () => ({ text: 'x', bold: true }))),
      textEl([{ text: 'a\u0000b' }]),
      textEl([{ text: 'bell\u0007' }]),
      textEl([{ text: 'red', color: 'red' }]),
      textEl([{ text: 'red', color: '#C0000' }]),
      textEl([{ text: 'x'.repeat(20_001) }]),
      textEl([{ text: 'x', onclick: 'alert(1)' }]),
      textEl([]),
      { op: 'insertSlide', after: null, slide: { id: 'z', layout: 'blank', elements: [{ kind: 'text', paragraphs: [{ runs: [{ text: '\u0000' }] }] }] } },
    ];
    for (const op of hostile) {
      const r = deckEditSchema.safeParse({ kind: 'deck', ops: [op] });
      expect(r.success, JSON.stringify(op).slice(0, 120)).toBe(false);
    }
    // the same shapes within the limits pass
    expect(deckEditSchema.safeParse({ kind: 'deck', ops: [textEl([{ text: 'tab\there', color: '#C00000' }])] }).success).toBe(true);
    expect(deckEditSchema.safeParse({ kind: 'deck', ops: [textEl(Array.from({ length: 2_000 }, (_, i) => ({ text: 'x', bold: i % 2 === 0 })))] }).success).toBe(true);
  });

  it.runIf(!!soffice || inCi)(
    'LibreOffice converts the edited deck to PDF',
    async () => {
      const png = `data:image/png;base64,${sampleChartPng().toString('base64')}`;
      const deck = apply(base(), [
        {
          op: 'insertSlide',
          after: 'a',
          slide: {
            id: 'n',
            layout: 'blank',
            elements: [
              { kind: 'image', src: png, x: 1, y: 1, w: 3, h: 2 },
              {
                kind: 'text',
                x: 5,
                y: 1,
                w: 4,
                h: 1,
                paragraphs: [{ runs: [{ text: 'Hi', bold: true }], bullet: 'number' }],
              },
            ],
          },
        },
        {
          op: 'setElement',
          slide: 'c',
          index: 0,
          element: { ...base().slides[2]!.elements[0]!, x: 1, y: 2, w: 6, h: 4 },
        },
      ]);
      const dir = await mkdtemp(path.join(tmpdir(), 'deck-ops-'));
      dirs.push(dir);
      const file = path.join(dir, 'deck.pptx');
      await writeFile(file, await renderDeck(deck));
      const [pdf] = await sofficeConvert([file], 'pdf', dir);
      expect((await stat(pdf!)).size).toBeGreaterThan(5_000);
    },
    120_000,
  );
});
