import { createServer, type IncomingMessage } from 'node:http';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { apiRoutePaths, routeProbePath, startWarmUp, warmUpStatus } from './warm-up';

describe('start-up warm-up', () => {
  const dist = mkdtempSync(path.join(tmpdir(), 'warm-up-'));
  mkdirSync(path.join(dist, 'server'));
  writeFileSync(
    path.join(dist, 'server', 'app-paths-manifest.json'),
    JSON.stringify({
      '/api/v1/excel/generate/route': 'app/api/v1/excel/generate/route.js',
      '/api/v1/runs/[run_id]/export/route': 'app/api/v1/runs/[run_id]/export/route.js',
      '/api/v1/[...path]/route': 'app/api/v1/[...path]/route.js',
      '/dashboard/page': 'app/dashboard/page.js',
      '/edit/[token]/page': 'app/edit/[token]/page.js',
    }),
  );
  const seen: Array<{ method: string; url: string; warm: string | undefined }> = [];
  let release: () => void = () => {};
  const gate = new Promise<void>((r) => (release = r));
  const server = createServer((req: IncomingMessage, res) => {
    seen.push({ method: req.method ?? '', url: req.url ?? '', warm: req.headers['x-docsmith-warm-up'] as string | undefined });
    // the first route "loads" until the test has looked at the pending state
    void (seen.length === 1 ? gate : Promise.resolve()).then(() => res.writeHead(204).end());
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('maps manifest entries to probe paths, API routes only', async () => {
    expect(routeProbePath('/api/v1/runs/[run_id]/export/route')).toBe('/api/v1/runs/warm-up/export');
    expect(routeProbePath('/api/v1/[...path]/route')).toBe('/api/v1/warm-up');
    expect(await apiRoutePaths(dist)).toEqual(['/api/v1/excel/generate', '/api/v1/runs/warm-up/export', '/api/v1/warm-up']);
  });

  it('sends one OPTIONS per API route to its own origin, pending until every route answered', async () => {
    expect(warmUpStatus().state).toBe('off');
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    process.env.__NEXT_PRIVATE_ORIGIN = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    startWarmUp({ distDir: dist });
    await expect.poll(() => seen.length).toBe(1);
    expect(warmUpStatus().state).toBe('pending');
    release();
    await expect.poll(() => warmUpStatus().state).toBe('done');
    expect(seen).toEqual(['/api/v1/excel/generate', '/api/v1/runs/warm-up/export', '/api/v1/warm-up'].map((url) => ({ method: 'OPTIONS', url, warm: '1' })));
    expect(warmUpStatus().routes).toBe(3);
  });
});
