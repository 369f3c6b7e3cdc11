import { ApiError } from './api-error';
import { readLimitedBody } from './read-limited-body';

/** Reads a JSON body with a size limit: 413 past it, 415 when not JSON, 400 when malformed. */
export async function readJsonBody(req: Request, maxBytes: number): Promise<unknown> {
  const text = Buffer.from(await readLimitedBody(req, maxBytes, () => tooLarge(maxBytes))).toString('utf8');
  if (text.trim() === '') return {};

  const type = (req.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json' && !type.endsWith('+json')) {
    throw new ApiError('unsupported_media_type', `expected Content-Type: application/json, got ${type || 'none'}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new ApiError('invalid_json', `request body is not valid JSON: ${(err as Error).message}`);
  }
}

function tooLarge(maxBytes: number) {
  return new ApiError('payload_too_large', `request body exceeds ${maxBytes} bytes`, { max_bytes: maxBytes });
}
