/**
 * Markdown ⇄ tiptap JSON for the document tools: models write sections as markdown (headings,
 * paragraphs, bullet / numbered lists, tables, quotes, code, rules, **bold**, *italic*, `code`,
 * [links](url)); read_section returns markdown.
 */
import type { TiptapMark, TiptapNode } from '@/server/documents/document/schema';

const text = (t: string, marks?: TiptapMark[]): TiptapNode => ({ type: 'text', text: t, ...(marks && marks.length ? { marks } : {}) });

/** Inline markdown → text nodes with marks. */
export function inlineMarkdown(src: string): TiptapNode[] {
  const out: TiptapNode[] = [];
  const re = /\*\*(.+?)\*\*|__(.+?)__|\*(?!\s)(.+?)\*|_(?!\s)(.+?)_(?![A-Za-z0-9])|`([^`]+)`|\[([^\]]+)\]\(([^)\s]+)\)/g;
  let last = 0;
  for (let m = re.exec(src); m; m = re.exec(src)) {
    if (m.index > last) out.push(text(src.slice(last, m.index)));
    if (m[1] ?? m[2]) out.push(...inlineMarkdown((m[1] ?? m[2])!).map((n) => withMark(n, { type: 'bold' })));
    else if (m[3] ?? m[4]) out.push(...inlineMarkdown((m[3] ?? m[4])!).map((n) => withMark(n, { type: 'italic' })));
    else if (m[5]) out.push(text(m[5], [{ type: 'code' }]));
    else if (m[6] && m[7]) out.push(text(m[6], [{ type: 'link', attrs: { href: m[7] } }]));
    last = m.index + m[0].length;
  }
  if (last < src.length) out.push(text(src.slice(last)));
  return out.filter((n) => n.text !== '');
}

function withMark(n: TiptapNode, mark: TiptapMark): TiptapNode {
  return { ...n, marks: [...(n.marks ?? []), mark] };
}

const para = (s: string): TiptapNode => {
  const content = inlineMarkdown(s.trim());
  return content.length ? { type: 'paragraph', content } : { type: 'paragraph' };
};

function tableRow(line: string, header: boolean): TiptapNode {
  const cells = line.trim().replace(/^\|/, '').replace(/\|$/, '').split('|');
  return { type: 'tableRow', content: cells.map((c) => ({ type: header ? 'tableHeader' : 'tableCell', content: [para(c)] })) };
}

/** Builds a table node from rows of cell text. */
export function tableNode(rows: string[][], headerRow = true): TiptapNode {
  return {
    type: 'table',
    content: rows.map((r, i) => ({
      type: 'tableRow',
      content: r.map((c) => ({ type: headerRow && i === 0 ? 'tableHeader' : 'tableCell', content: [para(c)] })),
    })),
  };
}

const LIST_RE = /^(\s*)([-*+]|\d+[.)])\s+(.*)$/;

/** Block markdown → top-level tiptap nodes. */
export function markdownToNodes(md: string): TiptapNode[] {
  const lines = md.replace(/\r\n?/g, '\n').split('\n');
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
      out.push({ type: 'heading', attrs: { level: h[1]!.length }, content: inlineMarkdown(h[2]!.trim()) });
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
      out.push({ type: 'table', content: body.map((r, k) => tableRow(r, header && k === 0)) });
      continue;
    }
    if (/^\s*>/.test(line)) {
      const body: string[] = [];
      while (i < lines.length && /^\s*>/.test(lines[i]!)) body.push(lines[i++]!.replace(/^\s*>\s?/, ''));
      out.push({ type: 'blockquote', content: [para(body.join(' '))] });
      continue;
    }
    if (LIST_RE.test(line)) {
      const { node, next } = parseList(lines, i, LIST_RE.exec(line)![1]!.length);
      out.push(node);
      i = next;
      continue;
    }
    const body: string[] = [];
    while (i < lines.length && lines[i]!.trim() && !/^(#{1,6}\s|\s*\||\s*>|\s*```)/.test(lines[i]!) && !LIST_RE.test(lines[i]!)) body.push(lines[i++]!.trim());
    out.push(para(body.join(' ')));
  }
  return out;
}

function parseList(lines: string[], start: number, indent: number): { node: TiptapNode; next: number } {
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
      const sub = parseList(lines, i, ind);
      if (last) last.content = [...(last.content ?? []), sub.node];
      i = sub.next;
      continue;
    }
    if (/\d/.test(m[2]!) !== ordered) break;
    items.push({ type: 'listItem', content: [para(m[3]!)] });
    i++;
  }
  const node: TiptapNode = ordered
    ? { type: 'orderedList', attrs: { start: Number.parseInt(first[2]!, 10) || 1 }, content: items }
    : { type: 'bulletList', content: items };
  return { node, next: i };
}

function inlineToMarkdown(nodes: TiptapNode[] | undefined): string {
  return (nodes ?? [])
    .map((n) => {
      if (n.type === 'hardBreak') return '\n';
      if (n.type === 'image') return `![${typeof n.attrs?.alt === 'string' ? n.attrs.alt : ''}](image)`;
      if (n.type !== 'text') return inlineToMarkdown(n.content);
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

/** Top-level nodes → markdown (images and page breaks as placeholders). */
export function nodesToMarkdown(nodes: TiptapNode[], indent = ''): string {
  const out: string[] = [];
  for (const n of nodes) {
    switch (n.type) {
      case 'heading':
        out.push(`${'#'.repeat(Number(n.attrs?.level) || 1)} ${inlineToMarkdown(n.content)}`);
        break;
      case 'paragraph':
        out.push(indent + inlineToMarkdown(n.content));
        break;
      case 'bulletList':
      case 'orderedList':
        out.push(
          (n.content ?? [])
            .map((li, k) => {
              const [first, ...rest] = li.content ?? [];
              const bullet = n.type === 'orderedList' ? `${k + 1}.` : '-';
              const head = `${indent}${bullet} ${first ? inlineToMarkdown(first.content) : ''}`;
              return rest.length ? `${head}\n${nodesToMarkdown(rest, indent + '  ')}` : head;
            })
            .join('\n'),
        );
        break;
      case 'table': {
        const rows = (n.content ?? []).map((r) => `| ${(r.content ?? []).map((c) => nodesToMarkdown(c.content ?? []).replace(/\n+/g, ' ')).join(' | ')} |`);
        if (rows.length && n.content?.[0]?.content?.[0]?.type === 'tableHeader') {
          rows.splice(1, 0, `|${' --- |'.repeat(n.content[0].content.length)}`);
        }
        out.push(rows.join('\n'));
        break;
      }
      case 'blockquote':
        out.push(`> ${nodesToMarkdown(n.content ?? [])}`);
        break;
      case 'codeBlock':
        out.push('```\n' + inlineToMarkdown(n.content) + '\n```');
        break;
      case 'horizontalRule':
        out.push('---');
        break;
      case 'image':
        out.push(`![${typeof n.attrs?.alt === 'string' ? n.attrs.alt : ''}](image)`);
        break;
      case 'pageBreak':
        out.push('[page break]');
        break;
      case 'tableOfContents':
        out.push('[table of contents]');
        break;
      default:
        out.push(inlineToMarkdown(n.content));
    }
  }
  return out.join('\n\n');
}
