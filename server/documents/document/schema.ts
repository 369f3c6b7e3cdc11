import { z } from 'zod';
import { HF_ALIGNS, HF_MARK_TYPES, type HeaderFooter, type HfDoc } from '../../../lib/document/header-footer';

/**
 * The document model: a tiptap / ProseMirror JSON document (exactly what the tiptap editor's
 * getJSON() returns with the extensions in lib/document/tiptap-extensions.ts) plus page-level settings that
 * live outside the editable body (header, footer, page size).
 *
 * Node types: paragraph {textAlign, kind: 'title' | 'subtitle'}, heading {level 1–6, textAlign},
 * text (+ marks), bulletList, orderedList {start}, listItem, table {tableStyle: grid | light |
 * striped | plain, repeatHeader (default true), cantSplit (rows kept on one page, default true)},
 * tableRow, tableHeader, tableCell {colspan, rowspan, colwidth (px)}, image {src, alt, title, width,
 * height}, hardBreak, footnote {text} (inline), horizontalRule, blockquote, codeBlock, pageBreak,
 * tableOfContents. Marks: bold, italic, underline, strike, code, link {href}, textStyle {color}.
 */

export const NODE_TYPES = [
  'doc',
  'paragraph',
  'heading',
  'text',
  'bulletList',
  'orderedList',
  'listItem',
  'table',
  'tableRow',
  'tableHeader',
  'tableCell',
  'image',
  'hardBreak',
  'footnote',
  'horizontalRule',
  'blockquote',
  'codeBlock',
  'pageBreak',
  'tableOfContents',
] as const;

/** Table looks (attrs.tableStyle): all borders; horizontal rules only; banded rows; no borders. */
export const TABLE_STYLES = ['grid', 'light', 'striped', 'plain'] as const;
export type TableStyle = (typeof TABLE_STYLES)[number];

export const MARK_TYPES = ['bold', 'italic', 'underline', 'strike', 'code', 'link', 'textStyle'] as const;

export const markSchema = z
  .object({
    type: z.enum(MARK_TYPES),
    attrs: z.record(z.string(), z.unknown()).optional(),
  })
  .passthrough();

export interface TiptapMark {
  type: (typeof MARK_TYPES)[number];
  attrs?: Record<string, unknown>;
}

export interface TiptapNode {
  type: (typeof NODE_TYPES)[number];
  attrs?: Record<string, unknown>;
  content?: TiptapNode[];
  text?: string;
  marks?: TiptapMark[];
}

export const nodeSchema: z.ZodType<TiptapNode> = z.lazy(() =>
  z
    .object({
      type: z.enum(NODE_TYPES),
      attrs: z.record(z.string(), z.unknown()).optional(),
      content: z.array(nodeSchema).optional(),
      text: z.string().optional(),
      marks: z.array(markSchema).optional(),
    })
    .superRefine((n, ctx) => {
      if (n.type === 'text' && typeof n.text !== 'string') ctx.addIssue({ code: 'custom', message: 'text nodes need "text"' });
      if (n.type === 'heading') {
        const level = n.attrs?.level;
        if (typeof level !== 'number' || level < 1 || level > 6) ctx.addIssue({ code: 'custom', message: 'heading needs attrs.level 1–6' });
      }
      if (n.type === 'image' && typeof n.attrs?.src !== 'string') ctx.addIssue({ code: 'custom', message: 'image needs attrs.src' });
    }) as unknown as z.ZodType<TiptapNode>,
);

export const tiptapDocSchema = z.object({
  type: z.literal('doc'),
  content: z.array(nodeSchema).default([]),
});

const hfMarkSchema = z.object({
  type: z.enum(HF_MARK_TYPES),
  attrs: z
    .object({
      color: z.string().regex(/^#?[0-9A-Fa-f]{6}$/).nullable().optional(),
      fontSize: z.number().min(1).max(400).nullable().optional(),
    })
    .optional(),
});
const hfInlineSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text'), text: z.string().max(2_000).regex(/^[^\u0000-\u0008\u000B\u000C\u000E-\u001F]*$/, 'control characters are not allowed'), marks: z.array(hfMarkSchema).max(10).optional() }),
  z.object({ type: z.literal('field'), attrs: z.object({ kind: z.enum(['page', 'pages']) }), marks: z.array(hfMarkSchema).max(10).optional() }),
  z.object({ type: z.literal('hardBreak'), marks: z.array(hfMarkSchema).max(10).optional() }),
]);
/** A formatted header or footer (lib/document/header-footer.ts): paragraphs of runs and page fields. */
export const hfDocSchema: z.ZodType<HfDoc> = z.object({
  type: z.literal('doc'),
  content: z
    .array(
      z.object({
        type: z.literal('paragraph'),
        attrs: z.object({ textAlign: z.enum(HF_ALIGNS).nullable().optional() }).optional(),
        content: z.array(hfInlineSchema).max(200).optional(),
      }),
    )
    .min(1)
    .max(20),
});
/** Plain text ({page}/{pages} are the page fields) or formatted paragraphs. */
export const headerFooterSchema: z.ZodType<HeaderFooter> = z.union([z.string(), hfDocSchema]);

export const documentSchema = z
  .object({
    title: z.string().optional(),
    header: headerFooterSchema
      .optional()
      .describe('header on every page: text ({page} and {pages} are replaced by page numbers), or formatted paragraphs (runs with bold/italic/underline/colour/size, alignment, page fields)'),
    footer: headerFooterSchema.optional().describe('footer on every page; e.g. "Page {page} of {pages}", or formatted paragraphs as the header'),
    firstPage: z
      .object({ header: headerFooterSchema.optional(), footer: headerFooterSchema.optional() })
      .strict()
      .optional()
      .describe('a different first page (Word "Different first page"): its own header and footer, none where absent; header/footer are then on the other pages'),
    page: z
      .object({
        size: z.enum(['A4', 'Letter']).default('A4'),
        orientation: z.enum(['portrait', 'landscape']).default('portrait'),
        marginMm: z.number().min(5).max(60).default(25),
      })
      .strict()
      .default({ size: 'A4', orientation: 'portrait', marginMm: 25 }),
    font: z
      .object({ name: z.string().min(1), size: z.number().min(6).max(72) })
      .strict()
      .default({ name: 'Calibri', size: 11 }),
    headingFont: z.string().optional(),
    numberedHeadings: z.boolean().optional().describe('headings numbered 1, 1.1, 1.1.1 (Word numbering on the heading styles)'),
    accentColor: z
      .string()
      .regex(/^#[0-9A-Fa-f]{6}$/)
      .default('#1F4E79')
      .describe('heading and table header colour'),
    doc: tiptapDocSchema,
  })
  .strict();

export type TiptapDoc = z.infer<typeof tiptapDocSchema>;
export type DocumentModel = z.infer<typeof documentSchema>;
export type DocumentInput = z.input<typeof documentSchema>;

export function parseDocument(input: unknown): DocumentModel {
  return documentSchema.parse(input);
}

/** Plain text of a node (and its descendants). */
export function nodeText(n: TiptapNode): string {
  if (n.type === 'text') return n.text ?? '';
  if (n.type === 'hardBreak') return '\n';
  // a footnote's text is not part of the running text
  if (n.type === 'footnote') return '';
  return (n.content ?? []).map(nodeText).join('');
}
