// Turns any BlobBody into an async sequence of byte chunks.
import { Readable } from 'node:stream';
import type { ReadableStream as NodeWebReadableStream } from 'node:stream/web';
import type { BlobBody } from './blob-store';

export async function* bodyChunks(body: BlobBody): AsyncGenerator<Uint8Array> {
  if (typeof body === 'string') {
    yield Buffer.from(body, 'utf8');
    return;
  }
  if (body instanceof Uint8Array) {
    yield body;
    return;
  }
  const source: AsyncIterable<unknown> =
    typeof (body as ReadableStream<Uint8Array>).getReader === 'function'
      ? Readable.fromWeb(body as unknown as NodeWebReadableStream<Uint8Array>)
      : (body as Readable);
  for await (const chunk of source) {
    if (chunk instanceof Uint8Array) yield chunk;
    else if (typeof chunk === 'string') yield Buffer.from(chunk, 'utf8');
    else throw new TypeError('blob body streams must produce bytes or strings');
  }
}

/** Reads a whole BlobBody into one Buffer, with its SHA-256 computed by the caller if needed. */
export async function bodyToBuffer(body: BlobBody): Promise<Buffer> {
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  if (body instanceof Uint8Array) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const parts: Uint8Array[] = [];
  for await (const chunk of bodyChunks(body)) parts.push(chunk);
  return Buffer.concat(parts);
}
