// Blob keys: slash-separated segments of a safe charset. A valid key can never name a file outside
// the local store's folder (no "..", no absolute paths, no empty segments, no leading dots), and
// names starting with "." stay free for the local driver's temp and metadata files.

const SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/;
/** A prefix's last, partial segment may be empty (prefix ends with "/") but never starts with ".". */
const PARTIAL_SEGMENT = /^([A-Za-z0-9_][A-Za-z0-9._-]{0,127})?$/;
export const MAX_BLOB_KEY_LENGTH = 1024;

export class InvalidBlobKeyError extends Error {
  constructor(
    readonly key: string,
    reason: string,
  ) {
    super(`invalid blob key ${JSON.stringify(key.slice(0, 200))}: ${reason}`);
    this.name = 'InvalidBlobKeyError';
  }
}

/** Why the key is invalid, or null when it is fine. */
export function blobKeyProblem(key: string): string | null {
  if (typeof key !== 'string' || key.length === 0) return 'empty';
  if (key.length > MAX_BLOB_KEY_LENGTH) return `longer than ${MAX_BLOB_KEY_LENGTH} characters`;
  const segments = key.split('/');
  for (const s of segments) {
    if (s === '') return 'empty segment (leading, trailing or double slash)';
    if (s === '.' || s === '..') return 'dot segment';
    if (!SEGMENT.test(s)) return 'segments must be 1-128 of A-Z a-z 0-9 . _ - and must not start with "." or "-"';
  }
  return null;
}

export function isValidBlobKey(key: string): boolean {
  return blobKeyProblem(key) === null;
}

/** Returns the key's segments, or throws InvalidBlobKeyError. */
export function assertBlobKey(key: string): string[] {
  const problem = blobKeyProblem(key);
  if (problem) throw new InvalidBlobKeyError(key, problem);
  return key.split('/');
}

/** Splits a deletePrefix() argument into its folder segments and the partial last segment. */
export function assertBlobPrefix(prefix: string): { folders: string[]; partial: string } {
  if (typeof prefix !== 'string' || prefix.length === 0) throw new InvalidBlobKeyError(String(prefix), 'an empty prefix would match everything');
  const cut = prefix.lastIndexOf('/');
  const folders = cut < 0 ? [] : prefix.slice(0, cut).split('/');
  const partial = prefix.slice(cut + 1);
  if (folders.length) assertBlobKey(folders.join('/'));
  if (!PARTIAL_SEGMENT.test(partial)) throw new InvalidBlobKeyError(prefix, 'last segment has unsafe characters');
  if (prefix.length > MAX_BLOB_KEY_LENGTH) throw new InvalidBlobKeyError(prefix, 'too long');
  return { folders, partial };
}

/** The last segment of a key (the default download file name). */
export function blobKeyBaseName(key: string): string {
  return key.slice(key.lastIndexOf('/') + 1);
}
