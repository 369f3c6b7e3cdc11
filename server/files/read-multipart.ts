// Reads a multipart/form-data upload with the web Request.formData(): Content-Type and size are
// checked first (declared Content-Length, then the bytes actually read), unknown fields are refused.
import 'server-only';
import { ApiError } from '../http/api-error';
import { assertCleanInput } from '../http/check-input-text';
import { readLimitedBody } from '../http/read-limited-body';

export interface MultipartUpload {
  /** The `file` field's bytes and client-supplied name. */
  file: { name: string; bytes: Buffer };
  /** Every other text field, by name (repeated fields keep every value). */
  fields: Map<string, string[]>;
}

/** Slack for the multipart envelope (boundaries, part headers, small text fields) above the file limit. */
const ENVELOPE_BYTES = 64 * 1024;

export async function readMultipart(req: Request, opts: { maxFileBytes: number; allowedFields: readonly string[] }): Promise<MultipartUpload> {
  const type = (req.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'multipart/form-data') {
    throw new ApiError('unsupported_media_type', `expected Content-Type: multipart/form-data with a "file" field, got ${type || 'none'}`);
  }
  const maxBody = opts.maxFileBytes + ENVELOPE_BYTES;
  const body = await readLimitedBody(req, maxBody, () => tooLarge(opts.maxFileBytes));
  let form: FormData;
  try {
    form = await new Request('http://upload.local/', { method: 'POST', headers: { 'content-type': req.headers.get('content-type')! }, body }).formData();
  } catch {
    throw new ApiError('invalid_request', 'request body is not valid multipart/form-data');
  }

  const unknown = [...new Set([...form.keys()])].filter((k) => k !== 'file' && !opts.allowedFields.includes(k));
  if (unknown.length) {
    throw new ApiError('unknown_parameter', `unknown form field${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}`, {
      issues: unknown.map((k) => ({ location: 'body', path: k, message: 'not accepted by this endpoint', unknown_keys: [k] })),
    });
  }
  const files = form.getAll('file');
  const entry = files[0];
  if (files.length !== 1 || !entry || typeof entry === 'string') {
    throw new ApiError('invalid_request', files.length > 1 ? 'send exactly one "file" field' : 'the "file" field is required and must be a file part', {
      issues: [{ location: 'body', path: 'file', message: 'required file part' }],
    });
  }
  if (entry.size > opts.maxFileBytes) throw tooLarge(opts.maxFileBytes);
  const fields = new Map<string, string[]>();
  for (const [k, v] of form.entries()) {
    if (k === 'file') continue;
    if (typeof v !== 'string') throw new ApiError('invalid_request', `form field "${k}" must be text, not a file`);
    fields.set(k, [...(fields.get(k) ?? []), v]);
  }
  const name = entry.name || 'upload';
  assertCleanInput({ ...Object.fromEntries(fields), file_name: name }, 'body', 4);
  return { file: { name, bytes: Buffer.from(await entry.arrayBuffer()) }, fields };
}

function tooLarge(maxBytes: number) {
  return new ApiError('payload_too_large', `upload exceeds ${maxBytes} bytes (MAX_UPLOAD_BYTES)`, { max_bytes: maxBytes });
}
