// The warm LibreOffice pool with real listeners: lazy start, one job per listener with a queue,
// recycling, a hung conversion killed and replaced, nothing left behind, clear errors when a
// piece is missing.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findSoffice, pdfText } from '../documents/common/soffice';
import { renderDocument } from '../documents/document/render-docx';
import { sampleDocument } from '../documents/fixtures/sample-document';
import { env } from '../env';
import { ConverterUnavailableError } from './converter-unavailable';
import { ConversionError, LibreOfficePool } from './libreoffice-pool';
import { groupLeftovers, processes } from './testing/process-groups';

const soffice = findSoffice();

const eventuallyEmpty = async (pgids: number[]) => (await groupLeftovers(pgids)).map((p) => `${p.pid} ${p.comm}`);

describe.skipIf(!soffice)('LibreOfficePool', () => {
  let dir = '';
  let input = '';
  let pool: LibreOfficePool;
  const seen = new Set<number>();

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'docsmith-pool-test-'));
    input = path.join(dir, 'doc.docx');
    await writeFile(input, await renderDocument(sampleDocument()));
    pool = new LibreOfficePool({ soffice, python: env().EXPORT_PYTHON, size: 2, timeoutMs: 60_000, recycleAfter: 3 });
  });

  afterAll(async () => {
    await pool?.shutdown();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('starts nothing until the first conversion', () => {
    expect(pool.stats()).toMatchObject({ starts: 0, conversions: 0, pids: [] });
  });

  it('queues 6 concurrent conversions on 2 listeners, recycling a listener after 3', async () => {
    let maxLive = 0;
    const sampler = setInterval(() => {
      const s = pool.stats();
      maxLive = Math.max(maxLive, s.pids.length);
      s.pids.forEach((p) => seen.add(p));
    }, 20);
    // one input file per job, as the export service does (each export converts its own temp copy)
    const ins = await Promise.all(
      Array.from({ length: 6 }, async (_, i) => {
        const p = path.join(dir, `in-${i}.docx`);
        await writeFile(p, await readFile(input));
        return p;
      }),
    );
    const outs = ins.map((_, i) => path.join(dir, `out-${i}.pdf`));
    const results = await Promise.all(outs.map((o, i) => pool.convert(ins[i]!, o, 'pdf')));
    clearInterval(sampler);
    for (const o of outs) expect((await readFile(o)).subarray(0, 5).toString()).toBe('%PDF-');
    // the table of contents was updated on load: its entries have page numbers
    expect(await pdfText(outs[0]!)).toMatch(/Results by region\.{5,}\s*\d+/);
    expect(new Set(results.map((r) => r.listener))).toEqual(new Set([0, 1]));
    const s = pool.stats();
    expect(s.conversions).toBe(6);
    expect(s.failures).toBe(0);
    // 6 jobs, at most 3 per listener: at least one listener reached 3 and was retired; the queue
    // never had more than 2 listeners (a retired one may be replaced while jobs still wait)
    expect(s.recycles).toBeGreaterThanOrEqual(1);
    expect(s.starts).toBeGreaterThanOrEqual(2);
    expect(s.starts).toBeLessThanOrEqual(s.recycles + 2);
    expect(maxLive).toBeLessThanOrEqual(2);
  }, 120_000);

  it('kills a conversion that overruns its timeout and serves the next job from a new listener', async () => {
    const before = pool.stats();
    const hung = pool.convert(input, path.join(dir, 'hung.pdf'), 'pdf', { timeoutMs: 1 });
    await expect(hung).rejects.toBeInstanceOf(ConversionError);
    await expect(hung).rejects.toMatchObject({ timedOut: true });
    const after = pool.stats();
    expect(after.timeouts).toBe(before.timeouts + 1);
    const next = await pool.convert(input, path.join(dir, 'after-timeout.odt'), 'odt');
    expect(next.ms).toBeGreaterThan(0);
    expect((await readFile(path.join(dir, 'after-timeout.odt'))).subarray(0, 2).toString()).toBe('PK');
    expect(pool.stats().starts).toBeGreaterThan(before.starts);
    pool.stats().pids.forEach((p) => seen.add(p));
  }, 120_000);

  it('reports a document LibreOffice cannot export to the target as a conversion error, and keeps working', async () => {
    await expect(pool.convert(input, path.join(dir, 'wrong.odp'), 'odp')).rejects.toThrow(/cannot export a writer document to odp/);
    await pool.convert(input, path.join(dir, 'ok.pdf'), 'pdf');
  }, 60_000);

  it('a job whose soffice died is retried once on a new listener', async () => {
    const p = new LibreOfficePool({ soffice, python: env().EXPORT_PYTHON, size: 1, timeoutMs: 60_000, recycleAfter: 100 });
    try {
      await p.convert(input, path.join(dir, 'before-crash.pdf'), 'pdf');
      const before = p.stats();
      const bin = (await processes()).find((x) => x.pgid === before.pids[0] && x.comm === 'soffice.bin');
      expect(bin).toBeDefined();
      process.kill(bin!.pid, 'SIGKILL'); // LibreOffice crashes while its listener idles
      const out = path.join(dir, 'after-crash.pdf');
      await p.convert(input, out, 'pdf');
      expect((await readFile(out)).subarray(0, 5).toString()).toBe('%PDF-');
      expect(p.stats()).toMatchObject({ retries: 1, starts: 2, failures: 0 });
      expect(await eventuallyEmpty(before.pids)).toEqual([]); // the crashed listener's group is gone
    } finally {
      await p.shutdown();
    }
  }, 120_000);

  it('shutdown leaves no listener, soffice or helper process behind', async () => {
    pool.stats().pids.forEach((p) => seen.add(p));
    expect(seen.size).toBeGreaterThan(0);
    await pool.shutdown();
    expect(await eventuallyEmpty([...seen])).toEqual([]);
    await expect(pool.convert(input, path.join(dir, 'late.pdf'), 'pdf')).rejects.toThrow(/shut down/);
  }, 30_000);
});

describe.skipIf(!soffice)('LibreOfficePool idle listeners', () => {
  it('stops a listener that stays idle for idleMs, and starts a new one for the next job', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'docsmith-pool-idle-'));
    const input = path.join(dir, 'doc.docx');
    await writeFile(input, await renderDocument(sampleDocument()));
    const p = new LibreOfficePool({ soffice, python: env().EXPORT_PYTHON, size: 1, timeoutMs: 60_000, recycleAfter: 100, idleMs: 300 });
    try {
      await p.convert(input, path.join(dir, 'a.pdf'), 'pdf');
      const [pid] = p.stats().pids;
      expect(pid).toBeDefined();
      const deadline = Date.now() + 5000;
      while (p.stats().pids.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      expect(p.stats()).toMatchObject({ pids: [], idleStops: 1 });
      expect(await eventuallyEmpty([pid!])).toEqual([]);
      await p.convert(input, path.join(dir, 'b.pdf'), 'pdf');
      expect(p.stats().starts).toBe(2);
    } finally {
      await p.shutdown();
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('LibreOfficePool without its tools', () => {
  it('a missing soffice is ConverterUnavailableError naming the Debian packages', async () => {
    const p = new LibreOfficePool({ soffice: '/nonexistent/soffice', python: '/usr/bin/python3', size: 1, timeoutMs: 5000, recycleAfter: 10 });
    const err = await p.convert('/tmp/x.docx', '/tmp/x.pdf', 'pdf').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConverterUnavailableError);
    expect((err as Error).message).toMatch(/libreoffice-writer-nogui.*python3-uno.*poppler-utils/);
    expect(p.stats().starts).toBe(0);
  });

  it.skipIf(!soffice)('a missing Python is ConverterUnavailableError too', async () => {
    const p = new LibreOfficePool({ soffice, python: '/nonexistent/python3', size: 1, timeoutMs: 5000, recycleAfter: 10 });
    const dir = await mkdtemp(path.join(tmpdir(), 'docsmith-pool-nopy-'));
    try {
      const err = await p.convert(path.join(dir, 'x.docx'), path.join(dir, 'x.pdf'), 'pdf').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ConverterUnavailableError);
      expect((err as Error).message).toMatch(/Python.*not found.*apt-get install/);
    } finally {
      await p.shutdown();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
