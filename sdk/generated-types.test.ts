// The checked-in SDK types (sdk/generated/openapi.ts) are what `npm run sdk:generate` renders from
// the current OpenAPI document: a schema change without regeneration fails here.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GENERATED_TYPES_PATH, renderSdkTypes } from './render-types';

describe('sdk/generated/openapi.ts', () => {
  it('is up to date with the OpenAPI document (run `npm run sdk:generate` after changing a schema)', async () => {
    const rendered = await renderSdkTypes();
    const checkedIn = readFileSync(GENERATED_TYPES_PATH, 'utf8');
    // the same operations and schemas first, for a readable failure
    const names = (s: string) => [...s.matchAll(/^ {4}(\w+|"[^"]+"): \{$/gm)].map((m) => m[1]);
    expect(names(checkedIn)).toEqual(names(rendered));
    expect(checkedIn === rendered, 'sdk/generated/openapi.ts is stale: run `npm run sdk:generate`').toBe(true);
  });

  it('types every generate endpoint with its request schema', () => {
    const checkedIn = readFileSync(GENERATED_TYPES_PATH, 'utf8');
    for (const [op, schema] of [
      ['generateExcel', 'GenerateRequest'],
      ['generateWord', 'GenerateRequest'],
      ['generateSlides', 'SlidesGenerateRequest'],
      ['generateText', 'TextGenerateRequest'],
    ]) {
      const block = checkedIn.slice(checkedIn.indexOf(`    ${op}: {`));
      expect(block.slice(0, block.indexOf('responses:')), op).toContain(`components["schemas"]["${schema}"]`);
    }
  });
});
