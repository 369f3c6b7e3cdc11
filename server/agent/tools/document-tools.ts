/** Tools over the document model (server/documents/document, tiptap JSON): sections, tables, images, page settings, the title / memo block. */
import { z } from 'zod';
import { toDataUrl } from '@/server/documents/common/image-data';
import { documentSchema, nodeText, parseDocument, TABLE_STYLES, type DocumentModel, type TiptapNode } from '@/server/documents/document/schema';
import { pageGeometry } from '@/server/documents/document/document-layout';
import type { AgentImage } from '../types';
import { defineTool, ToolUseError, type AgentToolSet } from './define-tool';
import { extractFootnotes, inlineMarkdown, markdownToNodes, nodesToMarkdown, numericColumns, tableNode } from '../../documents/document/document-markdown';

export interface DocumentState {
  model: DocumentModel;
  images: Map<string, AgentImage>;
  changes: number;
}

export interface SectionRef {
  id: string;
  level: number;
  title: string;
  /** index of the heading in doc.content */
  start: number;
  /** exclusive end: the next heading of the same or a higher level, or the end */
  end: number;
}

const INTRO_ID = 'intro';

export function createDocumentState(document: unknown, images: AgentImage[] = []): DocumentState {
  const model = document === null || document === undefined ? documentSchema.parse({ doc: { type: 'doc', content: [] } }) : parseDocument(document);
  const state: DocumentState = { model, images: new Map(images.map((i) => [i.id, i])), changes: 0 };
  ensureHeadingIds(state.model);
  return state;
}

export function finishDocument(state: DocumentState): DocumentModel {
  return parseDocument(state.model);
}

export function slugify(title: string): string {
  const s = title
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  return s || 'section';
}

/** Gives every heading a stable id (attrs.id): kept when present, else a slug of its text. */
export function ensureHeadingIds(model: DocumentModel): void {
  const used = new Set<string>([INTRO_ID]);
  for (const n of model.doc.content) if (n.type === 'heading' && typeof n.attrs?.id === 'string') used.add(n.attrs.id);
  for (const n of model.doc.content) {
    if (n.type !== 'heading' || typeof n.attrs?.id === 'string') continue;
    const base = slugify(nodeText(n));
    let id = base;
    for (let k = 2; used.has(id); k++) id = `${base}-${k}`;
    used.add(id);
    n.attrs = { ...(n.attrs ?? {}), id };
  }
}

const isTitleParagraph = (n: TiptapNode | undefined) => n?.type === 'paragraph' && (n.attrs?.kind === 'title' || n.attrs?.kind === 'subtitle');
const isMemoTable = (n: TiptapNode | undefined) => n?.type === 'table' && n.attrs?.tableStyle === 'plain';

/** The title block at the top: Title / Subtitle paragraphs, then a borderless memo table and its rule. */
export function titleBlock(content: TiptapNode[]): { titleEnd: number; end: number } {
  let i = 0;
  while (isTitleParagraph(content[i])) i++;
  const titleEnd = i;
  if (isMemoTable(content[i])) {
    i++;
    if (content[i]?.type === 'horizontalRule') i++;
  }
  return { titleEnd, end: i };
}

/** Sections of the document: one per heading (levels 1–3), plus "intro" for content before the first heading (after the title block). */
export function listSections(model: DocumentModel): SectionRef[] {
  const content = model.doc.content;
  const out: SectionRef[] = [];
  const top = titleBlock(content).end;
  const firstHeading = content.findIndex((n) => n.type === 'heading');
  const introEnd = firstHeading < 0 ? content.length : firstHeading;
  if (introEnd > top) out.push({ id: INTRO_ID, level: 0, title: '(before the first heading)', start: top, end: introEnd });
  content.forEach((n, i) => {
    if (n.type !== 'heading') return;
    const level = Number(n.attrs?.level) || 1;
    if (level > 3) return;
    let end = i + 1;
    while (end < content.length) {
      const m = content[end]!;
      if (m.type === 'heading' && (Number(m.attrs?.level) || 1) <= level) break;
      end++;
    }
    out.push({ id: typeof n.attrs?.id === 'string' ? n.attrs.id : '', level, title: nodeText(n), start: i, end });
  });
  return out;
}

function findSection(state: DocumentState, id: string): SectionRef {
  const sections = listSections(state.model);
  const s = sections.find((x) => x.id === id) ?? sections.find((x) => x.title.toLowerCase() === id.toLowerCase());
  if (!s) throw new ToolUseError(`no section "${id}"; sections: ${sections.map((x) => x.id).join(', ') || '(none)'}`);
  return s;
}

function uniqueId(state: DocumentState, title: string): string {
  const used = new Set(listSections(state.model).map((s) => s.id));
  const base = slugify(title);
  let id = base;
  for (let k = 2; used.has(id); k++) id = `${base}-${k}`;
  return id;
}

function heading(level: number, title: string, id: string): TiptapNode {
  return { type: 'heading', attrs: { level, id }, content: inlineMarkdown(title) };
}

/** Markdown body of a section; headings inside it deeper than the section keep their levels. */
function bodyNodes(state: DocumentState, markdown: string | undefined): TiptapNode[] {
  if (!markdown) return [];
  const { missing } = extractFootnotes(markdown);
  if (missing.length) throw new ToolUseError(`footnote [^${missing[0]}] has no definition: add a line "[^${missing[0]}]: its text" to the markdown`);
  return markdownToNodes(markdown);
}

/** Column widths → px: numbers are shares of the text width left after the "Ncm" columns. */
function columnWidthsPx(state: DocumentState, widths: Array<number | string>): number[] {
  const textPx = pageGeometry(state.model.page).contentWidthPx;
  const cm = (w: number | string) => (typeof w === 'string' ? Number(/^\s*(\d+(?:\.\d+)?)\s*cm\s*$/i.exec(w)?.[1] ?? NaN) : NaN);
  const bad = widths.find((w) => (typeof w === 'string' ? !(cm(w) > 0) : !(w > 0)));
  if (bad !== undefined) throw new ToolUseError(`width ${JSON.stringify(bad)}: give a positive share (e.g. 2) or centimetres ("3.5cm")`);
  const fixed = widths.reduce<number>((a, w) => a + (typeof w === 'string' ? (cm(w) / 2.54) * 96 : 0), 0);
  const shares = widths.reduce<number>((a, w) => a + (typeof w === 'number' ? w : 0), 0);
  const left = textPx - fixed;
  if (shares > 0 && left < 48) throw new ToolUseError(`the cm widths take ${(fixed / 96 * 2.54).toFixed(1)} of ${(textPx / 96 * 2.54).toFixed(1)} cm; leave room for the other columns`);
  // shares round down so that the columns never add up to more than the text width
  return widths.map((w) => (typeof w === 'string' ? Math.round((cm(w) / 2.54) * 96) : Math.floor((w / shares) * left)));
}

/** "To: Board\nFrom: CFO" → [["To", "Board"], ["From", "CFO"]]. */
function memoLines(memo: string): Array<readonly [string, string]> {
  return memo
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => {
      const m = /^\s*([^:]{1,40}):\s*(.*)$/.exec(l);
      if (!m) throw new ToolUseError(`memo line "${l.trim().slice(0, 60)}" needs a label: "To: …"`);
      return [m[1]!.trim(), m[2]!.trim()] as const;
    });
}

/** Writes (or removes) the title, subtitle and memo lines at the top of the document. */
function setTitleBlock(state: DocumentState, p: { showTitle?: boolean; subtitle?: string; memo?: Array<readonly [string, string]> }): void {
  const content = state.model.doc.content;
  const { titleEnd, end } = titleBlock(content);
  const title = content.slice(0, titleEnd);
  let memo = content.slice(titleEnd, end);
  if (p.showTitle !== undefined || p.subtitle !== undefined) {
    const shown = title.find((n) => n.attrs?.kind === 'title');
    const show = p.showTitle ?? !!shown;
    const text = state.model.title ?? (shown ? nodeText(shown) : '');
    const subtitle = p.subtitle ?? nodeText(title.find((n) => n.attrs?.kind === 'subtitle') ?? { type: 'paragraph' });
    title.splice(0, title.length);
    if (show && text) title.push({ type: 'paragraph', attrs: { kind: 'title' }, content: inlineMarkdown(text) });
    if (subtitle) title.push({ type: 'paragraph', attrs: { kind: 'subtitle' }, content: inlineMarkdown(subtitle) });
  }
  if (p.memo !== undefined) {
    const lines = p.memo;
    memo = lines.length
      ? [
          tableNode(
            lines.map(([k, v]) => [`**${k}:**`, v]),
            { headerRow: false, widthsPx: [110], attrs: { tableStyle: 'plain', repeatHeader: false } },
          ),
          { type: 'horizontalRule' },
        ]
      : [];
  }
  content.splice(0, end, ...title, ...memo);
}

/** Where to insert blocks that belong to a section (its end), or the end of the document. */
function insertionPoint(state: DocumentState, sectionId: string | undefined): number {
  if (!sectionId) return state.model.doc.content.length;
  return findSection(state, sectionId).end;
}

const sectionId = z.string().min(1).describe('section id (from the index or append_section)');

export function documentTools(state: DocumentState): AgentToolSet {
  const content = () => state.model.doc.content;
  const done = <T extends Record<string, unknown>>(x: T): T => {
    state.changes++;
    ensureHeadingIds(state.model);
    return x;
  };
  return {
    set_document_properties: defineTool(
      'Set the title (showTitle prints it on top, with subtitle and memo lines), page header/footer ({page}, {pages} = page numbers), accent colour, page size/orientation, numbered headings, table of contents.',
      z.object({
        title: z.string().optional(),
        showTitle: z.boolean().optional(),
        subtitle: z.string().max(300).optional(),
        memo: z.string().max(2000).optional().describe('lines "To: …", "From: …", "Date: …", "Subject: …"; "" removes'),
        numberedHeadings: z.boolean().optional(),
        header: z.string().optional(),
        footer: z.string().optional(),
        accentColor: z.string().regex(/^#[0-9A-Fa-f]{6}$/).optional(),
        pageSize: z.enum(['A4', 'Letter']).optional(),
        orientation: z.enum(['portrait', 'landscape']).optional(),
        tableOfContents: z.boolean().optional(),
      }),
      (p) => {
        const m = state.model;
        // checked before anything changes
        const memo = p.memo === undefined ? undefined : memoLines(p.memo);
        if (p.showTitle && !(p.title ?? m.title)) throw new ToolUseError('give a title to show');
        if (p.title !== undefined) m.title = p.title;
        if (p.header !== undefined) m.header = p.header || undefined;
        if (p.footer !== undefined) m.footer = p.footer || undefined;
        if (p.accentColor) m.accentColor = p.accentColor;
        if (p.pageSize) m.page.size = p.pageSize;
        if (p.orientation) m.page.orientation = p.orientation;
        if (p.numberedHeadings !== undefined) m.numberedHeadings = p.numberedHeadings || undefined;
        // a shown title follows the title property
        const shown = content().find((n) => n.type === 'paragraph' && n.attrs?.kind === 'title');
        if (shown && p.title) shown.content = inlineMarkdown(p.title);
        if (p.showTitle !== undefined || p.subtitle !== undefined || memo !== undefined) setTitleBlock(state, { showTitle: p.showTitle, subtitle: p.subtitle, memo });
        const tocAt = content().findIndex((n) => n.type === 'tableOfContents');
        if (p.tableOfContents === true && tocAt < 0) {
          const top = titleBlock(content()).end;
          const first = content().findIndex((n) => n.type === 'heading');
          const at = top > 0 ? top : first >= 0 && Number(content()[first]!.attrs?.level) === 1 ? first + 1 : 0;
          content().splice(at, 0, { type: 'tableOfContents', attrs: { title: 'Contents', maxLevel: 2 } });
        } else if (p.tableOfContents === false && tocAt >= 0) content().splice(tocAt, 1);
        return done({ title: m.title ?? null, ...(titleBlock(content()).end ? { topBlocks: titleBlock(content()).end } : {}) });
      },
    ),
    append_section: defineTool(
      'Add a section: a heading plus a markdown body (paragraphs (a newline breaks the line), - bullets, 1. lists, | tables |, > quotes, **bold**, footnotes [^1] + a line "[^1]: text"). Goes at the end, or after the section given in "after". Returns its id.',
      z.object({
        title: z.string().min(1).max(200),
        level: z.number().int().min(1).max(3).default(1),
        markdown: z.string().max(60_000).optional(),
        after: sectionId.optional(),
      }),
      ({ title, level, markdown, after }) => {
        const at = after ? findSection(state, after).end : content().length;
        const id = uniqueId(state, title);
        const nodes = [heading(level, title, id), ...bodyNodes(state, markdown)];
        content().splice(at, 0, ...nodes);
        return done({ id, blocks: nodes.length });
      },
    ),
    replace_section: defineTool(
      'Replace a section: a new title and/or a new markdown body (the body replaces everything under the heading, sub-sections included).',
      z.object({ id: sectionId, title: z.string().min(1).max(200).optional(), markdown: z.string().max(60_000).optional() }),
      ({ id, title, markdown }) => {
        const s = findSection(state, id);
        if (title === undefined && markdown === undefined) throw new ToolUseError('give title and/or markdown');
        if (s.id === INTRO_ID) {
          if (markdown === undefined) throw new ToolUseError('the intro has no title; give markdown');
          content().splice(s.start, s.end - s.start, ...bodyNodes(state, markdown));
          return done({ id: s.id });
        }
        const h = content()[s.start]!;
        if (title !== undefined) h.content = inlineMarkdown(title);
        if (markdown !== undefined) content().splice(s.start + 1, s.end - s.start - 1, ...bodyNodes(state, markdown));
        return done({ id: s.id });
      },
    ),
    move_section: defineTool(
      'Move a section (heading, body and sub-sections, whatever they hold: images, tables, page breaks) before or after another section.',
      z.object({ id: sectionId, before: sectionId.optional(), after: sectionId.optional() }),
      ({ id, before, after }) => {
        if ((before === undefined) === (after === undefined)) throw new ToolUseError('give before or after (a section id)');
        const s = findSection(state, id);
        if (s.id === INTRO_ID) throw new ToolUseError('the intro (text before the first heading) does not move');
        const t = findSection(state, (before ?? after)!);
        if (t.start >= s.start && t.start < s.end) throw new ToolUseError(`"${t.title}" is inside "${s.title}"`);
        const at = before !== undefined ? t.start : t.end;
        const block = content().splice(s.start, s.end - s.start);
        content().splice(at > s.start ? at - block.length : at, 0, ...block);
        return done({ moved: s.id, blocks: block.length });
      },
    ),
    delete_section: defineTool('Delete a section (heading and body).', z.object({ id: sectionId }), ({ id }) => {
      const s = findSection(state, id);
      content().splice(s.start, s.end - s.start);
      return done({ deleted: s.id });
    }),
    add_table: defineTool(
      'Add a table at the end of a section (or of the document). rows[0] is the header row (repeated on each page) unless headerRow is false. Number columns align right by default.',
      z.object({
        section: sectionId.optional(),
        rows: z.array(z.array(z.union([z.string(), z.number()]).transform(String)).min(1).max(30)).min(1).max(500),
        headerRow: z.boolean().default(true),
        widths: z.array(z.union([z.number(), z.string()])).optional().describe('per column: shares like [3,1,1], or "4cm"'),
        align: z.array(z.enum(['left', 'center', 'right'])).optional(),
        style: z.enum(TABLE_STYLES).optional(),
        caption: z.string().max(300).optional(),
      }),
      ({ section, rows, headerRow, widths, align, style, caption }) => {
        const width = rows[0]!.length;
        const bad = rows.findIndex((r) => r.length !== width);
        if (bad >= 0) throw new ToolUseError(`row ${bad} has ${rows[bad]!.length} cells; row 0 has ${width}`);
        for (const [name, list] of [['widths', widths], ['align', align]] as const) {
          if (list && list.length !== width) throw new ToolUseError(`${name} has ${list.length} entries; the table has ${width} columns`);
        }
        const at = insertionPoint(state, section);
        const numeric = numericColumns(headerRow ? rows.slice(1) : rows);
        const nodes: TiptapNode[] = [
          tableNode(rows, {
            headerRow,
            align: align ?? numeric.map((n) => (n ? 'right' : null)),
            ...(widths ? { widthsPx: columnWidthsPx(state, widths) } : {}),
            ...(style ? { attrs: { tableStyle: style } } : {}),
          }),
        ];
        if (caption) nodes.push({ type: 'paragraph', content: [{ type: 'text', text: caption, marks: [{ type: 'italic' }] }] });
        content().splice(at, 0, ...nodes);
        return done({ table: { rows: rows.length, cols: width } });
      },
    ),
    add_image: defineTool(
      'Add an uploaded image (imageId) at the end of a section (or of the document), with alt text and an optional caption.',
      z.object({
        section: sectionId.optional(),
        imageId: z.string().min(1),
        alt: z.string().max(300).default(''),
        width: z.number().int().min(16).max(2000).optional().describe('display width in px'),
        caption: z.string().max(300).optional(),
      }),
      ({ section, imageId, alt, width, caption }) => {
        const img = state.images.get(imageId);
        if (!img) throw new ToolUseError(`no image "${imageId}"; images: ${[...state.images.keys()].join(', ') || '(none attached)'}`);
        const at = insertionPoint(state, section);
        const nodes: TiptapNode[] = [{ type: 'image', attrs: { src: toDataUrl(img.data, img.mime), alt, title: caption ?? alt, ...(width ? { width } : {}) } }];
        if (caption) nodes.push({ type: 'paragraph', content: [{ type: 'text', text: caption, marks: [{ type: 'italic' }] }] });
        content().splice(at, 0, ...nodes);
        return done({ image: imageId });
      },
    ),
    add_page_break: defineTool('Insert a page break at the end of a section (or of the document).', z.object({ section: sectionId.optional() }), ({ section }) => {
      content().splice(insertionPoint(state, section), 0, { type: 'pageBreak' });
      return done({ pageBreak: true });
    }),
    read_section: defineTool('Read a section as markdown.', z.object({ id: sectionId }), ({ id }) => {
      const s = findSection(state, id);
      const md = nodesToMarkdown(content().slice(s.start, s.end));
      return { id: s.id, markdown: md.length > 8000 ? `${md.slice(0, 8000)}\n…(truncated)` : md };
    }),
    list_sections: defineTool('List sections (id, level, title).', z.object({}), () => ({
      sections: listSections(state.model).map((s) => ({ id: s.id, level: s.level, title: s.title })),
    })),
  };
}
