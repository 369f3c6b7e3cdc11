/**
 * Direct <sheetData> for large sheets. exceljs builds a cell object, a style model and an XML node
 * per cell, which dominates the time of a 100,000-cell workbook. For a large sheet the renderer
 * gives exceljs only the cells it must see (tables, merges, and one "carrier" cell per distinct
 * style, so that exceljs writes styles.xml and tells us each style's id), and the other cells are
 * written here, as exceljs writes them (same attributes, same value encoding), except that text
 * cells are inline strings (t="inlineStr") instead of shared strings. The two cell sets are merged
 * row by row into the worksheet part exceljs wrote, and <dimension> is widened to cover both.
 */
import { numberToColumn } from './cell-ref';
import { isErrorValue, toFileFormula, type EvalValue } from './evaluate-formulas';
import type { Cell } from './schema';
import { ByteWriter } from './xlsx/byte-writer';

/** A cell written here rather than by exceljs. */
export interface DirectCell {
  row: number;
  col: number;
  cell: Cell;
  /** the computed value of a formula cell (when hasComputed) */
  computed: EvalValue | undefined;
  hasComputed: boolean;
  /** the renderer's style key (style + number format); its id comes from the carrier cell */
  styleKey: string;
}

export interface DirectSheet {
  cells: DirectCell[];
  /** style key → address of the cell exceljs writes with that style */
  carriers: Map<string, string>;
}

/** exceljs' xmlEncode: escapes the five XML characters, drops characters XML 1.0 cannot hold. */
export function encodeXmlText(text: string): string {
  if (!/[\u0000-\u0008\u000b\u000c\u000e-\u001f"&'<>\u007f]/.test(text)) return text;
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) out += '&quot;';
    else if (c === 38) out += '&amp;';
    else if (c === 39) out += '&apos;';
    else if (c === 60) out += '&lt;';
    else if (c === 62) out += '&gt;';
    else if (c === 127 || (c <= 31 && (c <= 8 || (c >= 11 && c !== 13)))) continue;
    else out += text[i];
  }
  return out;
}

function inlineString(s: string): string {
  const space = /^\s|\n|\s$/.test(s) ? ' xml:space="preserve"' : '';
  return `<is><t${space}>${encodeXmlText(s)}</t></is>`;
}

/** One <c> element, as exceljs' cell-xform renders it (strings inline); '' for a cell exceljs would skip. */
export function cellXml(address: string, styleId: number, d: DirectCell): string {
  const s = styleId ? ` s="${styleId}"` : '';
  const cell = d.cell;
  if (cell.formula) {
    const f = `<f>${encodeXmlText(toFileFormula(cell.formula))}</f>`;
    if (!d.hasComputed) return `<c r="${address}"${s}>${f}</c>`;
    const v = d.computed;
    if (isErrorValue(v)) return `<c r="${address}"${s} t="e">${f}<v>${encodeXmlText(v.error)}</v></c>`;
    if (v === null || v === undefined) return `<c r="${address}"${s}>${f}<v>0</v></c>`;
    if (typeof v === 'string') return `<c r="${address}"${s} t="str">${f}<v>${encodeXmlText(v)}</v></c>`;
    if (typeof v === 'boolean') return `<c r="${address}"${s} t="b">${f}<v>${v ? 1 : 0}</v></c>`;
    return `<c r="${address}"${s}>${f}<v>${v}</v></c>`;
  }
  const v = cell.value;
  if (v === null || v === undefined) return styleId ? `<c r="${address}"${s}/>` : '';
  if (typeof v === 'string') return `<c r="${address}"${s} t="inlineStr">${inlineString(v)}</c>`;
  if (typeof v === 'boolean') return `<c r="${address}"${s} t="b"><v>${v ? '1' : '0'}</v></c>`;
  return `<c r="${address}"${s}><v>${v}</v></c>`;
}

interface RowOut {
  attrs: string | undefined; // exceljs' attributes (without spans) when exceljs wrote the row
  /** exceljs' cells (xml) and direct cells (d), whose XML is made only when the row is written */
  cells: Array<{ col: number; xml?: string; d?: DirectCell }>;
}

const ROW_RE = /<row\b([^>]*?)(?:\/>|>([\s\S]*?)<\/row>)/g;
const CELL_RE = /<c\b[^>]*?(?:\/>|>[\s\S]*?<\/c>)/g;
const CELL_REF_RE = /^<c\b[^>]*?\br="([A-Z]+)(\d+)"/;
const STYLE_RE = /^<c\b[^>]*?\bs="(\d+)"/;

function colNumber(letters: string): number {
  let n = 0;
  for (let i = 0; i < letters.length; i++) n = n * 26 + (letters.charCodeAt(i) - 64);
  return n;
}

/**
 * Merges the direct cells into a worksheet part written by exceljs: style ids from the carrier
 * cells, rows and cells in order, spans and the dimension recomputed over both cell sets.
 * Returns the part's bytes (UTF-8).
 */
export function mergeSheetData(sheetXml: string, direct: DirectSheet): Buffer {
  const open = sheetXml.indexOf('<sheetData');
  if (open < 0) throw new Error('worksheet part has no <sheetData>');
  const selfClosing = sheetXml.startsWith('<sheetData/>', open);
  const close = selfClosing ? open + '<sheetData/>'.length : sheetXml.indexOf('</sheetData>', open) + '</sheetData>'.length;
  const inner = selfClosing ? '' : sheetXml.slice(sheetXml.indexOf('>', open) + 1, close - '</sheetData>'.length);

  // exceljs' rows and cells; the style id of each carrier
  const rows = new Map<number, RowOut>();
  const styleAt = new Map<string, number>();
  for (const m of inner.matchAll(ROW_RE)) {
    const attrs = m[1] ?? '';
    const r = Number(/\br="(\d+)"/.exec(attrs)?.[1]);
    const cells: RowOut['cells'] = [];
    for (const c of (m[2] ?? '').matchAll(CELL_RE)) {
      const ref = CELL_REF_RE.exec(c[0]);
      if (!ref) throw new Error(`unexpected cell in exceljs output: ${c[0].slice(0, 80)}`);
      cells.push({ col: colNumber(ref[1]!), xml: c[0] });
      styleAt.set(`${ref[1]}${ref[2]}`, Number(STYLE_RE.exec(c[0])?.[1] ?? 0));
    }
    rows.set(r, { attrs: attrs.replace(/\s+spans="[^"]*"/, ''), cells });
  }
  const styleIds = new Map<string, number>();
  for (const [key, address] of direct.carriers) styleIds.set(key, styleAt.get(address) ?? 0);

  // dimension: exceljs' own (over its cells) widened by the direct cells that hold something
  let top = Infinity;
  let left = Infinity;
  let bottom = 0;
  let right = 0;
  const dim = /<dimension ref="([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"\/>/.exec(sheetXml);
  if (dim && Number(dim[2]) > 0) {
    top = Number(dim[2]);
    left = colNumber(dim[1]!);
    bottom = Number(dim[4] ?? dim[2]);
    right = colNumber(dim[3] ?? dim[1]!);
  }

  for (const d of direct.cells) {
    if (d.cell.formula || (d.cell.value !== null && d.cell.value !== undefined)) {
      if (d.row < top) top = d.row;
      if (d.row > bottom) bottom = d.row;
      if (d.col < left) left = d.col;
      if (d.col > right) right = d.col;
    }
    let row = rows.get(d.row);
    if (!row) rows.set(d.row, (row = { attrs: undefined, cells: [] }));
    row.cells.push({ col: d.col, d });
  }

  let head = sheetXml.slice(0, open);
  const tail = sheetXml.slice(close);
  if (bottom > 0) {
    const ref = `${numberToColumn(left)}${top}:${numberToColumn(right)}${bottom}`;
    if (dim) head = head.replace(dim[0], `<dimension ref="${ref}"/>`);
    else {
      // schema order: <dimension> follows <sheetPr> (if any) and precedes everything else
      const pr = /<sheetPr\b[^>]*?(?:\/>|>[\s\S]*?<\/sheetPr>)/.exec(head);
      const at = pr ? pr.index + pr[0].length : head.indexOf('>', head.indexOf('<worksheet')) + 1;
      head = `${head.slice(0, at)}<dimension ref="${ref}"/>${head.slice(at)}`;
    }
  }

  // written row by row straight into bytes: holding 100,000 cell strings costs more than making them
  const out = new ByteWriter(sheetXml.length + direct.cells.length * 48);
  out.write(head);
  out.write('<sheetData>');
  const colLetters: string[] = [];
  for (const r of [...rows.keys()].sort((a, b) => a - b)) {
    const row = rows.get(r)!;
    row.cells.sort((a, b) => a.col - b.col);
    let body = '';
    let first = 0;
    let last = 0;
    for (const c of row.cells) {
      const xml = c.d ? cellXml(`${(colLetters[c.col] ??= numberToColumn(c.col))}${r}`, styleIds.get(c.d.styleKey) ?? 0, c.d) : (c.xml ?? '');
      if (!xml) continue; // an empty cell without a style: exceljs writes nothing either
      body += xml;
      if (!first) first = c.col;
      last = c.col;
    }
    const spans = first ? ` spans="${first}:${last}"` : '';
    out.write(`${row.attrs === undefined ? `<row r="${r}"${spans} x14ac:dyDescent="0.25">` : `<row${row.attrs}${spans}>`}${body}</row>`);
  }
  out.write('</sheetData>');
  out.write(tail);
  return out.bytes();
}
