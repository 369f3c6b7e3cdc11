/**
 * Markdown ⇄ tiptap JSON for the document tools: models write sections as markdown (headings,
 * paragraphs, bullet / numbered lists, tables with |---:| column alignment, quotes, code, rules,
 * **bold**, *italic*, `code`, [links](url), footnotes [^1] with "[^1]: text" definitions);
 * read_section returns markdown. A single newline inside a paragraph is a line break (a blank line
 * starts a new paragraph); <br> is a line break too (in table cells).
 */
import type { TiptapMark, TiptapNode } from '@/server/documents/document/schema';

const text = (t: string, marks?: TiptapMark[]): TiptapNode => ({ type: 'text', text: t, ...(marks && marks.length ? { marks } : {}) });

/** Footnote texts by label ("1", "note"), from "[^label]: text" definitions. */
export type FootnoteTexts = ReadonlyMap<string, string>;

/** Inline markdown → text nodes with marks (footnote references [^x] become footnote nodes when `notes` defines x). */
export function inlineMarkdown(src: string, notes?: FootnoteTexts): TiptapNode[] {
  const out: TiptapNode[] = [];
  const re = /\[\^([^\]\s]+)\]|<br\s*\/?>|\*\*(.+?)\*\*|__(.+?)__|\*(?!\s)(.+?)\*|_(?!\s)(.+?)_(?![A-Za-z0-9])|`([^`]+)`|\[([^\]]+)\]\(([^)\s]+)\)/g;
  let last = 0;
  for (let m = re.exec(src); m; m = re.exec(src)) {
    if (m[1] && !notes?.has(m[1])) continue;
    if (m.index > last) out.push(text(src.slice(last, m.index)));
    if (m[1]) out.push({ type: 'footnote', attrs: { text: notes!.get(m[1])! } });
    else if (m[0].startsWith('<')) out.push({ type: 'hardBreak' });
    else if (m[2] ?? m[3]) out.push(...inlineMarkdown((m[2] ?? m[3])!, notes).map((n) => withMark(n, { type: 'bold' })));
    else if (m[4] ?? m[5]) out.push(...inlineMarkdown((m[4] ?? m[5])!, notes).map((n) => withMark(n, { type: 'italic' })));
    else if (m[6]) out.push(text(m[6], [{ type: 'code' }]));
    else if (m[7] && m[8]) out.push(text(m[7], [{ type: 'link', attrs: { href: m[8] } }]));
    last = m.index + m[0].length;
  }
  if (last < src.length) out.push(text(src.slice(last)));
  return out.filter((n) => n.type !== 'text' || n.text !== '');
}

/** Lines of a paragraph → inline nodes with a hardBreak between lines. */
function inlineLines(lines: string[], notes?: FootnoteTexts): TiptapNode[] {
  return lines.flatMap((l, k) => [...(k ? [{ type: 'hardBreak' as const }] : []), ...inlineMarkdown(l.trim(), notes)]);
}

const FOOTNOTE_DEF = /^\[\^([^\]\s]+)\]:\s?(.*)$/;

/**
 * Splits "[^label]: text" definitions (with indented continuation lines) off a markdown body.
 * `missing` lists the references that have no definition.
 */
export function extractFootnotes(md: string): { body: string; notes: Map<string, string>; missing: string[] } {
  const notes = new Map<string, string>();
  const body: string[] = [];
  const lines = md.replace(/\r\n?/g, '\n').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = FOOTNOTE_DEF.exec(lines[i]!);
    if (!m) {
      body.push(lines[i]!);
      continue;
    }
    const text = [m[2]!.trim()];
    while (i + 1 < lines.length && /^(\s{2,}|\t)\S/.test(lines[i + 1]!)) text.push(lines[++i]!.trim());
    notes.set(m[1]!, text.filter(Boolean).join(' '));
  }
  const joined = body.join('\n');
  const missing = [...new Set([...joined.matchAll(/\[\^([^\]\s]+)\]/g)].map((m) => m[1]!))].filter((l) => !notes.has(l));
  return { body: joined, notes, missing };
}

function withMark(n: TiptapNode, mark: TiptapMark): TiptapNode {
  return { ...n, marks: [...(n.marks ?? []), mark] };
}

const para = (s: string, notes?: FootnoteTexts): TiptapNode => {
  const content = inlineMarkdown(s.trim(), notes);
  return content.length ? { type: 'paragraph', content } : { type: 'paragraph' };
};

const linesPara = (lines: string[], notes?: FootnoteTexts): TiptapNode => {
  const content = inlineLines(lines, notes);
  return content.length ? { type: 'paragraph', content } : { type: 'paragraph' };
};

const splitRow = (line: string) => line.trim().replace(/^\|/, '').replace(/\|$/, '').split('|');

/** |:---|:---:|---:| → left / center / right per column (null: not given). */
function separatorAligns(line: string): Array<string | null> {
  return splitRow(line).map((c) => {
    const t = c.trim();
    return t.startsWith(':') && t.endsWith(':') ? 'center' : t.endsWith(':') ? 'right' : t.startsWith(':') ? 'left' : null;
  });
}

function tableRow(line: string, header: boolean, aligns: Array<string | null>, notes?: FootnoteTexts): TiptapNode {
  return {
    type: 'tableRow',
    content: splitRow(line).map((c, k) => ({ type: header ? 'tableHeader' : 'tableCell', ...(aligns[k] ? { attrs: { align: aligns[k] } } : {}), content: [para(c, notes)] })),
  };
}

const NUMBER_CELL = /^\(?[-+−]?\s?[$€£¥]?\s?[-+−]?\d[\d,.\s]*(?:%|[kmb]n?|x|pp|bps)?\)?$/i;
const EMPTY_CELL = /^(|-|—|–|n\/a)$/i;

/** Per column: true when its cells are numbers (amounts, percentages; blanks and dashes allowed) — those are right-aligned. */
export function numericColumns(rows: string[][]): boolean[] {
  const cols = Math.max(0, ...rows.map((r) => r.length));
  return Array.from({ length: cols }, (_, k) => {
    const cells = rows.map((r) => (r[k] ?? '').replace(/\*\*|__|`/g, '').trim());
    return cells.some((c) => NUMBER_CELL.test(c)) && cells.every((c) => NUMBER_CELL.test(c) || EMPTY_CELL.test(c));
  });
}

export interface TableOptions {
  headerRow?: boolean;
  /** per column: left / center / right (null: as written) */
  align?: Array<string | null | undefined>;
  /** per column, px (tiptap's colwidth) */
  widthsPx?: number[];
  /** table attrs: tableStyle, repeatHeader, cantSplit */
  attrs?: Record<string, unknown>;
}

/** Builds a table node from rows of cell text (inline markdown; <br> breaks a line). */
export function tableNode(rows: string[][], opts: TableOptions = {}): TiptapNode {
  const headerRow = opts.headerRow ?? true;
  return {
    type: 'table',
    ...(opts.attrs && Object.keys(opts.attrs).length ? { attrs: opts.attrs } : {}),
    content: rows.map((r, i) => ({
      type: 'tableRow',
      content: r.map((c, k) => {
        const attrs = { ...(opts.align?.[k] ? { align: opts.align[k] } : {}), ...(opts.widthsPx?.[k] ? { colwidth: [opts.widthsPx[k]] } : {}) };
        return { type: headerRow && i === 0 ? 'tableHeader' : 'tableCell', ...(Object.keys(attrs).length ? { attrs } : {}), content: [para(c)] };
      }),
    })),
  };
}

const LIST_RE = /^(\s*)([-*+]|\d+[.)])\s+(.*)$/;

/** Block markdown → top-level tiptap nodes; footnote definitions in it are taken out and attached to their references. */
export function markdownToNodes(md: string): TiptapNode[] {
  const { body, notes } = extractFootnotes(md);
  const lines = body.split('\n');
  const out: TiptapNode[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    if (!line.trim()) {
      i++;
      continue;
    }
    const h = /^(#{1,6})\s+(.*)$/.exec(line);
    if (h) {
      out.push({ type: 'heading', attrs: { level: h[1]!.length }, content: inlineMarkdown(h[2]!.trim(), notes) });
      i++;
      continue;
    }
    if (/^\s*(---+|\*\*\*+|___+)\s*$/.test(line)) {
      out.push({ type: 'horizontalRule' });
      i++;
      continue;
    }
    if (/^\s*```/.test(line)) {
      const body: string[] = [];
      i++;
      while (i < lines.length && !/^\s*```/.test(lines[i]!)) body.push(lines[i++]!);
      i++;
      out.push({ type: 'codeBlock', content: body.length ? [text(body.join('\n'))] : [] });
      continue;
    }
    if (/^\s*\|/.test(line)) {
      const rows: string[] = [];
      while (i < lines.length && /^\s*\|/.test(lines[i]!)) rows.push(lines[i++]!);
      const sepAt = rows.findIndex((r) => /^\s*\|?\s*:?-{2,}/.test(r));
      const header = sepAt === 1;
      const body = rows.filter((_, k) => k !== sepAt);
      // columns the separator leaves unaligned are right-aligned when they hold numbers
      const numeric = numericColumns(body.slice(header ? 1 : 0).map(splitRow));
      const given = sepAt >= 0 ? separatorAligns(rows[sepAt]!) : [];
      const aligns = numeric.map((n, k) => given[k] ?? (n ? 'right' : null));
      out.push({ type: 'table', content: body.map((r, k) => tableRow(r, header && k === 0, aligns, notes)) });
      continue;
    }
    if (/^\s*>/.test(line)) {
      const body: string[] = [];
      while (i < lines.length && /^\s*>/.test(lines[i]!)) body.push(lines[i++]!.replace(/^\s*>\s?/, ''));
      out.push({ type: 'blockquote', content: [linesPara(body, notes)] });
      continue;
    }
    if (LIST_RE.test(line)) {
      const { node, next } = parseList(lines, i, LIST_RE.exec(line)![1]!.length, notes);
      out.push(node);
      i = next;
      continue;
    }
    const body: string[] = [];
    while (i < lines.length && lines[i]!.trim() && !/^(#{1,6}\s|\s*\||\s*>|\s*```)/.test(lines[i]!) && !LIST_RE.test(lines[i]!)) body.push(lines[i++]!.trim());
    // a single newline is a line break; a blank line ends the paragraph
    out.push(linesPara(body, notes));
  }
  return out;
}

function parseList(lines: string[], start: number, indent: number, notes?: FootnoteTexts): { node: TiptapNode; next: number } {
  const first = LIST_RE.exec(lines[start]!)!;
  const ordered = /\d/.test(first[2]!);
  const items: TiptapNode[] = [];
  let i = start;
  while (i < lines.length) {
    const m = LIST_RE.exec(lines[i]!);
    if (!m) break;
    const ind = m[1]!.length;
    if (ind < indent) break;
    if (ind > indent) {
      const last = items[items.length - 1];
      const sub = parseList(lines, i, ind, notes);
      if (last) last.content = [...(last.content ?? []), sub.node];
      i = sub.next;
      continue;
    }
    if (/\d/.test(m[2]!) !== ordered) break;
    items.push({ type: 'listItem', content: [para(m[3]!, notes)] });
    i++;
  }
  const node: TiptapNode = ordered
    ? { type: 'orderedList', attrs: { start: Number.parseInt(first[2]!, 10) || 1 }, content: items }
    : { type: 'bulletList', content: items };
  return { node, next: i };
}

/** Footnote texts met while writing markdown, numbered in order: [^1], [^2], … */
interface MarkdownOut {
  notes: string[];
}

function inlineToMarkdown(nodes: TiptapNode[] | undefined, out: MarkdownOut, breakAs = '\n'): string {
  return (nodes ?? [])
    .map((n) => {
      if (n.type === 'hardBreak') return breakAs;
      if (n.type === 'footnote') {
        out.notes.push(typeof n.attrs?.text === 'string' ? n.attrs.text : '');
        return `[^${out.notes.length}]`;
      }
      if (n.type === 'image') return `![${typeof n.attrs?.alt === 'string' ? n.attrs.alt : ''}](image)`;
      if (n.type !== 'text') return inlineToMarkdown(n.content, out, breakAs);
      let s = n.text ?? '';
      for (const m of n.marks ?? []) {
        if (m.type === 'bold') s = `**${s}**`;
        else if (m.type === 'italic') s = `*${s}*`;
        else if (m.type === 'code') s = `\`${s}\``;
        else if (m.type === 'link' && typeof m.attrs?.href === 'string') s = `[${s}](${m.attrs.href})`;
      }
      return s;
    })
    .join('');
}

function blocksToMarkdown(nodes: TiptapNode[], out: MarkdownOut, indent = '', breakAs = '\n'): string {
  const parts: string[] = [];
  for (const n of nodes) {
    switch (n.type) {
      case 'heading':
        parts.push(`${'#'.repeat(Number(n.attrs?.level) || 1)} ${inlineToMarkdown(n.content, out, ' ')}`);
        break;
      case 'paragraph':
        parts.push(indent + inlineToMarkdown(n.content, out, breakAs === '\n' ? `\n${indent}` : breakAs));
        break;
      case 'bulletList':
      case 'orderedList':
        parts.push(
          (n.content ?? [])
            .map((li, k) => {
              const [first, ...rest] = li.content ?? [];
              const bullet = n.type === 'orderedList' ? `${k + 1}.` : '-';
              const head = `${indent}${bullet} ${first ? inlineToMarkdown(first.content, out, ' ') : ''}`;
              return rest.length ? `${head}\n${blocksToMarkdown(rest, out, indent + '  ')}` : head;
            })
            .join('\n'),
        );
        break;
      case 'table': {
        const rows = (n.content ?? []).map((r) => `| ${(r.content ?? []).map((c) => blocksToMarkdown(c.content ?? [], out, '', '<br>').replace(/\n+/g, ' ')).join(' | ')} |`);
        const first = n.content?.[0]?.content ?? [];
        if (rows.length && first[0]?.type === 'tableHeader') {
          // alignment from the first body row (the header row may be centred differently)
          const body = n.content?.[1]?.content ?? first;
          const sep = first.map((_, k) => {
            const a = body[k]?.attrs?.align ?? first[k]?.attrs?.align;
            return a === 'right' ? ' ---: |' : a === 'center' ? ' :---: |' : ' --- |';
          });
          rows.splice(1, 0, `|${sep.join('')}`);
        }
        parts.push(rows.join('\n'));
        break;
      }
      case 'blockquote':
        parts.push(`> ${blocksToMarkdown(n.content ?? [], out, '', '\n> ')}`);
        break;
      case 'codeBlock':
        parts.push('```\n' + inlineToMarkdown(n.content, out) + '\n```');
        break;
      case 'horizontalRule':
        parts.push('---');
        break;
      case 'image':
        parts.push(`![${typeof n.attrs?.alt === 'string' ? n.attrs.alt : ''}](image)`);
        break;
      case 'pageBreak':
        parts.push('[page break]');
        break;
      case 'tableOfContents':
        parts.push('[table of contents]');
        break;
      default:
        parts.push(inlineToMarkdown(n.content, out, breakAs));
    }
  }
  return parts.join('\n\n');
}

/** Top-level nodes → markdown (images and page breaks as placeholders); footnotes as [^n] with their definitions at the end. */
export function nodesToMarkdown(nodes: TiptapNode[], indent = ''): string {
  const out: MarkdownOut = { notes: [] };
  const md = blocksToMarkdown(nodes, out, indent);
  return out.notes.length ? `${md}\n\n${out.notes.map((t, k) => `[^${k + 1}]: ${t.replace(/\n/g, ' ')}`).join('\n')}` : md;
}
