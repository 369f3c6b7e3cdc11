// GET /api/metrics read as Prometheus reads it: the text exposition parsed by a Prometheus
// text-format parser, after real API requests (generate with a webhook, polls, a 404, an export, a
// cancel), a task run by the local worker, and a webhook delivered to a receiver on 127.0.0.1.
// The endpoint is off without METRICS_TOKEN and asks for it as a bearer token.
import parsePrometheus, { type ParsedFamily } from 'parse-prometheus-text-format';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as scrapeRoute } from './route';
import { POST as excel } from '@/app/api/v1/excel/generate/route';
import { POST as exportRoute } from '@/app/api/v1/runs/[run_id]/export/route';
import { GET as getTask } from '@/app/api/v1/tasks/[task_id]/route';
import { POST as cancelRoute } from '@/app/api/v1/tasks/[task_id]/cancel/route';
import { resetEnvForTests } from '@/server/env';
import { overrideEnv } from '@/server/test/override-env';
import { stopLocalWorker } from '@/server/jobs/executor';
import { metrics } from '@/server/metrics/registry';
import { call } from '@/server/test/api-client';
import { orgWithKey, queueExcelTask, runLocalWorker } from '@/server/test/generation-harness';
import { setupTestDb } from '@/server/test/test-db';
import { startReceiver, type Receiver } from '@/server/webhooks/testing/receiver';

const TOKEN = 'metrics-token-for-tests-0123456789';
const SETTINGS: Record<string, string> = { METRICS_TOKEN: TOKEN, WEBHOOK_ALLOW_LOOPBACK: 'true', WEBHOOK_POLL_MS: '100' };
const restoreEnv = overrideEnv(SETTINGS);

const t = setupTestDb();
runLocalWorker();
let org = { orgId: '', key: '' };
let rx: Receiver;

beforeAll(async () => {
  org = await orgWithKey(t.db, { name: 'Metrics Org' });
  rx = await startReceiver(() => ({ status: 204 }));
});

afterAll(async () => {
  await rx?.close();
  restoreEnv();
});

const scrapeRequest = (authorization?: string) =>
  scrapeRoute(new Request('http://localhost:3000/api/metrics', { headers: authorization ? { authorization } : {} }));

type Families = Map<string, ParsedFamily>;

async function scrape(): Promise<Families> {
  const res = await scrapeRequest(`Bearer ${TOKEN}`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return new Map(parsePrometheus(await res.text()).map((f) => [f.name, f]));
}

/** The value of the one series of `name` whose labels are exactly `labels` (0 when it is absent). */
function value(families: Families, name: string, labels: Record<string, string> = {}): number {
  const family = families.get(name);
  expect(family, `${name} is exported`).toBeDefined();
  const hit = family!.metrics.find((m) => JSON.stringify(Object.entries(m.labels ?? {}).sort()) === JSON.stringify(Object.entries(labels).sort()));
  return hit?.value === undefined ? 0 : Number(hit.value);
}

/** A histogram series' observation count, from prom-client's own reading of the registry. */
async function histogramCount(name: string, labels: Record<string, string>): Promise<number> {
  const metric = metrics().registry.getSingleMetric(name);
  const values = (await metric!.get()).values as Array<{ metricName?: string; labels: Record<string, string | number>; value: number }>;
  const hit = values.find(
    (v) => v.metricName === `${name}_count` && Object.entries(labels).every(([k, val]) => String(v.labels[k]) === val),
  );
  return hit?.value ?? 0;
}

async function until<T>(what: string, read: () => Promise<T>, done: (v: T) => boolean): Promise<T> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const v = await read();
    if (done(v)) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('GET /api/metrics', () => {
  it('is disabled (404, the API error shape) while METRICS_TOKEN is unset', async () => {
    delete process.env.METRICS_TOKEN;
    resetEnvForTests();
    try {
      const res = await scrapeRequest(`Bearer ${TOKEN}`);
      expect(res.status).toBe(404);
      expect(await res.json()).toMatchObject({ error: { code: 'not_found' } });
    } finally {
      process.env.METRICS_TOKEN = TOKEN;
      resetEnvForTests();
    }
  });

  it('asks for the token: 401 without it, with a wrong one, or in another scheme', async () => {
    for (const auth of [undefined, 'Bearer wrong-token-wrong-token-0000', `Basic ${Buffer.from(`x:${TOKEN}`).toString('base64')}`, TOKEN, `Bearer ${TOKEN}x`]) {
      const res = await scrapeRequest(auth);
      expect(res.status, String(auth)).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Bearer realm="metrics"');
      expect(await res.json()).toMatchObject({ error: { code: 'unauthorized' } });
    }
    expect((await scrapeRequest(`bearer  ${TOKEN}`)).status).toBe(200); // the scheme is case-insensitive
  });

  it('counts requests by route pattern and status, the task, its credits, the export and the webhook', async () => {
    const before = await scrape();
    const generateLabels = { method: 'POST', route: '/api/v1/excel/generate', status: '200' };
    const durationsBefore = await histogramCount('docsmith_http_request_duration_seconds', generateLabels);

    const gen = await call(excel, 'POST', '/api/v1/excel/generate', {
      key: org.key,
      json: { prompt: 'A workbook with a sheet named Sales, columns Month, Amount', webhook_url: rx.url },
    });
    expect(gen.status, JSON.stringify(gen.json)).toBe(200);
    const taskId: string = gen.json.task_id;
    for (let i = 0; i < 2; i++) expect((await call(getTask, 'GET', `/api/v1/tasks/${taskId}`, { key: org.key, params: { task_id: taskId } })).status).toBe(200);
    expect((await call(getTask, 'GET', '/api/v1/tasks/task_nope', { key: org.key, params: { task_id: 'task_nope' } })).status).toBe(404);
    const exp = await call(exportRoute, 'POST', `/api/v1/runs/${gen.json.run_id}/export`, { key: org.key, params: { run_id: gen.json.run_id }, json: { format: 'csv' } });
    expect(exp.status, JSON.stringify(exp.json)).toBe(200);

    const delivered = (f: Families) => value(f, 'docsmith_webhook_delivery_attempts_total', { outcome: 'delivered' });
    const after = await until('the webhook attempt', scrape, (f) => delivered(f) > delivered(before));
    expect(rx.requests.length).toBe(1);
    const delta = (name: string, labels: Record<string, string> = {}) => value(after, name, labels) - value(before, name, labels);

    expect(delta('docsmith_http_requests_total', generateLabels)).toBe(1);
    expect(delta('docsmith_http_requests_total', { method: 'GET', route: '/api/v1/tasks/{task_id}', status: '200' })).toBe(2);
    expect(delta('docsmith_http_requests_total', { method: 'GET', route: '/api/v1/tasks/{task_id}', status: '404' })).toBe(1);
    expect(delta('docsmith_http_requests_total', { method: 'POST', route: '/api/v1/runs/{run_id}/export', status: '200' })).toBe(1);
    // route patterns only: no id ever becomes a label value
    const routes = after.get('docsmith_http_requests_total')!.metrics.map((m) => m.labels!.route!);
    expect(routes.filter((r) => /\/[a-z]+_[0-9A-Z]{10,}|nope/.test(r))).toEqual([]);
    expect(routes).toContain('/api/v1/tasks/{task_id}');
    expect(after.get('docsmith_http_request_duration_seconds')?.type).toBe('HISTOGRAM');
    expect((await histogramCount('docsmith_http_request_duration_seconds', generateLabels)) - durationsBefore).toBe(1);

    expect(delta('docsmith_tasks_ended_total', { kind: 'generate', state: 'completed' })).toBe(1);
    expect(after.get('docsmith_task_duration_seconds')?.type).toBe('HISTOGRAM');
    expect(await histogramCount('docsmith_task_duration_seconds', { kind: 'generate', state: 'completed' })).toBeGreaterThanOrEqual(1);
    expect(gen.json.credits_used).toBeGreaterThan(0);
    expect(delta('docsmith_credits_debited_total', { kind: 'generate' })).toBe(gen.json.credits_used);
    expect(delta('docsmith_export_conversions_total', { converter: 'in_process' })).toBe(1);
    expect(delta('docsmith_webhook_delivery_attempts_total', { outcome: 'delivered' })).toBe(1);

    expect(value(after, 'docsmith_task_queue_depth')).toBe(0);
    expect(value(after, 'docsmith_tasks_running')).toBe(0);
    expect(value(after, 'docsmith_webhook_deliveries_pending')).toBe(0);
    expect(value(after, 'docsmith_export_pool_queue')).toBe(0);
    expect(after.get('docsmith_export_pool_listeners')?.type).toBe('GAUGE');
    expect(value(after, 'process_resident_memory_bytes')).toBeGreaterThan(0);
  });

  it('reads the queue depth from the database, and counts a task cancelled while queued', async () => {
    await stopLocalWorker(); // nothing claims the next task
    const before = await scrape();
    const { task } = await queueExcelTask(t.db, org.orgId, 'A workbook with a sheet named Queue');
    const queued = await scrape();
    expect(value(queued, 'docsmith_task_queue_depth')).toBe(1);
    expect(value(queued, 'docsmith_task_queue_oldest_age_seconds')).toBeGreaterThanOrEqual(0);
    expect(value(queued, 'docsmith_task_queue_oldest_age_seconds')).toBeLessThan(60);

    const cancel = await call(cancelRoute, 'POST', `/api/v1/tasks/${task.id}/cancel`, { key: org.key, params: { task_id: task.id } });
    expect(cancel.status, JSON.stringify(cancel.json)).toBe(200);
    const after = await scrape();
    expect(value(after, 'docsmith_task_queue_depth')).toBe(0);
    expect(value(after, 'docsmith_tasks_ended_total', { kind: 'generate', state: 'cancelled' }) - value(before, 'docsmith_tasks_ended_total', { kind: 'generate', state: 'cancelled' })).toBe(1);
    expect(value(after, 'docsmith_http_requests_total', { method: 'POST', route: '/api/v1/tasks/{task_id}/cancel', status: '200' })).toBe(1);
  });
});
