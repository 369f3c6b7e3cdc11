/**
 * When sheets are renamed, the parts the model only carries still name them: chart series
 * (<c:f>), sparklines and x14 rules (<xm:f>), pivot caches (worksheetSource sheet="…"). Their
 * references are renamed in place so the carried parts keep pointing at the same cells.
 */
import { formatSheetPrefix, tokenizeFormula } from '../structure';
import { escapeXml } from '../../common/xml';
import { unescapeXml } from './xml-scan';

function renameFormula(formula: string, renames: Map<string, string>): string {
  const tokens = tokenizeFormula(formula);
  let changed = false;
  const out = tokens.map((t) => {
    const p = t.prefix;
    if (!p || p.external) return t.text;
    const a = renames.get(p.sheet.toLowerCase());
    const b = p.lastSheet !== undefined ? renames.get(p.lastSheet.toLowerCase()) : undefined;
    if (a === undefined && b === undefined) return t.text;
    changed = true;
    return formatSheetPrefix(a ?? p.sheet, p.lastSheet !== undefined ? (b ?? p.lastSheet) : undefined) + t.text.slice(p.text.length);
  });
  return changed ? out.join('') : formula;
}

/** The part's XML with sheet references renamed (renames keyed by the old name, lower case). */
export function renameSheetsInPart(xml: string, renames: Map<string, string>): string {
  if (!renames.size) return xml;
  let out = xml.replace(/<((?:\w+:)?f)>([^<]*)<\/\1>/g, (m, tag: string, text: string) => {
    const f = unescapeXml(text);
    const r = renameFormula(f, renames);
    return r === f ? m : `<${tag}>${r.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}</${tag}>`;
  });
  out = out.replace(/(<(?:\w+:)?worksheetSource\b[^>]*\bsheet=")([^"]*)(")/g, (m, a: string, name: string, b: string) => {
    const r = renames.get(unescapeXml(name).toLowerCase());
    return r === undefined ? m : `${a}${escapeXml(r)}${b}`;
  });
  return out;
}
