/**
 * Structural checks of an OOXML package (xlsx / docx / pptx): every XML part is well formed,
 * every content-type override names a part that exists, every internal relationship target
 * exists, and every part has a content type. These are the usual causes of Office's
 * "we found a problem with some content … repair?" prompt.
 */
import JSZip from 'jszip';
import { XMLValidator } from 'fast-xml-parser';

export interface PackageCheck {
  zip: JSZip;
  problems: string[];
  parts: string[];
}

function resolveTarget(source: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  // rels of "a/b/_rels/c.xml.rels" are relative to "a/b/"
  const dir = source.replace(/_rels\/[^/]*\.rels$/, '').replace(/\/$/, '');
  const parts = dir ? dir.split('/') : [];
  for (const seg of target.split('/')) {
    if (seg === '..') parts.pop();
    else if (seg !== '.' && seg !== '') parts.push(seg);
  }
  return parts.join('/');
}

export async function checkPackage(buffer: Buffer | Uint8Array, opts: { validateXml?: boolean; maxXmlBytes?: number } = {}): Promise<PackageCheck> {
  const problems: string[] = [];
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(buffer);
  } catch (e) {
    return { zip: new JSZip(), problems: [`not a zip package: ${(e as Error).message}`], parts: [] };
  }
  const parts = Object.keys(zip.files).filter((p) => !zip.files[p]!.dir);
  const ctFile = zip.file('[Content_Types].xml');
  if (!ctFile) {
    problems.push('missing [Content_Types].xml');
    return { zip, problems, parts };
  }
  const ct = await ctFile.async('string');
  const defaults = new Set([...ct.matchAll(/<Default\b[^>]*Extension="([^"]+)"/g)].map((m) => m[1]!.toLowerCase()));
  const overrides = [...ct.matchAll(/<Override\b[^>]*PartName="([^"]+)"/g)].map((m) => m[1]!.replace(/^\//, ''));
  for (const o of overrides) if (!zip.file(o)) problems.push(`content type override for missing part ${o}`);
  const overrideSet = new Set(overrides);
  for (const p of parts) {
    if (p === '[Content_Types].xml') continue;
    const ext = p.slice(p.lastIndexOf('.') + 1).toLowerCase();
    if (!overrideSet.has(p) && !defaults.has(ext)) problems.push(`part ${p} has no content type`);
  }
  for (const p of parts.filter((x) => x.endsWith('.rels'))) {
    const xml = await zip.file(p)!.async('string');
    const ids = new Set<string>();
    for (const m of xml.matchAll(/<Relationship\b[^>]*>/g)) {
      const id = /\bId="([^"]+)"/.exec(m[0])?.[1];
      const target = /\bTarget="([^"]+)"/.exec(m[0])?.[1];
      const external = /TargetMode="External"/.test(m[0]);
      if (id) {
        if (ids.has(id)) problems.push(`duplicate relationship id ${id} in ${p}`);
        ids.add(id);
      }
      if (!target || external) continue;
      const resolved = resolveTarget(p, decodeURI(target));
      if (!zip.file(resolved)) problems.push(`relationship ${id} in ${p} points to missing part ${resolved}`);
    }
  }
  if (opts.validateXml !== false) {
    const max = opts.maxXmlBytes ?? 4_000_000;
    for (const p of parts.filter((x) => /\.(xml|rels)$/.test(x))) {
      const xml = await zip.file(p)!.async('string');
      if (xml.length > max) continue; // very large sheet data: parsed by the reader instead
      const r = XMLValidator.validate(xml);
      if (r !== true) problems.push(`malformed XML in ${p}: ${r.err.msg} (line ${r.err.line})`);
    }
  }
  return { zip, problems, parts };
}
