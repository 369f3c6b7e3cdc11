// OpenTelemetry end to end: tracing started as instrumentation.ts starts it, exporting OTLP/HTTP to
// a collector stub on 127.0.0.1; one sync generate request (with the caller's traceparent) through
// the route handler, the local worker, the offline model, the renderer and local storage; the
// exported spans decoded and checked as one trace: request → task steps → model calls → render →
// storage. Also: the protobuf encoding reaches the collector, and with no endpoint nothing starts.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { trace } from '@opentelemetry/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POST as excel } from '@/app/api/v1/excel/generate/route';
import { GET as getTask } from '@/app/api/v1/tasks/[task_id]/route';
import { env, resetEnvForTests } from '../env';
import { resetBlobStoreForTests } from '../storage/get-blob-store';
import { call } from '../test/api-client';
import { orgWithKey, runLocalWorker } from '../test/generation-harness';
import { setupTestDb } from '../test/test-db';
import { inSpan } from './in-span';
import { startTracing } from './start-tracing';
import { tracingEnabled, tracingState } from './tracing-state';

interface Export {
  path: string;
  contentType: string;
  body: Buffer;
}

interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes?: Array<{ key: string; value: { stringValue?: string; intValue?: string | number; boolValue?: boolean } }>;
}

interface OtlpJson {
  resourceSpans: Array<{
    resource: { attributes: Array<{ key: string; value: { stringValue?: string } }> };
    scopeSpans: Array<{ scope: { name: string }; spans: OtlpSpan[] }>;
  }>;
}

const exports: Export[] = [];
let collector: http.Server;
let endpoint = '';
const OTEL_KEYS = ['OTEL_EXPORTER_OTLP_ENDPOINT', 'OTEL_EXPORTER_OTLP_PROTOCOL'] as const;
const saved = Object.fromEntries(OTEL_KEYS.map((k) => [k, process.env[k]]));

const t = setupTestDb();
runLocalWorker();
let org = { orgId: '', key: '' };

async function startCollector(): Promise<void> {
  collector = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      exports.push({ path: req.url ?? '', contentType: req.headers['content-type'] ?? '', body: Buffer.concat(chunks) });
      res.writeHead(200, { 'content-type': req.headers['content-type'] ?? 'application/json' }).end(req.headers['content-type']?.includes('json') ? '{}' : '');
    });
  });
  await new Promise<void>((r) => collector.listen(0, '127.0.0.1', r));
  endpoint = `http://127.0.0.1:${(collector.address() as AddressInfo).port}`;
}

async function startWith(protocol: 'http/json' | 'http/protobuf'): Promise<void> {
  await tracingState().shutdown?.();
  process.env.OTEL_EXPORTER_OTLP_ENDPOINT = endpoint;
  process.env.OTEL_EXPORTER_OTLP_PROTOCOL = protocol;
  resetEnvForTests();
  expect(await startTracing(env())).toBe(true);
  resetBlobStoreForTests(); // the store is built while tracing is on: its calls get spans
}

beforeAll(async () => {
  org = await orgWithKey(t.db, { name: 'Traced Org' });
  await startCollector();
});

afterAll(async () => {
  await tracingState().shutdown?.();
  await new Promise<void>((r) => collector.close(() => r()));
  for (const k of OTEL_KEYS) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
  resetEnvForTests();
  resetBlobStoreForTests();
});

const attr = (s: OtlpSpan, key: string) => {
  const v = s.attributes?.find((a) => a.key === key)?.value;
  return v?.stringValue ?? (v?.intValue !== undefined ? Number(v.intValue) : v?.boolValue);
};

describe('tracing', () => {
  it('exports one trace per generate request: request → task steps → model calls → render → storage', async () => {
    await startWith('http/json');
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const callerSpan = '00f067aa0ba902b7';
    const prompt = 'A workbook with a sheet named Traced, columns Month, Amount';
    const r = await call(excel, 'POST', '/api/v1/excel/generate', { key: org.key, json: { prompt }, headers: { traceparent: `00-${traceId}-${callerSpan}-01` } });
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    await tracingState().flush!();

    const json = exports.filter((e) => e.contentType.startsWith('application/json'));
    expect(json.length).toBeGreaterThan(0);
    expect(json.every((e) => e.path === '/v1/traces')).toBe(true);
    const payloads = json.map((e) => JSON.parse(e.body.toString('utf8')) as OtlpJson);
    const services = payloads.flatMap((p) => p.resourceSpans.map((rs) => rs.resource.attributes.find((a) => a.key === 'service.name')?.value.stringValue));
    expect(new Set(services)).toEqual(new Set(['docsmith']));
    const spans = payloads.flatMap((p) => p.resourceSpans.flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans))).filter((s) => s.traceId === traceId);
    const byName = (name: string) => spans.filter((s) => s.name === name);
    const one = (name: string) => {
      const found = byName(name);
      expect(found.length, `${name} in ${spans.map((s) => s.name).join(', ')}`).toBe(1);
      return found[0]!;
    };

    // the request continues the caller's trace
    const request = one('handle POST /api/v1/excel/generate');
    expect(request.parentSpanId).toBe(callerSpan);
    expect(attr(request, 'http.route')).toBe('/api/v1/excel/generate');
    expect(attr(request, 'http.response.status_code')).toBe(200);

    // the task's steps are children of the request that queued it (though the worker ran them)
    const steps = ['task.start', 'task.agent', 'task.render', 'task.finalize'].map(one);
    for (const s of steps) {
      expect(s.parentSpanId).toBe(request.spanId);
      expect(attr(s, 'docsmith.task.id')).toBe(r.json.task_id);
    }
    const [, agent, render] = steps as [OtlpSpan, OtlpSpan, OtlpSpan, OtlpSpan];

    // model calls: the ai SDK's spans under the agent step, one doGenerate per model call
    const generate = one('ai.generateText');
    expect(generate.parentSpanId).toBe(agent.spanId);
    const modelCalls = byName('ai.generateText.doGenerate');
    expect(modelCalls.length).toBeGreaterThanOrEqual(1);
    for (const c of modelCalls) expect(c.parentSpanId).toBe(generate.spanId);
    expect(byName('ai.toolCall').length).toBeGreaterThanOrEqual(1);

    // render and storage
    const doc = one('document.render');
    expect(doc.parentSpanId).toBe(render.spanId);
    expect(attr(doc, 'docsmith.format')).toBe('excel');
    const puts = byName('storage.put');
    expect(puts.map((p) => p.parentSpanId)).toEqual(expect.arrayContaining([agent.spanId, render.spanId]));
    expect(byName('storage.getBytes').some((g) => g.parentSpanId === render.spanId)).toBe(true);

    // every span of the trace hangs off the request; no prompt or document content is exported
    const ids = new Map(spans.map((s) => [s.spanId, s]));
    for (const s of spans) {
      let p: OtlpSpan | undefined = s;
      while (p && p.spanId !== request.spanId) p = ids.get(p.parentSpanId ?? '');
      expect(p, `${s.name} reaches the request span`).toBeDefined();
    }
    expect(json.map((e) => e.body.toString('utf8')).join('')).not.toContain('Traced, columns');
  });

  it('exports in the default encoding, OTLP protobuf', async () => {
    await startWith('http/protobuf');
    const before = exports.length;
    const res = await call(getTask, 'GET', '/api/v1/tasks/task_unknown', { key: org.key, params: { task_id: 'task_unknown' } });
    expect(res.status).toBe(404);
    await tracingState().flush!();
    const sent = exports.slice(before);
    expect(sent.length).toBeGreaterThan(0);
    expect(sent.every((e) => e.path === '/v1/traces' && e.contentType === 'application/x-protobuf')).toBe(true);
    // protobuf strings are their UTF-8 bytes: the span name is in the message as it is
    expect(Buffer.concat(sent.map((e) => e.body)).includes('handle GET /api/v1/tasks/{task_id}')).toBe(true);
  });

  it('starts nothing without OTEL_EXPORTER_OTLP_ENDPOINT: no spans, functions run as they are', async () => {
    await tracingState().shutdown?.();
    delete process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
    resetEnvForTests();
    expect(await startTracing(env())).toBe(false);
    expect(tracingEnabled()).toBe(false);
    expect(await inSpan('anything', {}, async () => trace.getActiveSpan())).toBeUndefined();
  });
});
