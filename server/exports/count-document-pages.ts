/**
 * How many pages a .docx fills when LibreOffice lays it out: converted to PDF by the warm export
 * pool (or by one soffice process when the pool cannot run here, e.g. without the UNO bridge), then
 * the PDF's pages counted (pdfinfo, or the page objects when poppler is missing). null when
 * LibreOffice is not installed or the conversion fails — the caller then estimates.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { findSoffice, sofficeConvert } from '../documents/common/soffice';
import { log } from '../log';
import { ConverterUnavailableError } from './converter-unavailable';
import { getExportPool } from './export-pool';
import { pdfPageCount } from './pdf-to-png';

/** Pages of a PDF file: pdfinfo's count, else the /Type /Page objects (LibreOffice writes no object streams). */
async function pagesOf(pdf: string): Promise<number> {
  try {
    return await pdfPageCount(pdf);
  } catch {
    const text = (await readFile(pdf)).toString('latin1');
    return (text.match(/\/Type\s*\/Page(?![a-zA-Z])/g) ?? []).length;
  }
}

export async function countDocumentPages(docx: Buffer, opts: { timeoutMs?: number } = {}): Promise<number | null> {
  if (!findSoffice()) return null;
  const dir = await mkdtemp(path.join(tmpdir(), 'docsmith-pages-'));
  try {
    const input = path.join(dir, 'document.docx');
    const output = path.join(dir, 'document.pdf');
    await writeFile(input, docx);
    try {
      await getExportPool().convert(input, output, 'pdf', opts);
    } catch (err) {
      if (!(err instanceof ConverterUnavailableError)) throw err;
      await sofficeConvert([input], 'pdf', dir, { timeoutMs: opts.timeoutMs });
    }
    const pages = await pagesOf(output);
    return pages > 0 ? pages : null;
  } catch (err) {
    log().warn({ err: err instanceof Error ? err.message : String(err) }, 'page count: the LibreOffice conversion failed');
    return null;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
