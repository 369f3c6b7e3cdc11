// PDF → PNG with poppler: `pdfinfo` for the page count, `pdftoppm -png -r 110` for the pages.
// Every page → a zip of page-01.png, page-02.png, …; one page → that PNG.
import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeZip } from '../documents/common/zip-writer';
import { ConverterUnavailableError } from './converter-unavailable';

export const PNG_DPI = 110;

function run(cmd: string, args: string[], timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { timeout: timeoutMs, maxBuffer: 8 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (!err) return resolve(stdout);
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return reject(new ConverterUnavailableError(`${cmd} (poppler-utils) was not found`));
      reject(new Error(`${cmd} failed: ${err.message} ${stderr}`.trim()));
    });
  });
}

export async function pdfPageCount(pdf: string, timeoutMs = 30_000): Promise<number> {
  const out = await run('pdfinfo', [pdf], timeoutMs);
  const m = /^Pages:\s+(\d+)/m.exec(out);
  if (!m) throw new Error('pdfinfo reported no page count');
  return Number(m[1]);
}

/** One page (1-based) as PNG bytes. */
export async function pdfPagePng(pdf: string, page: number, outDir: string, timeoutMs = 60_000): Promise<Buffer> {
  const prefix = path.join(outDir, `page-${page}`);
  await run('pdftoppm', ['-png', '-r', String(PNG_DPI), '-f', String(page), '-l', String(page), '-singlefile', pdf, prefix], timeoutMs);
  return readFile(/*turbopackIgnore: true*/ `${prefix}.png`);
}

/** Every page as PNG, zipped (stored names page-01.png …, zero-padded to sort). */
export async function pdfPagesZip(pdf: string, outDir: string, timeoutMs = 120_000): Promise<{ zip: Buffer; pages: number }> {
  await run('pdftoppm', ['-png', '-r', String(PNG_DPI), pdf, path.join(outDir, 'page')], timeoutMs);
  const files = (await readdir(/*turbopackIgnore: true*/ outDir)).filter((f) => /^page-\d+\.png$/.test(f));
  files.sort((a, b) => Number(/\d+/.exec(a)![0]) - Number(/\d+/.exec(b)![0]));
  const width = Math.max(2, String(files.length).length);
  const entries = await Promise.all(
    files.map(async (f, i) => ({ name: `page-${String(i + 1).padStart(width, '0')}.png`, data: await readFile(/*turbopackIgnore: true*/ path.join(outDir, f)) })),
  );
  return { zip: writeZip(entries, 1), pages: entries.length };
}
