/**
 * What mammoth does not read from a .docx table, taken from word/document.xml and put on the
 * tiptap tables it produced: column widths (cells' colwidth, px), cell alignment (align, from the
 * cell's first paragraph),
 * whether rows may split across pages (cantSplit) and the table's look (tableStyle, inferred from
 * its borders and shading the way render-docx writes them).
 *
 * Tables are matched by order: mammoth turns every <w:tbl> into one table, and a depth-first walk
 * of the tiptap content meets them in the order their start tags appear in the XML.
 */
import type { TableStyle, TiptapNode } from './schema';

interface Span {
  start: number;
  end: number;
  children: Span[];
}

/** Each table's own XML (tables nested in it cut out), in the order of their start tags. */
export function tableXmls(xml: string): string[] {
  const all: Span[] = [];
  const stack: Span[] = [];
  for (const m of xml.matchAll(/<w:tbl(?:\s[^>]*)?>|<\/w:tbl>/g)) {
    if (m[0] !== '</w:tbl>') {
      const span: Span = { start: m.index, end: -1, children: [] };
      stack[stack.length - 1]?.children.push(span);
      stack.push(span);
      all.push(span);
    } else {
      const span = stack.pop();
      if (span) span.end = m.index + m[0].length;
    }
  }
  return all
    .filter((s) => s.end > 0)
    .map((s) => {
      let own = '';
      let at = s.start;
      for (const c of s.children) {
        own += xml.slice(at, c.start);
        at = c.end;
      }
      return own + xml.slice(at, s.end);
    });
}

const on = (xml: string, tag: string) => {
  const m = new RegExp(`<w:${tag}(?:\\s+w:val="([^"]*)")?\\s*/>`).exec(xml);
  return !!m && !['false', '0', 'off'].includes(m[1] ?? '');
};

function alignOf(paragraphXml: string): string | null {
  const jc = /<w:pPr>[\s\S]*?<w:jc w:val="(\w+)"/.exec(paragraphXml)?.[1];
  // a table cell's align is left / center / right
  return jc === 'right' || jc === 'end' ? 'right' : jc === 'center' ? 'center' : null;
}

const DRAWN = (side: string) => new RegExp(`<w:${side}\\b[^>]*w:val="(?!none"|nil")\\w+"`);

/** The look from the cells' own borders, as LibreOffice saves tables: vertical lines → grid, rules between body rows → light. */
function lookOfCells(tableXml: string, rows: string[], banded: boolean): TableStyle | undefined {
  const cells = [...tableXml.matchAll(/<w:tcBorders\/>|<w:tcBorders>([\s\S]*?)<\/w:tcBorders>/g)].map((m) => m[1] ?? '');
  if (!cells.length) return undefined;
  if (!cells.some((b) => DRAWN('\\w+').test(b))) return 'plain';
  if (cells.some((b) => ['left', 'right', 'start', 'end'].some((side) => DRAWN(side).test(b)))) return 'grid';
  if (banded) return 'striped';
  const body = rows.filter((r) => !on(r, 'tblHeader'));
  return body.slice(1).some((r) => DRAWN('top').test(r)) ? 'light' : 'striped';
}

function lookOf(tableXml: string, rows: string[]): TableStyle | undefined {
  const tblPr = /<w:tblPr>([\s\S]*?)<\/w:tblPr>/.exec(tableXml)?.[1] ?? '';
  const borders = /<w:tblBorders>([\s\S]*?)<\/w:tblBorders>/.exec(tblPr)?.[1];
  const bandedRows = () => rows.some((r) => !on(r, 'tblHeader') && /<w:shd\b[^>]*w:fill="(?!auto|FFFFFF|ffffff)[0-9A-Fa-f]{6}"/.test(r));
  if (!borders) return lookOfCells(tableXml, rows, bandedRows());
  const sides = new Map([...borders.matchAll(/<w:(top|left|bottom|right|insideH|insideV)\b[^>]*w:val="(\w+)"/g)].map((m) => [m[1]!, m[2]!]));
  const drawn = (side: string) => !['none', 'nil', undefined].includes(sides.get(side));
  if (![...sides.keys()].some(drawn)) return 'plain';
  if (drawn('insideV')) return 'grid';
  if (bandedRows()) return 'striped';
  // light draws rules between rows; striped only a rule under the table
  return drawn('insideH') || drawn('top') ? 'light' : 'striped';
}

function walkTables(nodes: TiptapNode[] | undefined, out: TiptapNode[] = []): TiptapNode[] {
  for (const n of nodes ?? []) {
    if (n.type === 'table') out.push(n);
    walkTables(n.content, out);
  }
  return out;
}

/**
 * Puts the XML tables' widths, alignment, row splitting and look on the tiptap tables. Widths are
 * left out when the columns are equal and fill the text width (what the renderer does anyway).
 */
export function applyDocxTables(content: TiptapNode[], documentXml: string, textWidthTwip: number): void {
  const tables = walkTables(content);
  const xmls = tableXmls(documentXml);
  if (tables.length !== xmls.length) return;
  tables.forEach((table, t) => {
    const xml = xmls[t]!;
    const rowXmls = [...xml.matchAll(/<w:tr\b[\s\S]*?<\/w:tr>/g)].map((m) => m[0]);
    const attrs: Record<string, unknown> = { ...(table.attrs ?? {}) };
    const look = lookOf(xml, rowXmls);
    // grid is what a table without tableStyle gets
    if (look && look !== 'grid') attrs.tableStyle = look;
    if (rowXmls.length && !rowXmls.every((r) => on(r, 'cantSplit'))) attrs.cantSplit = false;
    table.attrs = attrs;

    const grid = [...xml.matchAll(/<w:gridCol\b[^>]*w:w="(\d+)"/g)].map((m) => Number(m[1]));
    const total = grid.reduce((a, b) => a + b, 0);
    const equalAndFull = grid.every((w) => Math.abs(w - grid[0]!) <= 2) && Math.abs(total - textWidthTwip) <= textWidthTwip * 0.02;
    const rows = (table.content ?? []).filter((r) => r.type === 'tableRow');
    if (rows.length !== rowXmls.length) return;
    rows.forEach((row, r) => {
      let col = 0;
      const cells: Array<{ col: number; span: number; xml: string }> = [];
      for (const m of rowXmls[r]!.matchAll(/<w:tc\b[\s\S]*?<\/w:tc>/g)) {
        const span = Number(/<w:gridSpan w:val="(\d+)"/.exec(m[0])?.[1] ?? 1);
        const vMerge = /<w:vMerge(?:\s+w:val="(\w+)")?\s*\/>/.exec(m[0]);
        // a continued vertical merge holds its grid column but mammoth makes no cell of it
        if (!vMerge || vMerge[1] === 'restart') cells.push({ col, span, xml: m[0] });
        col += span;
      }
      if (cells.length !== (row.content ?? []).length) return;
      (row.content ?? []).forEach((cell, c) => {
        const x = cells[c]!;
        if (grid.length && !equalAndFull) {
          const widths = grid.slice(x.col, x.col + x.span).map((tw) => Math.round(tw / 15));
          if (widths.length === x.span) cell.attrs = { ...(cell.attrs ?? {}), colwidth: widths };
        }
        const first = /<w:p\b[\s\S]*?<\/w:p>/.exec(x.xml)?.[0];
        const align = first ? alignOf(first) : null;
        if (align) cell.attrs = { ...(cell.attrs ?? {}), align };
      });
    });
  });
}
