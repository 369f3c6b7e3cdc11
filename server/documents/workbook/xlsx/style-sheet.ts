/**
 * styles.xml as the writer sees it: the source file's entries are kept as they are (so every
 * unchanged cell keeps its style index), and a model style that no entry has yet is appended
 * (font, fill, border, number format and cell format), deduplicated.
 */
import type { CellStyle, CfStyle } from '../schema';
import { escapeXml } from '../../common/xml';
import { BUILTIN_NUM_FMTS } from './read-styles';
import { attr, children, rootElement, type XmlElement } from './xml-scan';

const BUILTIN_IDS = new Map(Object.entries(BUILTIN_NUM_FMTS).map(([id, code]) => [code, Number(id)]));

export const MINIMAL_STYLES =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
  '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
  '<fonts count="1"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>' +
  '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
  '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  '<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>' +
  '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
  '<dxfs count="0"/><tableStyles count="0" defaultTableStyle="TableStyleMedium2" defaultPivotStyle="PivotStyleLight16"/>' +
  '</styleSheet>';

function stable(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'undefined';
  if (Array.isArray(v)) return `[${v.map(stable).join(',')}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o)
    .filter((k) => o[k] !== undefined)
    .sort()
    .map((k) => `${k}:${stable(o[k])}`)
    .join(',')}}`;
}

export { stable as stableKey };

const rgb = (c: string) => `FF${c.replace('#', '').toUpperCase()}`;

interface Section {
  name: string;
  el?: XmlElement;
  items: string[];
  added: string[];
}

export class StyleSheet {
  private readonly sections = new Map<string, Section>();
  private readonly cache = new Map<string, number>();
  private readonly dxfCache = new Map<string, number>();
  private readonly numFmtIds = new Map<string, number>();
  private nextNumFmt = 164;
  private changed = false;
  private readonly fontName: string;
  private readonly fontSize: number;
  private readonly xml: string;

  constructor(xml: string | undefined, defaultFont: { name: string; size: number }) {
    this.xml = xml ?? MINIMAL_STYLES;
    this.fontName = defaultFont.name;
    this.fontSize = defaultFont.size;
    const { children: top } = rootElement(this.xml);
    for (const name of ['numFmts', 'fonts', 'fills', 'borders', 'cellXfs', 'dxfs']) {
      const el = top.find((e) => e.name === name);
      const itemName = { numFmts: 'numFmt', fonts: 'font', fills: 'fill', borders: 'border', cellXfs: 'xf', dxfs: 'dxf' }[name]!;
      const items = el ? children(this.xml, el, itemName).map((c) => this.xml.slice(c.start, c.end)) : [];
      this.sections.set(name, { name, el, items, added: [] });
    }
    for (const nf of this.sections.get('numFmts')!.items) {
      const id = Number(attr(nf.slice(nf.indexOf(' '), nf.indexOf('>')), 'numFmtId'));
      const code = attr(nf.slice(nf.indexOf(' '), nf.lastIndexOf('>')), 'formatCode');
      if (code !== undefined && Number.isFinite(id)) {
        this.numFmtIds.set(code, id);
        if (id >= this.nextNumFmt) this.nextNumFmt = id + 1;
      }
    }
  }

  get xfCount(): number {
    const s = this.sections.get('cellXfs')!;
    return s.items.length + s.added.length;
  }

  private add(section: string, xml: string): number {
    const s = this.sections.get(section)!;
    const key = `${section}|${xml}`;
    const hit = this.cache.get(key);
    if (hit !== undefined) return hit;
    const existing = s.items.indexOf(xml);
    if (existing >= 0) {
      this.cache.set(key, existing);
      return existing;
    }
    s.added.push(xml);
    this.changed = true;
    const id = s.items.length + s.added.length - 1;
    this.cache.set(key, id);
    return id;
  }

  numFmtId(code: string | undefined): number {
    if (!code || code === 'General') return 0;
    const builtin = BUILTIN_IDS.get(code);
    if (builtin !== undefined) return builtin;
    const known = this.numFmtIds.get(code);
    if (known !== undefined) return known;
    const id = this.nextNumFmt++;
    this.numFmtIds.set(code, id);
    this.sections.get('numFmts')!.added.push(`<numFmt numFmtId="${id}" formatCode="${escapeXml(code)}"/>`);
    this.changed = true;
    return id;
  }

  private fontXml(s: CellStyle | undefined): string {
    const st = s ?? {};
    return (
      '<font>' +
      (st.bold ? '<b/>' : '') +
      (st.italic ? '<i/>' : '') +
      (st.strike ? '<strike/>' : '') +
      (st.underline ? '<u/>' : '') +
      `<sz val="${st.fontSize ?? this.fontSize}"/>` +
      (st.color ? `<color rgb="${rgb(st.color)}"/>` : '') +
      `<name val="${escapeXml(st.fontName ?? this.fontName)}"/><family val="2"/>` +
      '</font>'
    );
  }

  private borderXml(b: CellStyle['border']): string {
    const side = (name: string) => {
      const x = typeof b === 'string' ? { style: b, color: undefined } : b?.[name as 'top'];
      if (!x) return `<${name}/>`;
      return `<${name} style="${x.style}"><color rgb="${x.color ? rgb(x.color) : 'FF808080'}"/></${name}>`;
    };
    return `<border>${side('left')}${side('right')}${side('top')}${side('bottom')}<diagonal/></border>`;
  }

  /** The cellXfs index of a model style + number format (appended when new). */
  xfFor(style: CellStyle | undefined, numFmt: string | undefined): number {
    const key = `xf|${stable(style ?? {})}|${numFmt ?? ''}`;
    const hit = this.cache.get(key);
    if (hit !== undefined) return hit;
    const st = style ?? {};
    const fontId = this.add('fonts', this.fontXml(st));
    const fillId = st.fill ? this.add('fills', `<fill><patternFill patternType="solid"><fgColor rgb="${rgb(st.fill)}"/><bgColor indexed="64"/></patternFill></fill>`) : 0;
    const borderId = st.border ? this.add('borders', this.borderXml(st.border)) : 0;
    const numFmtId = this.numFmtId(numFmt);
    const align =
      st.hAlign || st.vAlign || st.wrap || st.indent
        ? `<alignment${st.hAlign ? ` horizontal="${st.hAlign}"` : ''}${st.vAlign ? ` vertical="${st.vAlign === 'middle' ? 'center' : st.vAlign}"` : ''}${st.wrap ? ' wrapText="1"' : ''}${st.indent ? ` indent="${st.indent}"` : ''}/>`
        : '';
    const xf =
      `<xf numFmtId="${numFmtId}" fontId="${fontId}" fillId="${fillId}" borderId="${borderId}" xfId="0"` +
      `${numFmtId ? ' applyNumberFormat="1"' : ''} applyFont="1"${fillId ? ' applyFill="1"' : ''}${borderId ? ' applyBorder="1"' : ''}${align ? ' applyAlignment="1">' + align + '</xf>' : '/>'}`;
    const id = this.add('cellXfs', xf);
    this.cache.set(key, id);
    return id;
  }

  /** The dxfs index of a conditional-format style (appended when new). */
  dxfFor(style: CfStyle): number {
    const key = stable(style);
    const hit = this.dxfCache.get(key);
    if (hit !== undefined) return hit;
    const font =
      style.color || style.bold || style.italic || style.underline || style.strike
        ? `<font>${style.bold ? '<b/>' : ''}${style.italic ? '<i/>' : ''}${style.strike ? '<strike/>' : ''}${style.underline ? '<u/>' : ''}${style.color ? `<color rgb="${rgb(style.color)}"/>` : ''}</font>`
        : '';
    const numFmt = style.numFmt ? `<numFmt numFmtId="${this.numFmtId(style.numFmt)}" formatCode="${escapeXml(style.numFmt)}"/>` : '';
    const fill = style.fill ? `<fill><patternFill patternType="solid"><fgColor rgb="${rgb(style.fill)}"/><bgColor rgb="${rgb(style.fill)}"/></patternFill></fill>` : '';
    const border = style.border ? `<border><left style="${style.border}"/><right style="${style.border}"/><top style="${style.border}"/><bottom style="${style.border}"/></border>` : '';
    const id = this.add('dxfs', `<dxf>${font}${numFmt}${fill}${border}</dxf>`);
    this.dxfCache.set(key, id);
    return id;
  }

  /** styles.xml with the appended entries, or undefined when nothing was appended. */
  serialize(): string | undefined {
    if (!this.changed) return undefined;
    let out = this.xml;
    // replace sections from the end so earlier offsets stay valid
    const order = [...this.sections.values()].sort((a, b) => (b.el?.start ?? -1) - (a.el?.start ?? -1));
    const missing: Section[] = [];
    for (const s of order) {
      if (!s.added.length) continue;
      if (!s.el) {
        missing.push(s);
        continue;
      }
      const all = [...s.items, ...s.added];
      const open = `<${s.el.qname}${s.el.attrs.replace(/\s*count="\d*"/, '')} count="${all.length}">`;
      const prefix = s.el.qname.includes(':') ? s.el.qname.slice(0, s.el.qname.indexOf(':') + 1) : '';
      const items = prefix ? all.map((x) => x.replace(/<(\/?)(?!\w+:)(\w)/g, `<$1${prefix}$2`)) : all;
      out = out.slice(0, s.el.start) + open + items.join('') + `</${s.el.qname}>` + out.slice(s.el.end);
    }
    for (const s of missing) {
      // a section the file did not have: numFmts goes first, dxfs after cellStyles
      const xml = `<${s.name} count="${s.added.length}">${s.added.join('')}</${s.name}>`;
      if (s.name === 'numFmts') out = out.replace(/<(\w+:)?styleSheet\b[^>]*>/, (open) => `${open}${xml}`);
      else if (s.name === 'dxfs') {
        const at = out.search(/<(\w+:)?(tableStyles|colors|extLst)\b|<\/(\w+:)?styleSheet>/);
        out = out.slice(0, at) + xml + out.slice(at);
      }
    }
    return out;
  }
}
