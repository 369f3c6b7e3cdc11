/**
 * A rendered document's pages as small PNGs, for a model that reviews its work by looking at it:
 * converted to PDF by the warm export pool (one soffice process when the pool cannot run here), then
 * the first pages rasterised by poppler at a low resolution (a page costs the model ~1k tokens).
 * null when LibreOffice or poppler is missing, or the conversion fails: the review goes on without.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { findSoffice, sofficeConvert } from '../documents/common/soffice';
import { log } from '../log';
import { ConverterUnavailableError } from './converter-unavailable';
import { getExportPool } from './export-pool';

export interface PageImageOptions {
  /** pages (slides) rendered, from the first */
  maxPages?: number;
  /** resolution; 60 dpi makes a 16:9 slide about 800 × 450 px */
  dpi?: number;
  timeoutMs?: number;
}

function pdftoppm(args: string[], timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile('pdftoppm', args, { timeout: timeoutMs }, (err, _stdout, stderr) => (err ? reject(new Error(`pdftoppm failed: ${err.message} ${stderr}`.trim())) : resolve()));
  });
}

export async function documentPageImages(file: Buffer, ext: 'xlsx' | 'docx' | 'pptx', opts: PageImageOptions = {}): Promise<Buffer[] | null> {
  if (!findSoffice()) return null;
  const maxPages = opts.maxPages ?? 6;
  const timeoutMs = opts.timeoutMs ?? 60_000;
  const dir = await mkdtemp(path.join(tmpdir(), 'docsmith-review-'));
  try {
    const input = path.join(dir, `document.${ext}`);
    const pdf = path.join(dir, 'document.pdf');
    await writeFile(input, file);
    try {
      await getExportPool().convert(input, pdf, 'pdf', { timeoutMs });
    } catch (err) {
      if (!(err instanceof ConverterUnavailableError)) throw err;
      await sofficeConvert([input], 'pdf', dir, { timeoutMs });
    }
    await pdftoppm(['-png', '-r', String(opts.dpi ?? 60), '-f', '1', '-l', String(maxPages), pdf, path.join(dir, 'page')], timeoutMs);
    const pages = (await readdir(dir)).filter((f) => /^page-\d+\.png$/.test(f));
    pages.sort((a, b) => Number(/\d+/.exec(a)![0]) - Number(/\d+/.exec(b)![0]));
    return pages.length ? await Promise.all(pages.map((f) => readFile(path.join(dir, f)))) : null;
  } catch (err) {
    log().warn({ err: err instanceof Error ? err.message : String(err) }, 'review page images: the conversion failed');
    return null;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
