/**
 * An OPC package (.xlsx) opened for reading: parts by name (case-insensitive, as OPC requires),
 * content types and relationships. Used by the importer and by the writer that renders a new
 * version over the source package.
 */
import type JSZip from 'jszip';
import { inflatedPart, openZip } from '../../common/open-zip';
import { resolvePartPath } from '../../common/xml';
import { attr, unescapeXml } from './xml-scan';

export interface Relationship {
  id: string;
  /** the last segment of the relationship type URI: worksheet, styles, drawing, comments, … */
  type: string;
  typeUri: string;
  /** a part name (resolved, no leading slash), or the URL of an external target */
  target: string;
  external: boolean;
}

export class XlsxPackage {
  private readonly byLower = new Map<string, string>();
  private readonly textCache = new Map<string, string>();

  private constructor(readonly zip: JSZip) {
    for (const name of Object.keys(zip.files)) if (!zip.files[name]!.dir) this.byLower.set(name.toLowerCase(), name);
  }

  /** Untrusted bytes are checked against the document limits while they are inflated (see openZip). */
  static async open(bytes: Buffer | Uint8Array, opts: { trusted?: boolean } = {}): Promise<XlsxPackage> {
    return new XlsxPackage(await openZip(bytes, opts));
  }

  /** Part names, as stored. */
  names(): string[] {
    return [...this.byLower.values()];
  }

  resolve(part: string): string | undefined {
    return this.byLower.get(part.replace(/^\//, '').toLowerCase());
  }

  has(part: string | undefined): boolean {
    return part !== undefined && this.resolve(part) !== undefined;
  }

  async text(part: string): Promise<string | undefined> {
    const name = this.resolve(part);
    if (!name) return undefined;
    let t = this.textCache.get(name);
    if (t === undefined) {
      t = inflatedPart(this.zip, name)?.toString('utf8') ?? (await this.zip.file(name)!.async('string'));
      if (t.charCodeAt(0) === 0xfeff) t = t.slice(1);
      this.textCache.set(name, t);
    }
    return t;
  }

  async bytes(part: string): Promise<Buffer | undefined> {
    const name = this.resolve(part);
    if (!name) return undefined;
    return inflatedPart(this.zip, name) ?? this.zip.file(name)!.async('nodebuffer');
  }

  /** The relationships of a part ('' for the package's own). */
  async rels(part: string): Promise<Relationship[]> {
    const dir = part.includes('/') ? part.slice(0, part.lastIndexOf('/')) : '';
    const base = part.slice(part.lastIndexOf('/') + 1);
    const relsPart = dir ? `${dir}/_rels/${base}.rels` : `_rels/.rels`;
    const xml = await this.text(relsPart);
    if (!xml) return [];
    const out: Relationship[] = [];
    for (const m of xml.matchAll(/<(?:\w+:)?Relationship\b([^>]*?)\/?>/g)) {
      const a = m[1]!;
      const id = attr(a, 'Id');
      const typeUri = attr(a, 'Type') ?? '';
      const rawTarget = attr(a, 'Target');
      if (!id || rawTarget === undefined) continue;
      const external = attr(a, 'TargetMode') === 'External';
      let target = unescapeXml(rawTarget);
      if (!external) {
        try {
          target = decodeURIComponent(target);
        } catch {
          /* keep as written */
        }
        target = resolvePartPath(dir, target);
      }
      out.push({ id, type: typeUri.slice(typeUri.lastIndexOf('/') + 1), typeUri, target, external });
    }
    return out;
  }

  /** The main workbook part (officeDocument relationship of the package). */
  async workbookPart(): Promise<string> {
    const rel = (await this.rels('')).find((r) => r.type === 'officeDocument');
    const part = rel?.target ?? 'xl/workbook.xml';
    if (!this.has(part)) throw new Error('the package has no workbook part (xl/workbook.xml)');
    return this.resolve(part)!;
  }
}
