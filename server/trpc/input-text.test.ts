// The dashboard's tRPC inputs are held to the REST API's rule: a NUL or an unpaired surrogate in
// any string, or nesting past MAX_JSON_DEPTH, is a 400 naming the field, and nothing is written.
import { beforeAll, expect, it } from 'vitest';
import { POST } from '@/app/api/trpc/[trpc]/route';
import { rowCounts } from '@/server/test/row-counts';
import { setupTestDb } from '@/server/test/test-db';
import { dashboardUser } from '@/server/test/trpc-client';

const t = setupTestDb();
let user: Awaited<ReturnType<typeof dashboardUser>>;

beforeAll(async () => {
  user = await dashboardUser(t.db, 'text@example.test');
});

async function mutate(path: string, input: unknown) {
  const req = new Request(`http://localhost:3000/api/trpc/${path}`, {
    method: 'POST',
    headers: { cookie: user.cookie, 'content-type': 'application/json' },
    body: JSON.stringify(input),
  });
  const res = await POST(req);
  return { status: res.status, body: (await res.json()) as { result?: unknown; error?: { message: string; data: { apiCode: string | null } } } };
}

it('a NUL or a lone surrogate in a tRPC input is 400 invalid_request naming the field; nothing is written', async () => {
  const before = await rowCounts(t.db);
  for (const name of ['x\u0000y', 'x\uDC00y']) {
    const r = await mutate('apiKeys.create', { orgId: user.personalOrg.id, name });
    expect(r.status).toBe(400);
    expect(r.body.error?.data.apiCode).toBe('invalid_request');
    expect(r.body.error?.message).toContain('"name"');
  }
  expect(await rowCounts(t.db)).toEqual(before);
  const ok = await mutate('apiKeys.create', { orgId: user.personalOrg.id, name: 'fine 🔑' });
  expect(ok.status).toBe(200);
});
