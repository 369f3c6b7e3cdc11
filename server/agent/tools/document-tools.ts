/** Tools over the document model (server/documents/document, tiptap JSON): sections, tables, images, page settings. */
import { z } from 'zod';
import { toDataUrl } from '@/server/documents/common/image-data';
import { documentSchema, nodeText, parseDocument, type DocumentModel, type TiptapNode } from '@/server/documents/document/schema';
import type { AgentImage } from '../types';
import { defineTool, ToolUseError, type AgentToolSet } from './define-tool';
import { inlineMarkdown, markdownToNodes, nodesToMarkdown, tableNode } from '../../documents/document/document-markdown';

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

/** Sections of the document: one per heading (levels 1–3), plus "intro" for content before the first heading. */
export function listSections(model: DocumentModel): SectionRef[] {
  const content = model.doc.content;
  const out: SectionRef[] = [];
  const firstHeading = content.findIndex((n) => n.type === 'heading');
  if (firstHeading !== 0 && content.length) out.push({ id: INTRO_ID, level: 0, title: '(before the first heading)', start: 0, end: firstHeading < 0 ? content.length : firstHeading });
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
  const nodes = markdown ? markdownToNodes(markdown) : [];
  return nodes;
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
      'Set the title, page header/footer text ({page} and {pages} become page numbers), accent colour, page size/orientation, or add a table of contents at the top.',
      z.object({
        title: z.string().optional(),
        header: z.string().optional(),
        footer: z.string().optional(),
        accentColor: z.string().regex(/^#[0-9A-Fa-f]{6}$/).optional(),
        pageSize: z.enum(['A4', 'Letter']).optional(),
        orientation: z.enum(['portrait', 'landscape']).optional(),
        tableOfContents: z.boolean().optional(),
      }),
      (p) => {
        const m = state.model;
        if (p.title !== undefined) m.title = p.title;
        if (p.header !== undefined) m.header = p.header || undefined;
        if (p.footer !== undefined) m.footer = p.footer || undefined;
        if (p.accentColor) m.accentColor = p.accentColor;
        if (p.pageSize) m.page.size = p.pageSize;
        if (p.orientation) m.page.orientation = p.orientation;
        const tocAt = content().findIndex((n) => n.type === 'tableOfContents');
        if (p.tableOfContents === true && tocAt < 0) {
          const first = content().findIndex((n) => n.type === 'heading');
          content().splice(first >= 0 && Number(content()[first]!.attrs?.level) === 1 ? first + 1 : 0, 0, { type: 'tableOfContents', attrs: { title: 'Contents', maxLevel: 2 } });
        } else if (p.tableOfContents === false && tocAt >= 0) content().splice(tocAt, 1);
        return done({ title: m.title ?? null });
      },
    ),
    append_section: defineTool(
      'Add a section: a heading plus a markdown body (paragraphs, - bullets, 1. lists, | tables |, > quotes, **bold**). Goes at the end, or after the section given in "after". Returns its id.',
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
    delete_section: defineTool('Delete a section (heading and body).', z.object({ id: sectionId }), ({ id }) => {
      const s = findSection(state, id);
      content().splice(s.start, s.end - s.start);
      return done({ deleted: s.id });
    }),
    add_table: defineTool(
      'Add a table at the end of a section (or of the document). rows[0] is the header row unless headerRow is false.',
      z.object({
        section: sectionId.optional(),
        rows: z.array(z.array(z.union([z.string(), z.number()]).transform(String)).min(1).max(30)).min(1).max(500),
        headerRow: z.boolean().default(true),
        caption: z.string().max(300).optional(),
      }),
      ({ section, rows, headerRow, caption }) => {
        const width = rows[0]!.length;
        const bad = rows.findIndex((r) => r.length !== width);
        if (bad >= 0) throw new ToolUseError(`row ${bad} has ${rows[bad]!.length} cells; row 0 has ${width}`);
        const at = insertionPoint(state, section);
        const nodes: TiptapNode[] = [tableNode(rows, headerRow)];
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
