// Checks an untrusted zip package (xlsx / docx / pptx) against the document limits while inflating
// it, so that no more memory is spent than the limits allow: declared sizes, part count and
// compression ratio first (no inflation), then every part is inflated on libuv's thread pool with
// its output capped at its declared size (a part that lies about its size fails at that size), and
// XML parts are refused when they carry a DTD (XXE, "billion laughs": Office files never have one)
// or nest deeper than the limit. Returns the inflated parts, so nothing is inflated twice.
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { DocumentLimitError, UnreadableDocumentError, type DocumentLimits } from './document-limits';
import { entryData, readZipDirectory, type ZipEntry } from './read-zip-directory';

const inflateRaw = promisify(zlib.inflateRaw) as (buf: Buffer, opts: zlib.ZlibOptions) => Promise<Buffer>;
const MiB = 1_048_576;

export interface VerifiedPart {
  name: string;
  data: Buffer;
}

/** Parts whose nesting is never walked recursively (sheet data, shared strings: flat scans). */
const FLAT_PARTS = /^xl\/(worksheets|sharedStrings|pivotCache)/i;

export function checkDirectory(entries: ZipEntry[], limits: DocumentLimits): void {
  let total = 0;
  for (const e of entries) {
    if (e.encrypted) throw new UnreadableDocumentError(`the part ${e.name} is encrypted (password-protected files cannot be read)`);
    if (e.method !== 0 && e.method !== 8) throw new UnreadableDocumentError(`the part ${e.name} uses compression method ${e.method} (only stored and deflate are read)`);
    if (e.uncompressedSize > limits.maxPartBytes) {
      throw new DocumentLimitError(`the part ${e.name} inflates to ${e.uncompressedSize.toLocaleString('en-US')} bytes`, 'MAX_ZIP_PART_BYTES', limits.maxPartBytes);
    }
    if (e.uncompressedSize > MiB && e.uncompressedSize / Math.max(1, e.compressedSize) > limits.maxCompressionRatio) {
      throw new DocumentLimitError(
        `the part ${e.name} is compressed ${Math.round(e.uncompressedSize / Math.max(1, e.compressedSize)).toLocaleString('en-US')}:1 (a zip bomb?)`,
        'MAX_COMPRESSION_RATIO',
        limits.maxCompressionRatio,
      );
    }
    total += e.uncompressedSize;
    if (total > limits.maxUnzippedBytes) {
      throw new DocumentLimitError(`the file inflates to more than ${total.toLocaleString('en-US')} bytes`, 'MAX_UNZIPPED_BYTES', limits.maxUnzippedBytes);
    }
  }
}

async function inflatePart(buf: Buffer, e: ZipEntry): Promise<Buffer> {
  const raw = entryData(buf, e);
  if (e.method === 0) {
    if (raw.length !== e.uncompressedSize) throw new UnreadableDocumentError(`the part ${e.name} has a wrong size`);
    return raw;
  }
  if (e.uncompressedSize === 0) {
    const out = await inflateRaw(raw, { maxOutputLength: 1 }).catch(() => Buffer.alloc(1));
    if (out.length) throw new UnreadableDocumentError(`the part ${e.name} is larger than its declared size`);
    return out;
  }
  try {
    const out = await inflateRaw(raw, { maxOutputLength: e.uncompressedSize });
    if (out.length !== e.uncompressedSize) throw new UnreadableDocumentError(`the part ${e.name} is shorter than its declared size`);
    return out;
  } catch (err) {
    if (err instanceof UnreadableDocumentError) throw err;
    if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new UnreadableDocumentError(`the part ${e.name} inflates past its declared size of ${e.uncompressedSize.toLocaleString('en-US')} bytes (a zip bomb?)`);
    }
    throw new UnreadableDocumentError(`the part ${e.name} is corrupt (${(err as NodeJS.ErrnoException).code ?? 'inflate error'})`);
  }
}

const LT = 0x3c;
const GT = 0x3e;
const SLASH = 0x2f;

/** The deepest element nesting of an XML part, stopping as soon as it passes max. */
export function xmlDepthExceeds(data: Buffer, max: number): boolean {
  let depth = 0;
  let i = data.indexOf(LT);
  while (i >= 0 && i < data.length - 1) {
    const next = data[i + 1]!;
    const close = data.indexOf(GT, i + 1);
    if (close < 0) break;
    if (next === SLASH) depth--;
    else if (next !== 0x3f /* ? */ && next !== 0x21 /* ! */ && data[close - 1] !== SLASH) {
      if (++depth > max) return true;
    }
    i = data.indexOf(LT, close + 1);
  }
  return false;
}

function checkXml(e: ZipEntry, data: Buffer, limits: DocumentLimits): void {
  if (data.includes('<!DOCTYPE') || data.includes('<!ENTITY')) {
    throw new UnreadableDocumentError(`the part ${e.name} declares a DTD or entities, which Office files never do (refused: XXE / entity expansion)`);
  }
  if (!FLAT_PARTS.test(e.name) && xmlDepthExceeds(data, limits.maxXmlDepth)) {
    throw new DocumentLimitError(`the part ${e.name} nests elements deeper than ${limits.maxXmlDepth}`, 'MAX_XML_DEPTH', limits.maxXmlDepth);
  }
}

/**
 * Verifies the package and returns its parts, inflated (directories left out); with keep: false
 * each part is dropped once checked, so at most one part is held at a time.
 */
export async function verifyZip(bytes: Buffer | Uint8Array, limits: DocumentLimits, opts: { keep?: boolean } = {}): Promise<VerifiedPart[]> {
  const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const entries = readZipDirectory(buf, limits.maxParts).filter((e) => !e.name.endsWith('/'));
  checkDirectory(entries, limits);
  const parts: VerifiedPart[] = [];
  for (const e of entries) {
    const data = await inflatePart(buf, e);
    if (/\.(xml|rels|vml)$/i.test(e.name)) checkXml(e, data, limits);
    if (opts.keep !== false) parts.push({ name: e.name, data });
  }
  return parts;
}
