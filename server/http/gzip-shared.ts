// A gzip response body built from parts, some of which are large shared values (a cached document
// model) whose compressed form is made once and reused: each request compresses only its own small
// parts. The parts are compressed as separate deflate segments ending on a sync flush, which join
// into one valid deflate stream (no segment refers back into another); the gzip trailer carries the
// CRC-32 and length of the whole text.
import { constants, crc32, deflateRawSync } from 'node:zlib';
import { stringifyShared } from './stringify-shared';

interface Segment {
  raw: Buffer;
  deflated: Buffer;
}

const segments = new WeakMap<object, Segment>();

function segmentOf(text: string, final: boolean): Segment {
  const raw = Buffer.from(text, 'utf8');
  return { raw, deflated: deflateRawSync(raw, { level: 6, finishFlush: final ? constants.Z_FINISH : constants.Z_SYNC_FLUSH }) };
}

function sharedSegment(value: object): Segment {
  let s = segments.get(value);
  if (!s) segments.set(value, (s = segmentOf(stringifyShared(value), false)));
  return s;
}

/** The gzip bytes of the parts' text in order: strings as they are, objects as their shared JSON. */
export function gzipParts(parts: Array<string | { shared: object }>): Buffer {
  const segs = parts.map((p) => (typeof p === 'string' ? segmentOf(p, false) : sharedSegment(p.shared)));
  segs.push(segmentOf('', true));
  let crc = 0;
  let size = 0;
  for (const s of segs) {
    // (zlib.crc32 of an empty buffer here gave 0 instead of the running value)
    if (s.raw.length) crc = crc32(s.raw, crc);
    size += s.raw.length;
  }
  const header = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc >>> 0, 0);
  trailer.writeUInt32LE(size % 2 ** 32, 4);
  return Buffer.concat([header, ...segs.map((s) => s.deflated), trailer]);
}

/** The text the same parts make (the uncompressed response). */
export function joinParts(parts: Array<string | { shared: object }>): string {
  return parts.map((p) => (typeof p === 'string' ? p : stringifyShared(p.shared))).join('');
}

/** True when the request takes a gzip body. */
export function acceptsGzip(req: Request): boolean {
  return /\bgzip\b/i.test(req.headers.get('accept-encoding') ?? '');
}
