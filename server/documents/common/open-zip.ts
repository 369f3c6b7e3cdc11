// Opens a zip package as JSZip. Untrusted bytes (uploads, imports) are verified against the
// document limits first and the JSZip object is built from the parts already inflated; trusted
// bytes (packages we wrote, sources verified when they were imported) are opened as they are.
import JSZip from 'jszip';
import { documentLimits, type DocumentLimits } from './document-limits';
import { verifyZip } from './verify-zip';

/** The inflated parts of a verified package, by name (decoded natively instead of through JSZip). */
const inflated = new WeakMap<JSZip, Map<string, Buffer>>();

export async function openZip(bytes: Buffer | Uint8Array, opts: { trusted?: boolean; limits?: DocumentLimits } = {}): Promise<JSZip> {
  if (opts.trusted) return JSZip.loadAsync(bytes);
  const parts = await verifyZip(bytes, opts.limits ?? documentLimits());
  const zip = new JSZip();
  for (const p of parts) zip.file(p.name, p.data, { binary: true, createFolders: false });
  inflated.set(zip, new Map(parts.map((p) => [p.name, p.data])));
  return zip;
}

/** A part's bytes when the zip was opened verified (already inflated), else undefined. */
export function inflatedPart(zip: JSZip, name: string): Buffer | undefined {
  return inflated.get(zip)?.get(name);
}
