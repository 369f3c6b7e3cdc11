/**
 * Small, allocation-light XML scanning for SpreadsheetML parts: attribute lookup, the top-level
 * children of a part with their byte offsets (so a writer can keep the ones it does not change
 * verbatim), and text of elements. Namespace prefixes are ignored (local names), as Excel,
 * LibreOffice and openpyxl spell them differently.
 */

const ATTR_CACHE = new Map<string, RegExp>();

/** The value of attribute `name` (local name, any prefix) in a start tag's attribute text. */
export function attr(attrs: string, name: string): string | undefined {
  let re = ATTR_CACHE.get(name);
  if (!re) {
    re = new RegExp(`(?:^|\\s)(?:[\\w.-]+:)?${name}\\s*=\\s*("([^"]*)"|'([^']*)')`);
    ATTR_CACHE.set(name, re);
  }
  const m = re.exec(attrs);
  if (!m) return undefined;
  return unescapeXml(m[2] ?? m[3] ?? '');
}

/** All attributes of a start tag as a map of local names. */
export function attrs(attrText: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of attrText.matchAll(/([\w.:-]+)\s*=\s*("([^"]*)"|'([^']*)')/g)) {
    const k = m[1]!;
    const local = k.includes(':') ? k.slice(k.indexOf(':') + 1) : k;
    if (k.startsWith('xmlns')) continue;
    out[local] = unescapeXml(m[3] ?? m[4] ?? '');
  }
  return out;
}

export function unescapeXml(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(lt|gt|quot|apos|amp|#\d+|#x[0-9a-fA-F]+);/g, (_, e: string) => {
    switch (e) {
      case 'lt':
        return '<';
      case 'gt':
        return '>';
      case 'quot':
        return '"';
      case 'apos':
        return "'";
      case 'amp':
        return '&';
      default:
        return String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : Number(e.slice(1)));
    }
  });
}

/** Decodes Excel's `_xHHHH_` escapes in cell text (control characters). */
export function decodeExcelEscapes(s: string): string {
  if (!s.includes('_x')) return s;
  return s.replace(/_x([0-9A-Fa-f]{4})_/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
}

export const TAG_RE = /<(\/?)([\w.:-]+)((?:[^>"']|"[^"]*"|'[^']*')*?)(\/?)>|<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!\[CDATA\[[\s\S]*?\]\]>/g;

export function localName(qname: string): string {
  const i = qname.indexOf(':');
  return i < 0 ? qname : qname.slice(i + 1);
}

/** An element found by the scanner: its local name, attributes text and offsets in the part. */
export interface XmlElement {
  name: string;
  qname: string;
  attrs: string;
  /** offset of '<' of the start tag */
  start: number;
  /** offset just after the end tag (or the self-closing start tag) */
  end: number;
  /** offset just after the start tag (= end for an empty element) */
  innerStart: number;
  /** offset of the end tag (= end for an empty element) */
  innerEnd: number;
}

/**
 * The child elements of the element whose content spans [from, to) — direct children only.
 * Elements named in `skip` are jumped over by searching for their end tag (no nesting allowed:
 * sheetData), which keeps a pass over a 100k-cell sheet cheap.
 */
export function childElements(xml: string, from: number, to: number, skip: ReadonlySet<string> = new Set()): XmlElement[] {
  const out: XmlElement[] = [];
  const re = new RegExp(TAG_RE.source, 'g');
  re.lastIndex = from;
  let depth = 0;
  let open: { name: string; qname: string; attrs: string; start: number; innerStart: number } | undefined;
  let m: RegExpExecArray | null;
  while ((m = re.exec(xml)) && m.index < to) {
    if (m[2] === undefined) continue; // comment, PI, CDATA
    const closing = m[1] === '/';
    const selfClosing = m[4] === '/';
    const qname = m[2];
    if (closing) {
      depth--;
      if (depth === 0 && open) {
        out.push({ ...open, end: m.index + m[0].length, innerEnd: m.index });
        open = undefined;
      }
      if (depth < 0) break;
      continue;
    }
    if (depth === 0) {
      const name = localName(qname);
      if (selfClosing) {
        const end = m.index + m[0].length;
        out.push({ name, qname, attrs: m[3]!, start: m.index, end, innerStart: end, innerEnd: end });
        continue;
      }
      if (skip.has(name)) {
        const close = `</${qname}>`;
        const endAt = xml.indexOf(close, re.lastIndex);
        if (endAt < 0) throw new Error(`unterminated <${qname}>`);
        out.push({ name, qname, attrs: m[3]!, start: m.index, end: endAt + close.length, innerStart: re.lastIndex, innerEnd: endAt });
        re.lastIndex = endAt + close.length;
        continue;
      }
      open = { name, qname, attrs: m[3]!, start: m.index, innerStart: re.lastIndex };
      depth = 1;
      continue;
    }
    if (!selfClosing) depth++;
  }
  return out;
}

/** The root element of a part and its children. */
export function rootElement(xml: string, skip?: ReadonlySet<string>): { root: XmlElement; children: XmlElement[] } {
  const re = new RegExp(TAG_RE.source, 'g');
  let m: RegExpExecArray | null;
  while ((m = re.exec(xml))) {
    if (m[2] === undefined || m[1] === '/') continue;
    const qname = m[2];
    const start = m.index;
    const innerStart = re.lastIndex;
    if (m[4] === '/') {
      const root = { name: localName(qname), qname, attrs: m[3]!, start, end: innerStart, innerStart, innerEnd: innerStart };
      return { root, children: [] };
    }
    const close = xml.lastIndexOf(`</${qname}>`);
    if (close < innerStart) throw new Error(`unterminated root <${qname}>`);
    const root = { name: localName(qname), qname, attrs: m[3]!, start, end: close + qname.length + 3, innerStart, innerEnd: close };
    return { root, children: childElements(xml, innerStart, close, skip) };
  }
  throw new Error('no root element');
}

/** Children of an element. */
export function childrenOf(xml: string, el: XmlElement, skip?: ReadonlySet<string>): XmlElement[] {
  return el.innerStart === el.innerEnd ? [] : childElements(xml, el.innerStart, el.innerEnd, skip);
}

export function child(xml: string, el: XmlElement | undefined, name: string): XmlElement | undefined {
  return el ? childrenOf(xml, el).find((c) => c.name === name) : undefined;
}

export function children(xml: string, el: XmlElement | undefined, name: string): XmlElement[] {
  return el ? childrenOf(xml, el).filter((c) => c.name === name) : [];
}

/** The concatenated text of every <t> below the element (shared strings, comments, rich text), skipping phonetic runs. */
export function textOfT(xml: string, el: XmlElement): string {
  const inner = xml.slice(el.innerStart, el.innerEnd).replace(/<(\w+:)?rPh\b[\s\S]*?<\/(\w+:)?rPh>/g, '');
  let out = '';
  for (const m of inner.matchAll(/<(?:\w+:)?t(?:\s[^>]*)?>([\s\S]*?)<\/(?:\w+:)?t>/g)) out += m[1]!;
  return decodeExcelEscapes(unescapeXml(out));
}

/** The plain text content of an element (entities decoded, CDATA kept). */
export function textContent(xml: string, el: XmlElement): string {
  const inner = xml.slice(el.innerStart, el.innerEnd);
  return unescapeXml(inner.replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, '$1').replace(/<[^>]+>/g, ''));
}
