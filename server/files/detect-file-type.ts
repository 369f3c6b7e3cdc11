// Content-based type detection for uploads: magic bytes for images and PDF, the zip's part names
// for OOXML (xlsx / docx / pptx), valid UTF-8 text for CSV and plain text. The file name is only
// used to choose between CSV, Markdown and plain text once the content is known to be text.
import { readZipDirectory } from '../documents/common/read-zip-directory';

export type UploadKind = 'xlsx' | 'docx' | 'pptx' | 'pdf' | 'png' | 'jpeg' | 'gif' | 'webp' | 'csv' | 'markdown' | 'txt';

export interface DetectedType {
  kind: UploadKind;
  mime: string;
  /** The canonical extension for the kind (without dot). */
  ext: string;
}

const TYPES: Record<UploadKind, DetectedType> = {
  xlsx: { kind: 'xlsx', mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', ext: 'xlsx' },
  docx: { kind: 'docx', mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', ext: 'docx' },
  pptx: { kind: 'pptx', mime: 'application/vnd.openxmlformats-officedocument.presentationml.presentation', ext: 'pptx' },
  pdf: { kind: 'pdf', mime: 'application/pdf', ext: 'pdf' },
  png: { kind: 'png', mime: 'image/png', ext: 'png' },
  jpeg: { kind: 'jpeg', mime: 'image/jpeg', ext: 'jpg' },
  gif: { kind: 'gif', mime: 'image/gif', ext: 'gif' },
  webp: { kind: 'webp', mime: 'image/webp', ext: 'webp' },
  csv: { kind: 'csv', mime: 'text/csv', ext: 'csv' },
  markdown: { kind: 'markdown', mime: 'text/markdown', ext: 'md' },
  txt: { kind: 'txt', mime: 'text/plain', ext: 'txt' },
};

export const IMAGE_KINDS: ReadonlySet<UploadKind> = new Set(['png', 'jpeg', 'gif', 'webp']);

const startsWith = (b: Uint8Array, sig: number[], at = 0) => b.length >= at + sig.length && sig.every((v, i) => b[at + i] === v);
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

/** The image type from magic bytes, or null. */
export function detectImageType(bytes: Uint8Array): DetectedType | null {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return TYPES.png;
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return TYPES.jpeg;
  if (startsWith(bytes, ascii('GIF87a')) || startsWith(bytes, ascii('GIF89a'))) return TYPES.gif;
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8)) return TYPES.webp;
  return null;
}

/** Any supported upload type, detected from the content; null when unsupported. */
export async function detectFileType(bytes: Uint8Array, fileName: string): Promise<DetectedType | null> {
  const image = detectImageType(bytes);
  if (image) return image;
  if (startsWith(bytes, ascii('%PDF-'))) return TYPES.pdf;
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return detectOoxml(bytes);
  if (isUtf8Text(bytes)) {
    const ext = /\.([A-Za-z0-9]+)$/.exec(fileName)?.[1]?.toLowerCase();
    if (ext === 'csv') return TYPES.csv;
    if (ext === 'md' || ext === 'markdown') return TYPES.markdown;
    return TYPES.txt;
  }
  return null;
}

/** The OOXML kind from the zip's part names (its central directory: nothing is inflated). */
async function detectOoxml(bytes: Uint8Array): Promise<DetectedType | null> {
  let names: Set<string>;
  try {
    const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    names = new Set(readZipDirectory(buf, Number.MAX_SAFE_INTEGER).map((e) => e.name));
  } catch {
    return null;
  }
  if (!names.has('[Content_Types].xml')) return null;
  if (names.has('xl/workbook.xml')) return TYPES.xlsx;
  if (names.has('word/document.xml')) return TYPES.docx;
  if (names.has('ppt/presentation.xml')) return TYPES.pptx;
  return null;
}

/** Valid UTF-8 with no NUL or other control characters besides tab, CR, LF, FF (and a BOM). */
export function isUtf8Text(bytes: Uint8Array): boolean {
  if (bytes.length === 0) return false;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return false;
  }
  return !/[\u0000-\u0008\u000B\u000E-\u001F\u007F]/.test(text);
}

/** The upload kind a stored file's MIME type stands for (as recorded by detectFileType), or null. */
export function uploadKindOfMime(mime: string): UploadKind | null {
  return Object.values(TYPES).find((t) => t.mime === mime)?.kind ?? null;
}
