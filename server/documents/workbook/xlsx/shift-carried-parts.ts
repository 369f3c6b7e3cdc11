/**
 * Rows and columns inserted or deleted in an imported sheet move the cells the model holds; the
 * parts it only carries point at cells too. They are shifted the same way, in order: chart series
 * (<c:f>), sparklines and x14 rules (<xm:f>, <xm:sqref>), pivot cache sources, the anchors of
 * charts, pictures and shapes in the sheet's drawing, and its legacy notes (comments + VML).
 */
import { parseRange, toRange } from '../../../../lib/workbook/cell-ref';
import { shiftFormula } from '../structure/shift-formula';
import { shiftIndex, shiftSpan, type AxisEdit } from '../structure/shift-area';
import { formatSheetPrefix } from '../structure';
import { unescapeXml } from './xml-scan';

export interface CarriedEdit {
  part: string;
  axis: 'row' | 'col';
  op: 'insert' | 'delete';
  at: number;
  count: number;
}

const escText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function shiftFormulaText(xml: string, tag: RegExp, edit: AxisEdit): string {
  return xml.replace(tag, (m, open: string, text: string, close: string) => {
    const f = unescapeXml(text);
    const r = shiftFormula(f, edit, { sheet: undefined }).formula;
    return r === f ? m : `${open}${escText(r)}${close}`;
  });
}

/** A range on the edited sheet itself (sqref items, refs): shifted, or undefined when deleted. */
function shiftRange(range: string, edit: AxisEdit): string | undefined {
  const r = parseRange(range.replace(/\$/g, ''));
  if (edit.axis === 'row') {
    const s = shiftSpan(r.from.row, r.to.row, edit);
    return s ? toRange({ from: { row: s[0], col: r.from.col }, to: { row: s[1], col: r.to.col } }) : undefined;
  }
  const s = shiftSpan(r.from.col, r.to.col, edit);
  return s ? toRange({ from: { row: r.from.row, col: s[0] }, to: { row: r.to.row, col: s[1] } }) : undefined;
}

function shiftSqref(sqref: string, edit: AxisEdit): string {
  return sqref
    .trim()
    .split(/\s+/)
    .map((p) => {
      try {
        return shiftRange(p, edit);
      } catch {
        return p;
      }
    })
    .filter((p): p is string => !!p)
    .join(' ');
}

/** Any part: chart series, sparklines, x14 formulas, pivot cache sources that point at the edited sheet. */
export function shiftReferencesInPart(xml: string, edit: AxisEdit, kind: 'chart' | 'other'): string {
  // (a worksheet's own <f> are cell formulas: the model moved those)
  let out = kind === 'chart' ? shiftFormulaText(xml, /(<(?:c:)?f>)([^<]*)(<\/(?:c:)?f>)/g, edit) : xml;
  out = shiftFormulaText(out, /(<xm:f>)([^<]*)(<\/xm:f>)/g, edit);
  out = out.replace(/(<(?:\w+:)?worksheetSource\b)([^>]*)(\/?>)/g, (m, open: string, attrs: string, close: string) => {
    const sheet = /\bsheet="([^"]*)"/.exec(attrs)?.[1];
    const ref = /\bref="([^"]*)"/.exec(attrs)?.[1];
    if (!sheet || !ref || unescapeXml(sheet).toLowerCase() !== edit.sheet.toLowerCase()) return m;
    const r = shiftFormula(`${formatSheetPrefix(unescapeXml(sheet))}${ref}`, edit, { sheet: undefined }).formula;
    const bang = r.lastIndexOf('!');
    return `${open}${attrs.replace(/\bref="[^"]*"/, () => `ref="${r.slice(bang + 1)}"`)}${close}`;
  });
  return out;
}

/** The edited sheet's own part: x14 rule ranges (<xm:sqref>) stay on their cells. */
export function shiftSheetOwnRanges(xml: string, edit: AxisEdit): string {
  return xml.replace(/(<xm:sqref>)([^<]*)(<\/xm:sqref>)/g, (_m, a: string, sq: string, b: string) => `${a}${shiftSqref(sq, edit)}${b}`);
}

/** A drawing part of the edited sheet: every anchor's from/to cell moves (0-based in the file). */
export function shiftDrawingAnchors(xml: string, edit: AxisEdit): string {
  const tag = edit.axis === 'row' ? 'row' : 'col';
  return xml.replace(/<(xdr:)?(from|to)>([\s\S]*?)<\/\1?\2>/g, (m, p: string | undefined, which: string, inner: string) => {
    const re = new RegExp(`(<(?:xdr:)?${tag}>)(\\d+)(</(?:xdr:)?${tag}>)`);
    const hit = re.exec(inner);
    if (!hit) return m;
    const i = Number(hit[2]) + 1;
    const moved = shiftIndex(i, edit) ?? (edit.op === 'delete' ? Math.max(1, edit.at) : i);
    return `<${p ?? ''}${which}>${inner.replace(re, `$1${moved - 1}$3`)}</${p ?? ''}${which}>`;
  });
}

/** The sheet's notes: comment refs (comments part) and note shapes (VML), deleted cells' notes removed. */
export function shiftCommentRefs(xml: string, edit: AxisEdit): string {
  return xml.replace(/<((?:\w+:)?comment)\b([^>]*)\bref="([^"]*)"([^>]*)>[\s\S]*?<\/\1>/g, (m, tag: string, a: string, ref: string, b: string) => {
    void tag;
    void a;
    void b;
    const moved = shiftRange(ref, edit);
    return moved ? m.replace(`ref="${ref}"`, () => `ref="${moved}"`) : '';
  });
}

export function shiftVmlNotes(xml: string, edit: AxisEdit): string {
  return xml.replace(/<v:shape\b[\s\S]*?<\/v:shape>/g, (shape) => {
    const row = /<x:Row>(\d+)<\/x:Row>/.exec(shape);
    const col = /<x:Column>(\d+)<\/x:Column>/.exec(shape);
    if (!row || !col) return shape;
    const i = Number(edit.axis === 'row' ? row[1] : col[1]) + 1;
    const moved = shiftIndex(i, edit);
    if (moved === undefined) return '';
    let out = edit.axis === 'row' ? shape.replace(row[0], () => `<x:Row>${moved - 1}</x:Row>`) : shape.replace(col[0], () => `<x:Column>${moved - 1}</x:Column>`);
    // <x:Anchor>LeftCol, LeftOff, TopRow, TopOff, RightCol, RightOff, BottomRow, BottomOff</x:Anchor>
    out = out.replace(/<x:Anchor>([^<]*)<\/x:Anchor>/, (_a, text: string) => {
      const n = text.split(',').map((x) => Number(x.trim()));
      const idx = edit.axis === 'row' ? [2, 6] : [0, 4];
      for (const k of idx) n[k] = (shiftIndex(n[k]! + 1, edit) ?? n[k]! + 1) - 1;
      return `<x:Anchor>${n.join(', ')}</x:Anchor>`;
    });
    return out;
  });
}

export function toAxisEdit(e: CarriedEdit, sheetName: string): AxisEdit {
  return { sheet: sheetName, axis: e.axis, op: e.op, at: e.at, count: e.count };
}
