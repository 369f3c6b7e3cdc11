// Real LibreOffice page counts of rendered .docx files, and the document inspection using them.
// Runs wherever soffice is installed; in CI (process.env.CI) a missing soffice fails it instead of
// skipping, since the count would silently fall back to an estimate.
import { afterAll, describe, expect, it } from 'vitest';
import { findSoffice } from '../documents/common/soffice';
import { inspectDocument } from '../documents/document/inspect-document';
import { renderDocument } from '../documents/document/render-docx';
import { parseDocument, type TiptapNode } from '../documents/document/schema';
import { sampleDocument } from '../documents/fixtures/sample-document';
import { countDocumentPages } from './count-document-pages';
import { shutdownExportPool } from './export-pool';

const soffice = findSoffice();
if (!soffice && !process.env.CI) console.warn('LibreOffice (soffice) not found: skipping the page count tests');

const LOREM =
  'The programme delivered steady results across every region this period, with costs held flat while volumes rose. ' +
  'Teams focused on the largest accounts first, and the remaining work is scheduled for the coming quarter. ';
const p = (text: string): TiptapNode => ({ type: 'paragraph', content: [{ type: 'text', text }] });
/** A heading and n paragraphs of 35–105 words. */
const memo = (n: number) =>
  parseDocument({ doc: { type: 'doc', content: [{ type: 'heading', attrs: { level: 1 }, content: [{ type: 'text', text: 'Memo' }] }, ...Array.from({ length: n }, (_, i) => p(LOREM.repeat(1 + (i % 3))))] } });

const countPages = async (d: Parameters<typeof renderDocument>[0]) => countDocumentPages(await renderDocument(d));

describe.runIf(!!soffice || !!process.env.CI)('countDocumentPages (LibreOffice)', () => {
  afterAll(async () => {
    await shutdownExportPool();
  });

  it('counts the pages LibreOffice lays a document out on', async () => {
    expect(await countPages(memo(2))).toBe(1);
    // the sample fills two pages before its page break and the appendix one more
    expect(await countPages(sampleDocument())).toBe(3);
  }, 120_000);

  it('gives the inspection the real count: a one-page request that renders on two pages', async () => {
    const model = memo(12);
    const findings = await inspectDocument(model, { prompt: 'Write a one-page memo for the board', countPages });
    expect(findings).toEqual([expect.objectContaining({ code: 'page_count', severity: 'error', location: 'document' })]);
    expect(findings[0]!.message).toMatch(/^The document fills 2 pages but the prompt asked for at most 1: cut about \d+ of its \d+ words/);
    expect(await inspectDocument(memo(6), { prompt: 'Write a one-page memo for the board', countPages })).toEqual([]);
  }, 120_000);
});
