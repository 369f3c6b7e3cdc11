/**
 * Test helper: LibreOffice's own values for every formula cell of .xlsx files.
 *
 * One headless soffice (its own throw-away profile, OOXMLRecalcMode=0 so cached values are not
 * trusted) is driven over UNO by libreoffice-recalc.py (Debian's python3-uno: Node has no UNO
 * binding): each file is loaded hidden, recalculated in full (calculateAll) and every formula
 * cell's value is read back. The whole call is bounded by `timeoutMs` (the helper's process group
 * is killed then) and the profile directory is removed afterwards.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { findSoffice, profileRegistry } from '../../common/soffice';
import type { EvalValue } from '../evaluate-formulas';

/**
 * Formula values per sheet name, per A1 address. Errors are Excel's codes as LibreOffice's xlsx
 * export writes them; Err:502 ("invalid argument", which LibreOffice uses both where Excel says
 * #NUM! and where it says #VALUE!) also carries `code: 'Err:502'`.
 */
export type RecalcValues = Map<string, Map<string, EvalValue>>;

export interface RecalcOptions {
  /** Bound on the whole call (start-up, every file); default 50 s. */
  timeoutMs?: number;
  /** Python 3 with the uno module; default /usr/bin/python3 (Debian's python3-uno). */
  python?: string;
  soffice?: string;
  /** where the temporary directory (profile and files) is made; default the system's */
  tmpRoot?: string;
}

const SCRIPT = path.join(__dirname, 'libreoffice-recalc.py');
const DEFAULT_PYTHON = '/usr/bin/python3';

/** Where LibreOffice and its Python bridge are, or why they cannot be used. */
export function libreOfficeAvailability(opts: RecalcOptions = {}): { ok: true; soffice: string; python: string } | { ok: false; reason: string } {
  const soffice = opts.soffice ?? findSoffice(process.env.SOFFICE_PATH);
  if (!soffice || !existsSync(soffice)) return { ok: false, reason: `LibreOffice (soffice) is not installed${soffice ? ` at ${soffice}` : ''}` };
  const python = opts.python ?? process.env.EXPORT_PYTHON ?? DEFAULT_PYTHON;
  if (!existsSync(python)) return { ok: false, reason: `no Python 3 with the uno module at ${python} (install python3-uno)` };
  return { ok: true, soffice, python };
}

type RawValue = ['n', number] | ['s', string] | ['b', boolean] | ['e', string, string?];

function toEvalValue(v: RawValue): EvalValue {
  switch (v[0]) {
    case 'n':
      return Object.is(v[1], -0) ? 0 : v[1];
    case 's':
    case 'b':
      return v[1];
    default:
      // a LibreOffice code with no single Excel equivalent keeps it (compare-values accepts either reading)
      return v[2] === 'Err:502' ? ({ error: v[1], code: v[2] } as EvalValue) : { error: v[1] };
  }
}

/** Recalculates several files in one LibreOffice session; results in the order of `files`. */
export async function libreofficeRecalcMany(files: Array<Uint8Array>, opts: RecalcOptions = {}): Promise<RecalcValues[]> {
  const avail = libreOfficeAvailability(opts);
  if (!avail.ok) throw new Error(avail.reason);
  const dir = await mkdtemp(path.join(opts.tmpRoot ?? tmpdir(), 'docsmith-recalc-'));
  try {
    const profile = path.join(dir, 'profile');
    await mkdir(path.join(profile, 'user'), { recursive: true });
    await writeFile(path.join(profile, 'user', 'registrymodifications.xcu'), profileRegistry(true, true));
    const paths: string[] = [];
    for (let i = 0; i < files.length; i++) {
      const p = path.join(dir, `book-${i}.xlsx`);
      await writeFile(p, files[i]!);
      paths.push(p);
    }
    const pipe = `docsmith-recalc-${process.pid}-${randomBytes(4).toString('hex')}`;
    const lines = await runHelper(avail.python, [SCRIPT, avail.soffice, profile, pipe, ...paths], opts.timeoutMs ?? 50_000);
    const byFile = new Map<string, { ok: boolean; error?: string; sheets?: Array<{ name: string; cells: Record<string, RawValue> }> }>();
    for (const line of lines) {
      const o = JSON.parse(line) as { fatal?: string; file?: string; ok: boolean; error?: string; sheets?: Array<{ name: string; cells: Record<string, RawValue> }> };
      if (o.fatal) throw new Error(`LibreOffice recalculation failed: ${o.fatal}`);
      if (o.file) byFile.set(o.file, o);
    }
    return paths.map((p, i) => {
      const r = byFile.get(p);
      if (!r) throw new Error(`LibreOffice returned nothing for file ${i}`);
      if (!r.ok) throw new Error(`LibreOffice could not recalculate file ${i}: ${r.error}`);
      const out: RecalcValues = new Map();
      for (const s of r.sheets ?? []) {
        const m = new Map<string, EvalValue>();
        for (const [addr, v] of Object.entries(s.cells)) m.set(addr, toEvalValue(v));
        out.set(s.name, m);
      }
      return out;
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** LibreOffice's recalculated value of every formula cell of one .xlsx file. */
export async function libreofficeRecalc(bytes: Uint8Array, opts: RecalcOptions = {}): Promise<RecalcValues> {
  return (await libreofficeRecalcMany([bytes], opts))[0]!;
}

function runHelper(python: string, args: string[], timeoutMs: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    // its own process group, so that a timeout ends the helper and its soffice together
    const child = spawn(python, args, { detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let done = false;
    const killGroup = () => {
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    };
    const timer = setTimeout(() => {
      if (done) return;
      done = true;
      killGroup();
      reject(new Error(`LibreOffice recalculation did not finish within ${timeoutMs} ms`));
    }, timeoutMs);
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    child.on('error', (e) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (done) return;
      done = true;
      const lines = out.split('\n').filter((l) => l.trim() !== '');
      if (code !== 0 && !lines.some((l) => l.includes('"fatal"'))) {
        reject(new Error(`LibreOffice helper exited with ${code}: ${err.slice(-2000)}`));
        return;
      }
      resolve(lines);
    });
  });
}
