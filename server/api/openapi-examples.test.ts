// The OpenAPI document's examples: every generation operation has a request example and a 200 or
// 202 response example, each example parses with the zod schema it illustrates, and the document
// carries them as media-type examples (what the reference page shows and "try it" pre-fills).
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { generateRequestSchema, generateResponseSchema } from '../runs/schemas';
import { buildOpenApiDocument } from './openapi-document';
import { operations } from './operation-registry';

type Doc = {
  paths: Record<
    string,
    Record<
      string,
      {
        requestBody?: { content: Record<string, { examples?: Record<string, { value: unknown }> }> };
        responses: Record<string, { content?: Record<string, { examples?: Record<string, { value: unknown }> }> }>;
      }
    >
  >;
};

const generation = operations.filter((op) => op.tags.includes('Generation'));

function problems(schema: z.ZodType, value: unknown): string[] {
  const r = schema.safeParse(value);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

describe('OpenAPI examples', () => {
  it('covers every generation operation (excel, word, slides, text, outline, analyze, preflight)', () => {
    expect(generation.map((op) => op.operationId).sort()).toEqual(
      [
        'analyzeWorkbook',
        'generateExcel',
        'generateSlides',
        'generateText',
        'generateWord',
        'outlineSlides',
        'preflight',
        'rewriteText',
        'summarizeText',
      ].sort(),
    );
    for (const op of generation) {
      expect(Object.keys(op.examples?.request ?? {}).length, `${op.operationId}: request example`).toBeGreaterThan(0);
      const responseExamples = [200, 202].flatMap((s) => Object.keys(op.examples?.responses?.[s] ?? {}));
      expect(responseExamples.length, `${op.operationId}: 200/202 response example`).toBeGreaterThan(0);
    }
  });

  it('every example parses with its own schema (request body, or the response schema of its status)', () => {
    let checked = 0;
    for (const op of operations) {
      for (const [name, ex] of Object.entries(op.examples?.request ?? {})) {
        expect(op.body, `${op.operationId} has request examples but no JSON body`).toBeDefined();
        expect(problems(op.body!, ex.value), `${op.operationId} request example ${name}`).toEqual([]);
        checked++;
      }
      for (const [status, byName] of Object.entries(op.examples?.responses ?? {})) {
        const schema = op.responses[Number(status)]?.schema;
        expect(schema, `${op.operationId} example for undocumented status ${status}`).toBeDefined();
        for (const [name, ex] of Object.entries(byName)) {
          expect(problems(schema!, ex.value), `${op.operationId} ${status} example ${name}`).toEqual([]);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThanOrEqual(3 * generation.length);
  });

  it('the check above catches a wrong example (strict request fields, the status enum)', () => {
    expect(problems(generateRequestSchema, { prompt: 'x', sheet_count: 3 })).not.toEqual([]);
    expect(problems(generateRequestSchema, { prompt: '' })).not.toEqual([]);
    expect(problems(generateResponseSchema, { run_id: 'run_1', task_id: 'task_1', status: 'done' })).not.toEqual([]);
  });

  it('the document carries them as media-type examples of the request body and of 200/202', () => {
    const doc = buildOpenApiDocument('https://docsmith.example.com') as unknown as Doc;
    for (const op of generation) {
      const item = doc.paths[op.path]?.[op.method.toLowerCase()];
      const json = item?.requestBody?.content['application/json'];
      expect(Object.keys(json?.examples ?? {}), op.operationId).toEqual(Object.keys(op.examples!.request!));
      for (const status of ['200', '202']) {
        const declared = op.examples!.responses![Number(status)];
        const carried = item?.responses[status]?.content?.['application/json']?.examples;
        if (declared) expect(carried, `${op.operationId} ${status}`).toEqual(declared);
      }
    }
    const excel = doc.paths['/excel/generate']!.post!;
    expect(excel.requestBody!.content['application/json']!.examples!.new!.value).toMatchObject({
      prompt: expect.stringMatching(/Revenue/),
    });
    expect(excel.responses['200']!.content!['application/json']!.examples!.completed!.value).toMatchObject({
      status: 'completed',
    });
  });
});
