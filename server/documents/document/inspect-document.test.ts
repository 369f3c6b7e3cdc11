import { describe, expect, it } from 'vitest';
import { sampleDocument } from '../fixtures/sample-document';
import { sampleChartDataUrl } from '../fixtures/sample-image';
import { estimatePages, inspectDocument, requestedPageCount } from './inspect-document';
import { parseDocument, type TiptapNode } from './schema';

const t = (text: string, marks?: TiptapNode['marks']): TiptapNode => ({ type: 'text', text, ...(marks ? { marks } : {}) });
const p = (...content: TiptapNode[]): TiptapNode => ({ type: 'paragraph', content });
const h = (level: number, text: string): TiptapNode => ({ type: 'heading', attrs: { level }, content: [t(text)] });
const docOf = (...content: TiptapNode[]) => parseDocument({ doc: { type: 'doc', content } });
const codes = async (...content: TiptapNode[]) => (await inspectDocument(docOf(...content))).map((f) => `${f.code} @ ${f.location}`);

const LOREM =
  'The programme delivered steady results across every region this period, with costs held flat while volumes rose. ' +
  'Teams focused on the largest accounts first, and the remaining work is scheduled for the coming quarter. ';
/** n paragraphs of 35–105 words under one heading: about 0.12 A4 page each. */
const memo = (n: number) => [h(1, 'Memo'), ...Array.from({ length: n }, (_, i) => p(t(LOREM.repeat(1 + (i % 3)))))];

describe('requestedPageCount', () => {
  it.each([
    ['Write a 2-page memo to the leadership team', 2],
    ['one page, please', 1],
    ['A one-pager on the launch', 1],
    ['no more than 3 pages', 3],
    ['keep it to 1 page', 1],
    ['a two-page brief', 2],
    ['between 2 and 3 pages', 3],
    ['2–4 pages', 4],
    ['under 3 pages', 2],
    ['half a page summary', 1],
    ['Summarise the 40 pages of the annual report in a single page', 1],
    ['Write 2 pages of analysis', 2],
  ])('%s → at most %i', (prompt, max) => {
    expect(requestedPageCount(prompt)).toEqual({ max });
  });

  it.each(['Write a memo about page layout', 'Put the chart on page 3', 'A report with 3 sections'])('%s → no limit', (prompt) => {
    expect(requestedPageCount(prompt)).toBeNull();
  });
});

describe('inspectDocument', () => {
  it('finds no problem in the clean sample document', async () => {
    expect(await inspectDocument(parseDocument(sampleDocument()))).toEqual([]);
    // it fills 3 pages (a page break before the appendix), so a 3-page limit holds
    expect(await inspectDocument(parseDocument(sampleDocument()), { prompt: 'a report of at most 3 pages' })).toEqual([]);
  });

  it('finds Markdown left in text, and leaves code alone', async () => {
    const findings = await inspectDocument(
      docOf(
        h(2, '## Results'),
        p(t('Revenue grew **18%** this quarter.')),
        p(t('- first point')),
        p(t('See [the site](https://example.com) for details.')),
        p(t('Run '), t('**not markdown**', [{ type: 'code' }]), t(' to rebuild.')),
        { type: 'codeBlock', content: [t('## a shell comment\n- item')] },
        p(t('Prices went up 5 * 3 times; a * b is fine.')),
      ),
    );
    expect(findings.map((f) => f.code)).toEqual(['raw_markdown', 'raw_markdown', 'raw_markdown', 'raw_markdown']);
    expect(findings[0]!.message).toMatch(/Heading "## Results" .*# heading.*heading node/);
    expect(findings[1]).toMatchObject({ location: 'section "## Results"', message: expect.stringMatching(/\*\*bold\*\*.*bold mark/) });
    expect(findings[2]!.message).toMatch(/- list item.*bulletList/);
    expect(findings[3]!.message).toMatch(/\[text\]\(url\).*link mark/);
  });

  it('caps raw Markdown at ten findings and counts the rest', async () => {
    const findings = await inspectDocument(docOf(...Array.from({ length: 14 }, (_, i) => p(t(`**Point ${i}** text`)))));
    expect(findings).toHaveLength(11);
    expect(findings[10]).toMatchObject({ location: 'document', message: expect.stringMatching(/^4 more paragraphs/) });
  });

  it('finds headings with nothing under them, counting subsections as content', async () => {
    expect(
      await codes(h(1, 'Report'), h(2, 'Summary'), h(2, 'Findings'), p(t('Text.')), h(2, 'Risks'), p(t('')), { type: 'pageBreak' }, h(1, 'Appendix'), h(2, 'Method'), p(t('How.')), h(2, 'Notes')),
    ).toEqual(['empty_section @ section "Summary"', 'empty_section @ section "Risks"', 'empty_section @ section "Notes"']);
  });

  it('finds an image wider than its table column or list item, and notes one scaled to the page', async () => {
    const img = (width: number): TiptapNode => ({ type: 'image', attrs: { src: sampleChartDataUrl(), alt: 'Trend', width } });
    const cell = (...content: TiptapNode[]): TiptapNode => ({ type: 'tableCell', content });
    const findings = await inspectDocument(
      docOf(
        h(1, 'Figures'),
        { type: 'table', content: [{ type: 'tableRow', content: [cell(p(img(400))), cell(p(t('a'))), cell(p(t('b'))), cell(p(t('c')))] }] },
        { type: 'bulletList', content: [{ type: 'listItem', content: [p(t('Chart:')), img(600)] }] },
        img(1200),
        img(300),
      ),
    );
    expect(findings.map((f) => [f.code, f.severity])).toEqual([
      ['image_too_wide', 'warning'],
      ['image_too_wide', 'warning'],
      ['image_too_wide', 'info'],
    ]);
    // A4 with 25 mm margins: a 605 px text area, 4 columns of 151 px less 13 px of cell margins
    expect(findings[0]!.message).toMatch(/"Trend" is drawn 400 px wide but its table column leaves 138 px/);
    expect(findings[1]!.message).toMatch(/drawn 600 px wide but its list item leaves 557 px/);
    expect(findings[2]!.message).toMatch(/1200 px wide and the text area 605 px: it is scaled down/);
  });

  it('estimates pages when no count is available, and says it is an estimate', async () => {
    const model = docOf(...memo(20));
    expect(estimatePages(model).pages).toBe(3); // LibreOffice lays this out on 3 pages
    const findings = await inspectDocument(model, { prompt: 'Write a 2-page memo' });
    expect(findings).toEqual([
      expect.objectContaining({ code: 'page_count', severity: 'error', location: 'document', message: expect.stringMatching(/about 3 pages \(estimated.*at most 2: cut about \d+ of its \d+ words/) }),
    ]);
    expect(await inspectDocument(model, { prompt: 'Write a 3-page memo' })).toEqual([]);
    expect(await inspectDocument(model)).toEqual([]);
  });

  it('uses the real page count when the caller has one, and estimates when it gives null', async () => {
    const model = docOf(...memo(4));
    const counted: number[] = [];
    const real = await inspectDocument(model, { prompt: 'one page', countPages: async (d) => (counted.push(d.doc.content.length), 2) });
    expect(counted).toEqual([5]);
    expect(real[0]!.message).toMatch(/^The document fills 2 pages but the prompt asked for at most 1/);
    expect(await inspectDocument(model, { prompt: 'one page', countPages: async () => null })).toEqual([]);
  });
});
