// Cookie-authenticated mutations refuse other sites (issue 14): tRPC mutations, the dashboard's
// upload route and POST /api/v1/signup answer 403 to a cross-site Origin (or Sec-Fetch-Site:
// cross-site) and write nothing; same-origin requests — by APP_URL or by the Host the request was
// sent to, also behind a proxy — and requests without Origin (curl, scripts) keep working; API-key
// routes do not look at Origin.
import { beforeAll, describe, expect, it } from 'vitest';
import { GET, POST } from '@/app/api/trpc/[trpc]/route';
import { POST as uploadImage } from '@/app/api/dashboard/orgs/[org_id]/images/route';
import { POST as signup } from '@/app/api/v1/signup/route';
import { POST as mintKey } from '@/app/api/v1/organizations/[org_id]/api-keys/route';
import { call } from '@/server/test/api-client';
import { rowCounts } from '@/server/test/row-counts';
import { setupTestDb } from '@/server/test/test-db';
import { dashboardUser } from '@/server/test/trpc-client';

const t = setupTestDb();
const EVIL = { origin: 'http://evil.example' };
let user: Awaited<ReturnType<typeof dashboardUser>>;

async function trpc(path: string, input: unknown, method: 'GET' | 'POST', headers: Record<string, string> = {}) {
  const url = new URL(`http://localhost:3000/api/trpc/${path}`);
  const h = { cookie: user.cookie, ...headers };
  const req =
    method === 'GET'
      ? (url.searchParams.set('input', JSON.stringify(input)), new Request(url, { headers: h }))
      : new Request(url, { method: 'POST', headers: { ...h, 'content-type': 'application/json' }, body: JSON.stringify(input) });
  const res = await (method === 'GET' ? GET : POST)(req);
  return { status: res.status, body: (await res.json()) as { result?: { data: any }; error?: { message: string; data: any } } };
}

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

async function upload(orgId: string, headers: Record<string, string>) {
  const form = new FormData();
  form.append('file', new Blob([PNG], { type: 'image/png' }), 'dot.png');
  const req = new Request('http://localhost:3000/api/dashboard/orgs/x/images', { method: 'POST', headers: { cookie: user.cookie, ...headers }, body: form });
  const res = await uploadImage(req, { params: Promise.resolve({ org_id: orgId }) });
  return { status: res.status, headers: res.headers, json: (await res.json()) };
}

beforeAll(async () => {
  user = await dashboardUser(t.db, 'origin@example.test');
});

describe('same-origin for cookie-authenticated mutations', () => {
  it('a tRPC mutation from another site is 403 FORBIDDEN and creates nothing', async () => {
    const before = await rowCounts(t.db);
    for (const headers of [EVIL, { 'sec-fetch-site': 'cross-site' }, { origin: 'null' }, { origin: 'http://localhost:3000.evil.example' }]) {
      const r = await trpc('apiKeys.create', { orgId: user.personalOrg.id, name: 'stolen' }, 'POST', headers);
      expect(r.status, JSON.stringify(headers)).toBe(403);
      expect(r.body.error?.data).toMatchObject({ code: 'FORBIDDEN', httpStatus: 403, apiCode: 'forbidden' });
      expect(r.body.error?.message).toContain('cross-site request refused');
    }
    expect(await rowCounts(t.db)).toEqual(before);
  });

  it('same-origin tRPC mutations work: APP_URL, the Host it was sent to, X-Forwarded-Host, or no Origin at all', async () => {
    const cases: Record<string, string>[] = [
      { origin: 'http://localhost:3000', 'sec-fetch-site': 'same-origin' },
      { origin: 'https://docs.example.com', host: 'docs.example.com' },
      { origin: 'https://docs.example.com', host: '10.0.0.5:3000', 'x-forwarded-host': 'docs.example.com' },
      {},
    ];
    for (const headers of cases) {
      const r = await trpc('apiKeys.create', { orgId: user.personalOrg.id, name: 'mine' }, 'POST', headers);
      expect(r.status, JSON.stringify(headers)).toBe(200);
      expect(r.body.result?.data.key).toMatch(/^dsk_/);
    }
  });

  it('queries (no state change) are not refused', async () => {
    const r = await trpc('orgs.list', undefined, 'GET', EVIL);
    expect(r.status).toBe(200);
  });

  it('the dashboard upload route: 403 in the one error shape cross-site, 201 same-origin', async () => {
    const before = await rowCounts(t.db);
    const evil = await upload(user.personalOrg.id, EVIL);
    expect(evil.status).toBe(403);
    expect(evil.json.error).toMatchObject({ code: 'forbidden', request_id: evil.headers.get('x-request-id') });
    expect(await rowCounts(t.db)).toEqual(before);
    expect((await upload(user.personalOrg.id, { origin: 'http://localhost:3000' })).status).toBe(201);
    expect((await upload(user.personalOrg.id, {})).status).toBe(201);
  });

  it('POST /api/v1/signup (session cookie): 403 cross-site, 201 without Origin; API-key routes ignore Origin', async () => {
    const before = await rowCounts(t.db);
    const evil = await call(signup, 'POST', '/api/v1/signup', { cookie: user.cookie, json: {}, headers: EVIL });
    expect(evil.status).toBe(403);
    expect(evil.json.error).toMatchObject({ code: 'forbidden', request_id: evil.headers.get('x-request-id') });
    expect(await rowCounts(t.db)).toEqual(before);
    const cross = await call(signup, 'POST', '/api/v1/signup', { cookie: user.cookie, json: {}, headers: { 'sec-fetch-site': 'cross-site' } });
    expect(cross.status).toBe(403);

    const ok = await call(signup, 'POST', '/api/v1/signup', { cookie: user.cookie, json: {} });
    expect(ok.status).toBe(201);
    const viaKey = await call(mintKey, 'POST', '/x', { key: ok.json.api_key.key, params: { org_id: ok.json.organization.id }, json: { name: 'ci' }, headers: EVIL });
    expect(viaKey.status).toBe(201);
  });
});
