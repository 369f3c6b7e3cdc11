/**
 * Verification after rendering a document: the package is sound, mammoth (an independent reader)
 * re-opens it, the headings and text of the model are all there, and optionally LibreOffice converts it.
 */
import mammoth from 'mammoth';
import { checkPackage } from '../common/check-package';
import { libreOfficeOpens } from '../workbook/verify-xlsx';
import { importDocx } from './import-docx';
import { summarizeDocument, type DocumentSummary } from './summarize-document';
import { nodeText, type DocumentModel } from './schema';
import { collectHeadings } from './render-docx';

export interface VerifyDocxReport {
  ok: boolean;
  problems: string[];
  summary: DocumentSummary;
  readBack?: DocumentModel;
}

const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

export async function verifyDocx(buffer: Buffer, opts: { model?: DocumentModel; libreOffice?: boolean } = {}): Promise<VerifyDocxReport> {
  const pkg = await checkPackage(buffer);
  const problems = [...pkg.problems];
  let readBack: DocumentModel | undefined;
  try {
    readBack = (await importDocx(buffer)).model;
  } catch (e) {
    problems.push(`the file could not be re-opened: ${(e as Error).message}`);
  }
  if (opts.model && readBack) {
    const want = collectHeadings(opts.model.doc.content).map((h) => `${h.level}:${squash(h.text)}`);
    const got = collectHeadings(readBack.doc.content).map((h) => `${h.level}:${squash(h.text)}`);
    if (want.join('|') !== got.join('|')) problems.push(`headings differ: expected ${want.join(', ')}; file has ${got.join(', ')}`);
    const raw = squash((await mammoth.extractRawText({ buffer })).value);
    for (const block of opts.model.doc.content) {
      if (block.type !== 'paragraph') continue;
      const t = squash(nodeText(block));
      if (t && !raw.includes(t)) problems.push(`paragraph text missing from the file: "${t.slice(0, 60)}"`);
    }
  }
  if (opts.libreOffice) problems.push(...(await libreOfficeOpens(buffer, 'docx')));
  const summary = summarizeDocument(readBack ?? opts.model ?? { page: { size: 'A4', orientation: 'portrait', marginMm: 25 }, font: { name: 'Calibri', size: 11 }, accentColor: '#1F4E79', doc: { type: 'doc', content: [] } });
  return { ok: problems.length === 0, problems, summary, ...(readBack ? { readBack } : {}) };
}
