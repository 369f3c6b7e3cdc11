/**
 * styles.xml (and the theme's colours) → the model's cell styles and number formats, one per
 * cellXfs index, plus the differential formats (dxfs) conditional formats use.
 */
import type { CellStyle, CfStyle } from '../schema';
import { attr, child, children, childrenOf, rootElement, unescapeXml, type XmlElement } from './xml-scan';

/** Excel's built-in number formats (ids without a <numFmt> of their own). */
export const BUILTIN_NUM_FMTS: Record<number, string> = {
  0: 'General',
  1: '0',
  2: '0.00',
  3: '#,##0',
  4: '#,##0.00',
  9: '0%',
  10: '0.00%',
  11: '0.00E+00',
  12: '# ?/?',
  13: '# ??/??',
  14: 'mm-dd-yy',
  15: 'd-mmm-yy',
  16: 'd-mmm',
  17: 'mmm-yy',
  18: 'h:mm AM/PM',
  19: 'h:mm:ss AM/PM',
  20: 'h:mm',
  21: 'h:mm:ss',
  22: 'm/d/yy h:mm',
  37: '#,##0 ;(#,##0)',
  38: '#,##0 ;[Red](#,##0)',
  39: '#,##0.00;(#,##0.00)',
  40: '#,##0.00;[Red](#,##0.00)',
  45: 'mm:ss',
  46: '[h]:mm:ss',
  47: 'mmss.0',
  48: '##0.0E+0',
  49: '@',
};

/** The 64-colour legacy palette of indexed colours. */
const INDEXED = [
  '000000', 'FFFFFF', 'FF0000', '00FF00', '0000FF', 'FFFF00', 'FF00FF', '00FFFF', '000000', 'FFFFFF', 'FF0000', '00FF00', '0000FF', 'FFFF00',
  'FF00FF', '00FFFF', '800000', '008000', '000080', '808000', '800080', '008080', 'C0C0C0', '808080', '9999FF', '993366', 'FFFFCC', 'CCFFFF',
  '660066', 'FF8080', '0066CC', 'CCCCFF', '000080', 'FF00FF', 'FFFF00', '00FFFF', '800080', '800000', '008080', '0000FF', '00CCFF', 'CCFFFF',
  'CCFFCC', 'FFFF99', '99CCFF', 'FF99CC', 'CC99FF', 'FFCC99', '3366FF', '33CCCC', '99CC00', 'FFCC00', 'FF9900', 'FF6600', '666699', '969696',
  '003366', '339966', '003300', '333300', '993300', '993366', '333399', '333333',
];

/** Theme colours in Excel's index order (lt1, dk1, lt2, dk2, accent1–6, hlink, folHlink). */
export function readThemeColors(themeXml: string | undefined): string[] {
  if (!themeXml) return [];
  const scheme = /<(\w+:)?clrScheme\b[\s\S]*?<\/(\w+:)?clrScheme>/.exec(themeXml)?.[0];
  if (!scheme) return [];
  const order = ['dk1', 'lt1', 'dk2', 'lt2', 'accent1', 'accent2', 'accent3', 'accent4', 'accent5', 'accent6', 'hlink', 'folHlink'];
  const colors = order.map((n) => {
    const block = new RegExp(`<(?:\\w+:)?${n}>([\\s\\S]*?)</(?:\\w+:)?${n}>`).exec(scheme)?.[1] ?? '';
    return /srgbClr\s+val="([0-9A-Fa-f]{6})"/.exec(block)?.[1] ?? /lastClr="([0-9A-Fa-f]{6})"/.exec(block)?.[1] ?? '';
  });
  // Excel's theme indexes swap the first two pairs: 0 = lt1, 1 = dk1, 2 = lt2, 3 = dk2
  return [colors[1]!, colors[0]!, colors[3]!, colors[2]!, ...colors.slice(4)].map((c) => c.toUpperCase());
}

function applyTint(rgb: string, tint: number): string {
  const r = parseInt(rgb.slice(0, 2), 16) / 255;
  const g = parseInt(rgb.slice(2, 4), 16) / 255;
  const b = parseInt(rgb.slice(4, 6), 16) / 255;
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  let h = 0;
  let s = 0;
  let l = (max + min) / 2;
  if (max !== min) {
    const d = max - min;
    s = l > 0.5 ? d / (2 - max - min) : d / (max + min);
    h = max === r ? (g - b) / d + (g < b ? 6 : 0) : max === g ? (b - r) / d + 2 : (r - g) / d + 4;
    h /= 6;
  }
  l = tint < 0 ? l * (1 + tint) : l * (1 - tint) + tint;
  const hue = (p: number, q: number, t: number) => {
    if (t < 0) t += 1;
    if (t > 1) t -= 1;
    if (t < 1 / 6) return p + (q - p) * 6 * t;
    if (t < 1 / 2) return q;
    if (t < 2 / 3) return p + (q - p) * (2 / 3 - t) * 6;
    return p;
  };
  let rr = l;
  let gg = l;
  let bb = l;
  if (s !== 0) {
    const q = l < 0.5 ? l * (1 + s) : l + s - l * s;
    const p = 2 * l - q;
    rr = hue(p, q, h + 1 / 3);
    gg = hue(p, q, h);
    bb = hue(p, q, h - 1 / 3);
  }
  const hex = (x: number) => Math.round(Math.min(1, Math.max(0, x)) * 255).toString(16).padStart(2, '0');
  return `${hex(rr)}${hex(gg)}${hex(bb)}`.toUpperCase();
}

/** A colour element's attributes → "#RRGGBB" (theme and tint resolved), or undefined for auto/unknown. */
export function resolveColor(attrText: string | undefined, theme: string[]): string | undefined {
  if (attrText === undefined) return undefined;
  const rgb = attr(attrText, 'rgb');
  const th = attr(attrText, 'theme');
  const ix = attr(attrText, 'indexed');
  let base: string | undefined;
  if (rgb && /^[0-9A-Fa-f]{6,8}$/.test(rgb)) base = rgb.slice(-6).toUpperCase();
  else if (th !== undefined && theme[Number(th)]) base = theme[Number(th)];
  else if (ix !== undefined && INDEXED[Number(ix)]) base = INDEXED[Number(ix)];
  if (!base) return undefined;
  const tint = Number(attr(attrText, 'tint') ?? 0);
  return `#${tint ? applyTint(base, tint) : base}`;
}

interface FontInfo {
  name?: string;
  size?: number;
  bold?: boolean;
  italic?: boolean;
  underline?: boolean;
  strike?: boolean;
  color?: string;
}

const on = (el: XmlElement | undefined) => el !== undefined && !['0', 'false'].includes(attr(el.attrs, 'val') ?? '1');

export function readFont(xml: string, el: XmlElement, theme: string[]): FontInfo {
  const f: FontInfo = {};
  for (const c of childrenOf(xml, el)) {
    const val = attr(c.attrs, 'val');
    switch (c.name) {
      case 'name':
      case 'rFont':
        if (val) f.name = val;
        break;
      case 'sz':
        if (val && Number.isFinite(Number(val))) f.size = Number(val);
        break;
      case 'b':
        if (on(c)) f.bold = true;
        break;
      case 'i':
        if (on(c)) f.italic = true;
        break;
      case 'strike':
        if (on(c)) f.strike = true;
        break;
      case 'u':
        if (val !== 'none') f.underline = true;
        break;
      case 'color': {
        const col = resolveColor(c.attrs, theme);
        if (col) f.color = col;
        break;
      }
    }
  }
  return f;
}

function readFill(xml: string, el: XmlElement, theme: string[]): string | undefined {
  const p = child(xml, el, 'patternFill');
  if (!p) {
    const g = child(xml, el, 'gradientFill');
    const stop = g ? children(xml, g, 'stop')[0] : undefined;
    const c = stop ? child(xml, stop, 'color') : undefined;
    return c ? resolveColor(c.attrs, theme) : undefined;
  }
  const type = attr(p.attrs, 'patternType');
  if (type === 'none' || type === undefined) {
    // a dxf fill without a type is solid (it names its colour in bgColor)
    if (type === undefined) {
      const bg = child(xml, p, 'bgColor') ?? child(xml, p, 'fgColor');
      return bg ? resolveColor(bg.attrs, theme) : undefined;
    }
    return undefined;
  }
  const fg = child(xml, p, 'fgColor');
  const bg = child(xml, p, 'bgColor');
  return resolveColor(fg?.attrs, theme) ?? (type === 'solid' ? resolveColor(bg?.attrs, theme) : undefined);
}

type Side = { style: 'thin' | 'medium' | 'thick' | 'dashed' | 'dotted' | 'double' | 'hair'; color?: string };
const BORDER_MAP: Record<string, Side['style']> = {
  thin: 'thin',
  medium: 'medium',
  thick: 'thick',
  dashed: 'dashed',
  dotted: 'dotted',
  double: 'double',
  hair: 'hair',
  mediumDashed: 'dashed',
  dashDot: 'dashed',
  mediumDashDot: 'dashed',
  dashDotDot: 'dotted',
  mediumDashDotDot: 'dotted',
  slantDashDot: 'dashed',
};

function readBorder(xml: string, el: XmlElement, theme: string[]): CellStyle['border'] {
  const sides: Partial<Record<'top' | 'bottom' | 'left' | 'right', Side>> = {};
  for (const c of childrenOf(xml, el)) {
    const name = c.name === 'start' ? 'left' : c.name === 'end' ? 'right' : c.name;
    if (name !== 'top' && name !== 'bottom' && name !== 'left' && name !== 'right') continue;
    const st = BORDER_MAP[attr(c.attrs, 'style') ?? ''];
    if (!st) continue;
    const col = child(xml, c, 'color');
    const color = col ? resolveColor(col.attrs, theme) : undefined;
    // the grey our writer uses when a side has no colour of its own reads back as no colour
    sides[name] = { style: st, ...(color && color !== '#808080' ? { color } : {}) };
  }
  if (!Object.keys(sides).length) return undefined;
  // four equal sides in the default grey are the model's one-word border
  const all = [sides.top, sides.bottom, sides.left, sides.right];
  if (all.every((x) => x && x.style === all[0]!.style && x.color === undefined)) return all[0]!.style;
  return sides;
}

export interface XfInfo {
  numFmt?: string;
  style?: CellStyle;
}

export interface StylesInfo {
  /** the theme's colours (Excel's index order), for colours given by theme index */
  theme: string[];
  defaultFont: { name: string; size: number };
  xfs: XfInfo[];
  dxfs: CfStyle[];
  numFmts: Map<number, string>;
}

/** Parses styles.xml: each cellXfs entry as a model style relative to the default font. */
export function readStyles(xml: string | undefined, theme: string[]): StylesInfo {
  const out: StylesInfo = { theme, defaultFont: { name: 'Calibri', size: 11 }, xfs: [], dxfs: [], numFmts: new Map() };
  if (!xml) return out;
  const { children: top } = rootElement(xml);
  const section = (name: string) => top.find((e) => e.name === name);
  for (const nf of children(xml, section('numFmts'), 'numFmt')) {
    const id = Number(attr(nf.attrs, 'numFmtId'));
    const code = attr(nf.attrs, 'formatCode');
    if (Number.isFinite(id) && code !== undefined) out.numFmts.set(id, code);
  }
  const fonts = children(xml, section('fonts'), 'font').map((f) => readFont(xml, f, theme));
  const fills = children(xml, section('fills'), 'fill').map((f) => readFill(xml, f, theme));
  const borders = children(xml, section('borders'), 'border').map((b) => readBorder(xml, b, theme));
  const base = fonts[0] ?? {};
  out.defaultFont = { name: base.name ?? 'Calibri', size: base.size ?? 11 };
  const numFmtOf = (id: number) => out.numFmts.get(id) ?? BUILTIN_NUM_FMTS[id];

  for (const xf of children(xml, section('cellXfs'), 'xf')) {
    const info: XfInfo = {};
    const nfId = Number(attr(xf.attrs, 'numFmtId') ?? 0);
    const code = numFmtOf(nfId);
    if (code && code !== 'General') info.numFmt = code;
    const s: CellStyle = {};
    const font = fonts[Number(attr(xf.attrs, 'fontId') ?? 0)];
    if (font) {
      if (font.name && font.name !== out.defaultFont.name) s.fontName = font.name;
      if (font.size && font.size !== out.defaultFont.size && font.size >= 1 && font.size <= 409) s.fontSize = font.size;
      if (font.bold) s.bold = true;
      if (font.italic) s.italic = true;
      if (font.underline) s.underline = true;
      if (font.strike) s.strike = true;
      if (font.color && font.color !== '#000000') s.color = font.color;
    }
    const fill = fills[Number(attr(xf.attrs, 'fillId') ?? 0)];
    if (fill) s.fill = fill;
    const border = borders[Number(attr(xf.attrs, 'borderId') ?? 0)];
    if (border) s.border = border;
    const al = child(xml, xf, 'alignment');
    if (al) {
      const h = attr(al.attrs, 'horizontal');
      if (h === 'left' || h === 'center' || h === 'right' || h === 'fill' || h === 'justify') s.hAlign = h;
      else if (h === 'centerContinuous' || h === 'distributed') s.hAlign = 'center';
      const v = attr(al.attrs, 'vertical');
      if (v === 'top') s.vAlign = 'top';
      else if (v === 'center' || v === 'distributed' || v === 'justify') s.vAlign = 'middle';
      if (['1', 'true'].includes(attr(al.attrs, 'wrapText') ?? '')) s.wrap = true;
      const ind = Number(attr(al.attrs, 'indent') ?? 0);
      if (ind > 0) s.indent = Math.min(15, Math.round(ind));
    }
    if (Object.keys(s).length) info.style = s;
    out.xfs.push(info);
  }

  for (const dxf of children(xml, section('dxfs'), 'dxf')) {
    const st: CfStyle = {};
    const f = child(xml, dxf, 'font');
    if (f) {
      const fi = readFont(xml, f, theme);
      if (fi.color) st.color = fi.color;
      if (fi.bold) st.bold = true;
      if (fi.italic) st.italic = true;
      if (fi.underline) st.underline = true;
      if (fi.strike) st.strike = true;
    }
    const fill = child(xml, dxf, 'fill');
    if (fill) {
      const c = readFill(xml, fill, theme);
      if (c) st.fill = c;
    }
    const nf = child(xml, dxf, 'numFmt');
    const code = nf ? attr(nf.attrs, 'formatCode') : undefined;
    if (code) st.numFmt = unescapeXml(code);
    const b = child(xml, dxf, 'border');
    const border = b ? readBorder(xml, b, theme) : undefined;
    if (border && typeof border === 'object') {
      const first = Object.values(border)[0];
      if (first) st.border = first.style;
    }
    out.dxfs.push(st);
  }
  return out;
}
