// The webhook subscription API through its route handlers: create (secret once), list (never the
// secret), delete by path / ?id= / body, the org signing secret, roles, org scoping, the SSRF guard
// at registration, and bad input that writes nothing. Also the dashboard's tRPC procedures.
import { beforeAll, describe, expect, it } from 'vitest';
import { GET as trpcGet, POST as trpcPost } from '@/app/api/trpc/[trpc]/route';
import { POST as excelGenerate } from '@/app/api/v1/excel/generate/route';
import { POST as textGenerate } from '@/app/api/v1/text/generate/route';
import { generateApiKey } from '@/server/auth/api-key-format';
import { registerUser } from '@/server/auth/register-user';
import { newId } from '@/server/db/ids';
import { call, sessionCookie } from '@/server/test/api-client';
import { orgWithKey } from '@/server/test/generation-harness';
import { rowCounts } from '@/server/test/row-counts';
import { setupTestDb } from '@/server/test/test-db';
import { DELETE as deleteOne } from './[id]/route';
import { DELETE as deleteByQuery, GET as list, POST as create } from './route';
import { GET as signingSecret } from './signing-secret/route';

const t = setupTestDb();
let a = { orgId: '', key: '' };
let b = { orgId: '', key: '' };
let memberKey = '';
const PUBLIC = 'https://93.184.216.34/hooks/docsmith';

beforeAll(async () => {
  a = await orgWithKey(t.db, { name: 'Hooks A' });
  b = await orgWithKey(t.db, { name: 'Hooks B' });
  const k = generateApiKey();
  await t.db.apiKey.create({ data: { id: newId('key'), orgId: a.orgId, name: 'member', role: 'member', prefix: k.prefix, hash: k.hash } });
  memberKey = k.secret;
});

const post = (key: string, json: unknown) => call(create, 'POST', '/api/v1/webhooks', { key, json });

describe('POST/GET/DELETE /webhooks', () => {
  it('creates an endpoint (secret shown once), lists it without the secret, deletes it by path', async () => {
    const r = await post(a.key, { url: PUBLIC, events: ['run.completed'], description: 'billing' });
    expect(r.status).toBe(201);
    expect(r.json).toEqual({
      id: expect.stringMatching(/^wh_/),
      url: PUBLIC,
      events: ['run.completed'],
      description: 'billing',
      status: 'active',
      disabled_at: null,
      disabled_reason: null,
      created_at: expect.any(String),
      secret: expect.stringMatching(/^whsec_[A-Za-z0-9+/]{43}=$/),
    });
    const all = await post(a.key, { url: PUBLIC });
    expect(all.json.events).toEqual(['run.completed', 'run.failed']);

    const l = await call(list, 'GET', '/api/v1/webhooks', { key: a.key });
    expect(l.status).toBe(200);
    expect(l.json.items.map((e: { id: string }) => e.id)).toEqual([all.json.id, r.json.id]);
    expect(l.text).not.toContain(r.json.secret);
    expect(l.text).not.toContain('whsec_');
    expect(l.json.next_cursor).toBeNull();
    const page1 = await call(list, 'GET', '/api/v1/webhooks?limit=1', { key: a.key });
    expect(page1.json.items).toHaveLength(1);
    const page2 = await call(list, 'GET', `/api/v1/webhooks?limit=1&cursor=${page1.json.next_cursor}`, { key: a.key });
    expect(page2.json.items[0].id).toBe(r.json.id);

    // another org sees none of them
    expect((await call(list, 'GET', '/api/v1/webhooks', { key: b.key })).json.items).toEqual([]);

    const d = await call(deleteOne, 'DELETE', `/api/v1/webhooks/${r.json.id}`, { key: a.key, params: { id: r.json.id } });
    expect(d.status).toBe(204);
    const again = await call(deleteOne, 'DELETE', `/api/v1/webhooks/${r.json.id}`, { key: a.key, params: { id: r.json.id } });
    expect(again.status).toBe(404);
    await call(deleteOne, 'DELETE', `/api/v1/webhooks/${all.json.id}`, { key: a.key, params: { id: all.json.id } });
  });

  it('DELETE /webhooks takes the id as ?id= or in the body', async () => {
    const one = (await post(a.key, { url: PUBLIC })).json.id as string;
    const two = (await post(a.key, { url: PUBLIC })).json.id as string;
    expect((await call(deleteByQuery, 'DELETE', `/api/v1/webhooks?id=${one}`, { key: a.key })).status).toBe(204);
    expect((await call(deleteByQuery, 'DELETE', '/api/v1/webhooks', { key: a.key, json: { id: two } })).status).toBe(204);
    expect(await t.db.webhookEndpoint.count({ where: { id: { in: [one, two] } } })).toBe(0);
  });

  it('GET /webhooks/signing-secret: the org secret for webhook_url deliveries, created once, owner/admin only', async () => {
    const s1 = await call(signingSecret, 'GET', '/api/v1/webhooks/signing-secret', { key: a.key });
    expect(s1.status).toBe(200);
    expect(s1.json.secret).toMatch(/^whsec_/);
    const s2 = await call(signingSecret, 'GET', '/api/v1/webhooks/signing-secret', { key: a.key });
    expect(s2.json.secret).toBe(s1.json.secret);
    expect((await call(signingSecret, 'GET', '/api/v1/webhooks/signing-secret', { key: b.key })).json.secret).not.toBe(s1.json.secret);
    const m = await call(signingSecret, 'GET', '/api/v1/webhooks/signing-secret', { key: memberKey });
    expect(m.status).toBe(403);
    expect(m.json.error.code).toBe('forbidden');
  });
});

describe('bad input writes nothing', () => {
  it('answers the documented error for each case, and no row changes', async () => {
    const mine = (await post(a.key, { url: PUBLIC })).json.id as string;
    const foreign = (await post(b.key, { url: PUBLIC })).json.id as string;
    const before = await rowCounts(t.db);
    const cases: Array<[string, () => ReturnType<typeof call>, number, string, RegExp?]> = [
      ['no url', () => post(a.key, { events: ['run.completed'] }), 400, 'invalid_request'],
      ['not a url', () => post(a.key, { url: 'not a url' }), 400, 'invalid_request', /url/],
      ['ftp url', () => post(a.key, { url: 'ftp://93.184.216.34/x' }), 400, 'invalid_request'],
      ['javascript url', () => post(a.key, { url: 'javascript:alert(1)' }), 400, 'invalid_request'],
      ['loopback', () => post(a.key, { url: 'http://127.0.0.1:8080/hook' }), 400, 'invalid_request', /loopback/],
      ['localhost', () => post(a.key, { url: 'http://localhost/hook' }), 400, 'invalid_request', /loopback/],
      ['localhost.', () => post(a.key, { url: 'http://localhost./hook' }), 400, 'invalid_request', /loopback/],
      ['[::1]', () => post(a.key, { url: 'http://[::1]/hook' }), 400, 'invalid_request', /loopback/],
      ['10.0.0.1', () => post(a.key, { url: 'https://10.0.0.1/hook' }), 400, 'invalid_request', /private/],
      ['metadata', () => post(a.key, { url: 'http://169.254.169.254/latest/meta-data' }), 400, 'invalid_request', /linkLocal/],
      ['0x7f000001', () => post(a.key, { url: 'http://0x7f000001/hook' }), 400, 'invalid_request', /127\.0\.0\.1 is a loopback/],
      ['mapped ::ffff:127.0.0.1', () => post(a.key, { url: 'http://[::ffff:127.0.0.1]/hook' }), 400, 'invalid_request', /loopback/],
      ['unknown event', () => post(a.key, { url: PUBLIC, events: ['run.started'] }), 400, 'invalid_request', /events/],
      ['empty events', () => post(a.key, { url: PUBLIC, events: [] }), 400, 'invalid_request'],
      ['unknown body parameter', () => post(a.key, { url: PUBLIC, secret: 'mine' }), 400, 'unknown_parameter', /secret/],
      ['not json', () => call(create, 'POST', '/api/v1/webhooks', { key: a.key, raw: 'url=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } }), 415, 'unsupported_media_type'],
      ['member key', () => post(memberKey, { url: PUBLIC }), 403, 'forbidden'],
      ['no key', () => call(create, 'POST', '/api/v1/webhooks', { json: { url: PUBLIC } }), 401, 'unauthorized'],
      ['unknown list parameter', () => call(list, 'GET', '/api/v1/webhooks?status=active', { key: a.key }), 400, 'unknown_parameter'],
      ['bad cursor', () => call(list, 'GET', '/api/v1/webhooks?cursor=zzz', { key: a.key }), 400, 'invalid_request'],
      ['foreign id', () => call(deleteOne, 'DELETE', `/api/v1/webhooks/${foreign}`, { key: a.key, params: { id: foreign } }), 404, 'not_found'],
      ['random id', () => call(deleteOne, 'DELETE', '/api/v1/webhooks/wh_01J9Z3V8K6Q2T4X7B1N5M0C8D3', { key: a.key, params: { id: 'wh_01J9Z3V8K6Q2T4X7B1N5M0C8D3' } }), 404, 'not_found'],
      ['foreign id in ?id=', () => call(deleteByQuery, 'DELETE', `/api/v1/webhooks?id=${foreign}`, { key: a.key }), 404, 'not_found'],
      ['foreign id in body', () => call(deleteByQuery, 'DELETE', '/api/v1/webhooks', { key: a.key, json: { id: foreign } }), 404, 'not_found'],
      ['no id', () => call(deleteByQuery, 'DELETE', '/api/v1/webhooks', { key: a.key }), 400, 'invalid_request', /which webhook/],
      ['ids differ', () => call(deleteByQuery, 'DELETE', `/api/v1/webhooks?id=${mine}`, { key: a.key, json: { id: foreign } }), 400, 'invalid_request', /differ/],
      ['unknown delete parameter', () => call(deleteByQuery, 'DELETE', `/api/v1/webhooks?id=${mine}&force=1`, { key: a.key }), 400, 'unknown_parameter'],
      ['generate: webhook_url on loopback', () => call(excelGenerate, 'POST', '/api/v1/excel/generate', { key: a.key, json: { prompt: 'A sheet', async: true, webhook_url: 'http://127.0.0.1:9000/hook' } }), 400, 'invalid_request', /webhook_url.*loopback/],
      ['generate: webhook_url on metadata', () => call(excelGenerate, 'POST', '/api/v1/excel/generate', { key: a.key, json: { prompt: 'A sheet', async: true, webhook_url: 'http://169.254.169.254/latest' } }), 400, 'invalid_request', /linkLocal/],
      ['text: webhook_url 0x7f000001', () => call(textGenerate, 'POST', '/api/v1/text/generate', { key: a.key, json: { prompt: 'Hi', async: true, webhook_url: 'http://0x7f000001/hook' } }), 400, 'invalid_request', /loopback/],
      ['member deletes', () => call(deleteOne, 'DELETE', `/api/v1/webhooks/${mine}`, { key: memberKey, params: { id: mine } }), 403, 'forbidden'],
    ];
    const bodies: Record<string, string> = {};
    for (const [name, run, status, code, message] of cases) {
      const r = await run();
      expect(r.status, name).toBe(status);
      expect(r.json.error.code, name).toBe(code);
      expect(r.json.error.request_id, name).toMatch(/^req_/);
      if (message) expect(r.json.error.message, name).toMatch(message);
      bodies[name] = JSON.stringify({ ...r.json.error, request_id: undefined });
    }
    // another org's id is indistinguishable from a made-up one
    expect(bodies['foreign id']).toBe(bodies['random id']);
    expect(await rowCounts(t.db)).toEqual(before);
  });
});

describe('dashboard tRPC: webhooks.*', () => {
  async function trpc(cookie: string, path: string, input: unknown, method: 'GET' | 'POST') {
    const url = new URL(`http://localhost/api/trpc/${path}`);
    let req: Request;
    if (method === 'GET') {
      url.searchParams.set('input', JSON.stringify(input));
      req = new Request(url, { headers: { cookie } });
    } else {
      req = new Request(url, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify(input) });
    }
    const res = await (method === 'GET' ? trpcGet : trpcPost)(req);
    return { status: res.status, body: (await res.json()) as { result?: { data: any }; error?: { message: string; data: any } } };
  }

  it('list / create / delete / deliveries / redeliver / signingSecret as a signed-in owner; another user gets 404', async () => {
    const { user, personalOrg } = await registerUser(t.db, { email: 'hooks@example.test', password: 'correct horse battery', name: 'Hooks' });
    const cookie = await sessionCookie(user.id, 'hooks@example.test');
    const orgId = personalOrg.id;
    const created = await trpc(cookie, 'webhooks.create', { orgId, url: PUBLIC, events: ['run.failed'] }, 'POST');
    expect(created.status).toBe(200);
    expect(created.body.result?.data).toMatchObject({ id: expect.stringMatching(/^wh_/), events: ['run.failed'], secret: expect.stringMatching(/^whsec_/) });
    const id = created.body.result!.data.id as string;
    const listed = await trpc(cookie, 'webhooks.list', { orgId }, 'GET');
    expect(listed.body.result?.data.items.map((e: { id: string }) => e.id)).toEqual([id]);
    expect(JSON.stringify(listed.body)).not.toContain('whsec_');

    const bad = await trpc(cookie, 'webhooks.create', { orgId, url: 'http://127.0.0.1/x' }, 'POST');
    expect(bad.status).toBe(400);
    expect(bad.body.error?.data).toMatchObject({ code: 'BAD_REQUEST', apiCode: 'invalid_request' });

    // a failed delivery to this endpoint, as the delivery service leaves it
    const whd = await t.db.webhookDelivery.create({
      data: { id: newId('whd'), orgId, endpointId: id, url: PUBLIC, event: 'run.failed', payload: { type: 'run.failed', data: {} }, status: 'failed', attempts: 8 },
    });
    await t.db.webhookAttempt.create({ data: { id: newId('wha'), deliveryId: whd.id, number: 1, statusCode: 500, durationMs: 12, finishedAt: new Date() } });
    const deliveries = await trpc(cookie, 'webhooks.deliveries', { orgId, endpointId: id }, 'GET');
    expect(deliveries.body.result?.data.items).toEqual([
      expect.objectContaining({ id: whd.id, status: 'failed', target: 'endpoint', attempt_log: [expect.objectContaining({ number: 1, status_code: 500 })] }),
    ]);
    expect((await trpc(cookie, 'webhooks.deliveries', { orgId, target: 'webhook_url' }, 'GET')).body.result?.data.items).toEqual([]);
    const again = await trpc(cookie, 'webhooks.redeliver', { orgId, id: whd.id }, 'POST');
    expect(again.status).toBe(200);
    expect(again.body.result?.data).toMatchObject({ redelivery_of: whd.id, status: 'pending', attempts: 0, event: 'run.failed' });
    expect(again.body.result?.data.id).not.toBe(whd.id);
    const one = await trpc(cookie, 'webhooks.delivery', { orgId, id: whd.id }, 'GET');
    expect(one.body.result?.data.id).toBe(whd.id);

    const secret = await trpc(cookie, 'webhooks.signingSecret', { orgId }, 'GET');
    expect(secret.body.result?.data.secret).toMatch(/^whsec_/);

    const other = await registerUser(t.db, { email: 'nosy@example.test', password: 'correct horse battery', name: 'Nosy' });
    const nosy = await sessionCookie(other.user.id, 'nosy@example.test');
    expect((await trpc(nosy, 'webhooks.list', { orgId }, 'GET')).status).toBe(404);
    expect((await trpc(nosy, 'webhooks.delete', { orgId, id }, 'POST')).status).toBe(404);
    expect((await trpc(nosy, 'webhooks.delivery', { orgId: other.personalOrg.id, id: whd.id }, 'GET')).status).toBe(404);

    const del = await trpc(cookie, 'webhooks.delete', { orgId, id }, 'POST');
    expect(del.body.result?.data).toEqual({ id, deleted: true });
    // its pending redelivery is closed with it
    expect(await t.db.webhookDelivery.findUniqueOrThrow({ where: { id: again.body.result!.data.id } })).toMatchObject({ status: 'failed' });
  });
});
