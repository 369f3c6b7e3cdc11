import { z } from 'zod';

export const errorSchema = z
  .object({
    error: z.object({
      code: z.string().meta({ description: 'Stable machine-readable code, e.g. not_found, invalid_request.' }),
      message: z.string(),
      request_id: z.string().meta({ example: 'req_5f0c1a2b3c4d5e6f7a8b9c0d' }),
      details: z.record(z.string(), z.unknown()).optional(),
    }),
  })
  .meta({ id: 'Error', description: 'The one error shape of the API.' });

export const timestamp = z.string().meta({ format: 'date-time', example: '2026-04-17T11:20:00.000Z' });

export const idParam = (prefix: string, description: string) =>
  z.string().min(1).max(100).meta({ description, example: `${prefix}_01J9Z3V8K6Q2T4X7B1N5M0C8D3` });

export const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

/** Standard error responses shared by authenticated operations. */
export const errorResponses = (...statuses: number[]) =>
  Object.fromEntries(statuses.map((s) => [s, { description: ERROR_DESCRIPTIONS[s] ?? 'Error', schema: errorSchema }]));

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid input or unknown parameter',
  401: 'Missing, malformed, revoked or expired credentials',
  402: 'Insufficient credits',
  403: 'The key or user role may not do this',
  404: 'Not found (also for ids of other organizations)',
  409: 'Conflict',
  410: 'Gone (expired run)',
  413: 'Request body too large',
  415: 'Unsupported media type',
  429: 'Rate limited; see Retry-After',
};
