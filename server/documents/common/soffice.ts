/**
 * Minimal headless LibreOffice driver for verification and tests: one soffice process per call,
 * each with its own throw-away profile (shared profiles fail under concurrency). The export
 * service (server/exports) owns the warm pool used in production; this is deliberately simple.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { env } from '../../env';

export const SOFFICE_CANDIDATES = ['/usr/bin/soffice', '/usr/local/bin/soffice', '/opt/libreoffice/program/soffice'];

/** Debian packages that provide what exports need (LibreOffice, its UNO bridge, pdftoppm, metric-compatible fonts). */
export const LIBREOFFICE_PACKAGES =
  'libreoffice-calc-nogui libreoffice-writer-nogui libreoffice-impress-nogui python3-uno poppler-utils fonts-liberation2 fonts-crosextra-carlito fonts-crosextra-caladea';

/** The soffice binary: SOFFICE_PATH when configured (undefined when it does not exist), else the usual places. */
export function findSoffice(configured: string | undefined = env().SOFFICE_PATH): string | undefined {
  if (configured) return existsSync(/*turbopackIgnore: true*/ configured) ? configured : undefined;
  return SOFFICE_CANDIDATES.find((p) => existsSync(/*turbopackIgnore: true*/ p));
}

export interface ConvertOptions {
  /** Recalculate every formula on load (ignores cached values) — LibreOffice's OOXMLRecalcMode=0. */
  recalc?: boolean;
  timeoutMs?: number;
}

/** execFile's error (an Error at run time, typed as an intersection the lint cannot see as one). */
const toError = (err: unknown): Error => (err instanceof Error ? err : new Error(String(err)));

/**
 * A profile's user/registrymodifications.xcu. recalc: formulas are recalculated on load (OOXML and
 * ODF). noFileLocks: no .~lock files and no system locks, so several instances may read one file.
 */
export function profileRegistry(recalc: boolean, noFileLocks = false): string {
  const prop = (path: string, name: string, value: string) =>
    `<item oor:path="${path}"><prop oor:name="${name}" oor:op="fuse"><value>${value}</value></prop></item>`;
  const items =
    (recalc ? prop('/org.openoffice.Office.Calc/Formula/Load', 'OOXMLRecalcMode', '0') + prop('/org.openoffice.Office.Calc/Formula/Load', 'ODFRecalcMode', '0') : '') +
    (noFileLocks
      ? prop('/org.openoffice.Office.Common/Misc', 'UseDocumentSystemFileLocking', 'false') + prop('/org.openoffice.Office.Common/Misc', 'UseDocumentOOoLockFile', 'false')
      : '');
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
    items +
    `</oor:items>`
  );
}

/**
 * Converts files with `soffice --headless --convert-to <format> --outdir <outDir> files…`.
 * Returns the output paths (same base name, new extension).
 */
export async function sofficeConvert(files: string[], format: string, outDir: string, opts: ConvertOptions = {}): Promise<string[]> {
  const bin = findSoffice();
  if (!bin) throw new Error(`LibreOffice (soffice) is not installed: apt-get install ${LIBREOFFICE_PACKAGES}`);
  const profile = await mkdtemp(path.join(tmpdir(), 'docsmith-lo-'));
  try {
    await mkdir(path.join(profile, 'user'), { recursive: true });
    await writeFile(path.join(profile, 'user', 'registrymodifications.xcu'), profileRegistry(!!opts.recalc));
    await mkdir(outDir, { recursive: true });
    await new Promise<void>((resolve, reject) => {
      execFile(
        bin,
        [`-env:UserInstallation=file://${profile}`, '--headless', '--invisible', '--nologo', '--norestore', '--convert-to', format, '--outdir', outDir, ...files],
        { timeout: opts.timeoutMs ?? 120_000, env: { ...process.env, HOME: profile } },
        (err, _stdout, stderr) => (err ? reject(new Error(`soffice failed: ${err.message} ${stderr}`)) : resolve()),
      );
    });
  } finally {
    await rm(profile, { recursive: true, force: true });
  }
  const ext = format.split(':')[0]!;
  const outs = files.map((f) => path.join(/*turbopackIgnore: true*/ outDir, `${path.basename(f, path.extname(f))}.${ext}`));
  const missing = outs.filter((o) => !existsSync(/*turbopackIgnore: true*/ o));
  if (missing.length) throw new Error(`soffice produced no output for ${missing.join(', ')}`);
  return outs;
}

/** One page (default the first) of a PDF as PNG (pdftoppm); returns the PNG path. */
export async function pdfFirstPagePng(pdf: string, outPrefix: string, dpi = 80, page = 1): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    execFile('pdftoppm', ['-png', '-r', String(dpi), '-f', String(page), '-l', String(page), '-singlefile', pdf, outPrefix], { timeout: 60_000 }, (err) =>
      err ? reject(toError(err)) : resolve(),
    );
  });
  return `${outPrefix}.png`;
}

/** Text of a PDF (pdftotext, part of poppler-utils). */
export async function pdfText(pdf: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('pdftotext', ['-layout', pdf, '-'], { timeout: 60_000, maxBuffer: 32 * 1024 * 1024 }, (err, stdout) =>
      err ? reject(toError(err)) : resolve(stdout),
    );
  });
}
