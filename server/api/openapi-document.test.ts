import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { validate } from '@readme/openapi-parser';
import { describe, expect, it } from 'vitest';
import { GET } from '@/app/api/v1/openapi.json/route';
import { call } from '../test/api-client';
import { setupTestDb } from '../test/test-db';

setupTestDb();

/** Every (method, path) exported by a route.ts under app/api/v1, in OpenAPI path syntax. */
function routeFiles(): { method: string; path: string }[] {
  const root = path.resolve('app/api/v1');
  const out: { method: string; path: string }[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name === 'route.ts') {
        const rel = path.relative(root, dir).split(path.sep);
        if (rel.length === 1 && rel[0] === '[...path]') continue; // the catch-all 404 for unknown v1 paths
        // [param] and catch-all [...param] folders are both one {param} in OpenAPI (blobs/[...key] → /blobs/{key}).
        const p = '/' + rel.map((s) => s.replace(/^\[(?:\.\.\.)?(.+)\]$/, '{$1}')).join('/');
        const src = readFileSync(full, 'utf8');
        for (const m of src.matchAll(/export const (GET|POST|PUT|PATCH|DELETE)\b/g)) out.push({ method: m[1]!.toLowerCase(), path: p });
      }
    }
  };
  walk(root);
  return out;
}

describe('GET /api/v1/openapi.json', () => {
  it('is a valid OpenAPI 3.1 document that lists every v1 route', async () => {
    const r = await call(GET, 'GET', '/api/v1/openapi.json');
    expect(r.status).toBe(200);
    expect(r.json.openapi).toBe('3.1.0');
    const result = await validate(structuredClone(r.json));
    expect(result.valid ? [] : result.errors).toEqual([]);
    // The validator does catch a broken document (so the check above can fail).
    const broken = structuredClone(r.json);
    broken.paths['/verify'].get.responses = { '200': { content: {} } };
    expect((await validate(broken)).valid).toBe(false);

    const routes = routeFiles();
    expect(routes.length).toBeGreaterThanOrEqual(6);
    for (const { method, path: p } of routes) {
      expect(r.json.paths[p]?.[method], `${method.toUpperCase()} ${p} missing from the OpenAPI document`).toBeDefined();
    }
    // And nothing documented that does not exist.
    const documented = Object.entries(r.json.paths as Record<string, Record<string, unknown>>).flatMap(([p, item]) =>
      Object.keys(item).map((m) => `${m} ${p}`),
    );
    expect(documented.sort()).toEqual(routes.map((x) => `${x.method} ${x.path}`).sort());
  });

  it('documents request schemas, error shape and security from the zod schemas', async () => {
    const r = await call(GET, 'GET', '/api/v1/openapi.json');
    const mint = r.json.paths['/organizations/{org_id}/api-keys'].post;
    expect(mint.requestBody.content['application/json'].schema).toBeDefined();
    expect(mint.responses['404']).toBeDefined();
    expect(r.json.components.schemas.Error).toBeDefined();
    expect(r.json.components.schemas.CreatedApiKey.properties.key).toBeDefined();
    expect(r.json.components.securitySchemes.ApiKeyHeader).toMatchObject({ type: 'apiKey', in: 'header', name: 'X-API-Key' });
    // uploads document their multipart form
    expect(r.json.paths['/files'].post.requestBody.content['multipart/form-data'].schema).toEqual({ $ref: '#/components/schemas/UploadFileForm' });
    expect(r.json.components.schemas.UploadImageForm).toMatchObject({
      required: ['file'],
      properties: { file: { type: 'string', format: 'binary' }, tags: { type: 'string' }, caption: { type: 'string' } },
    });
  });
});
