/**
 * The document title of a package (dc:title in the core properties part, what Excel shows under
 * File › Info and readers announce): set, replaced or removed; the part is added when the package
 * has none.
 */
import { escapeXml } from '../../common/xml';
import type { XlsxPackage } from './package';

const REL_CORE = 'http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties';
const CT_CORE = 'application/vnd.openxmlformats-package.core-properties+xml';
const NS_CP = 'http://schemas.openxmlformats.org/package/2006/metadata/core-properties';
const NS_DC = 'http://purl.org/dc/elements/1.1/';

export interface CoreTitleOutput {
  set(part: string, data: string): void;
  text(part: string): Promise<string | undefined>;
  contentTypes: string[];
}

/** The core properties part with its title set to `title` (removed when undefined or empty). */
export function withTitle(coreXml: string, title: string | undefined): string {
  const without = coreXml.replace(/<dc:title\b[^>]*\/>|<dc:title\b[^>]*>[\s\S]*?<\/dc:title>/, '');
  if (!title) return without;
  let xml = without;
  const rootEnd = xml.indexOf('>', xml.search(/<(\w+:)?coreProperties\b/));
  if (!/xmlns:dc=/.test(xml.slice(0, rootEnd)))
    xml = xml.slice(0, rootEnd) + ` xmlns:dc="${NS_DC}"` + xml.slice(rootEnd);
  return xml.replace(/<\/((\w+:)?coreProperties)>\s*$/, (end) => `<dc:title>${escapeXml(title)}</dc:title>${end}`);
}

/** Writes the title into the package's core properties (creating the part if needed). */
export async function writeCoreTitle(pkg: XlsxPackage, out: CoreTitleOutput, title: string | undefined): Promise<void> {
  const rel = (await pkg.rels('')).find((r) => r.typeUri === REL_CORE || r.type === 'core-properties');
  if (rel && pkg.has(rel.target)) {
    out.set(rel.target, withTitle((await out.text(rel.target))!, title));
    return;
  }
  if (!title) return;
  const part = pkg.has('docProps/core.xml') ? 'docProps/dsCore.xml' : 'docProps/core.xml';
  out.set(
    part,
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<cp:coreProperties xmlns:cp="${NS_CP}" xmlns:dc="${NS_DC}"><dc:title>${escapeXml(title)}</dc:title></cp:coreProperties>`,
  );
  out.contentTypes.push(`<Override PartName="/${part}" ContentType="${CT_CORE}"/>`);
  const rels =
    (await out.text('_rels/.rels')) ??
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>';
  out.set(
    '_rels/.rels',
    rels.replace(
      /<\/(\w+:)?Relationships>\s*$/,
      `<Relationship Id="rIdDsCore" Type="${REL_CORE}" Target="${part}"/>$&`,
    ),
  );
}
