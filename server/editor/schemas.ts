// Request/response shapes of the editor API (the iframe page and its autosave).
import { z } from 'zod';
import { timestamp } from '../http/common-schemas';
import { hfDocSchema, tiptapDocSchema } from '../documents/document/schema';
import { bulletSchema, elementSchema, LAYOUTS, slideSchema, textRunsSchema } from '../documents/deck/schema';
import { cellChangeSchema, MAX_WORKBOOK_OPS, workbookOpSchema } from '../documents/workbook/edit-ops';

export const MAX_CELL_CHANGES = 20_000;
export const MAX_EDITOR_BODY_BYTES = 16 * 1024 * 1024;

const token = z.string().min(1).max(200).meta({ description: 'The token of the edit_url.' });

export const editRunParams = z.strictObject({ run_id: z.string().min(1).max(100).meta({ description: 'The run id.' }) });

/** The edit_url target: extra query parameters (e.g. analytics tags) are ignored. */
export const editPageQuery = z.object({ token: z.string().max(200).optional().meta({ description: 'The token of the edit_url.' }) });

export const editTokenQuery = z.strictObject({ token });

export const workbookOpsEditSchema = z
  .strictObject({
    kind: z.literal('workbook'),
    ops: z.array(workbookOpSchema).min(1).max(MAX_WORKBOOK_OPS),
  })
  .meta({
    id: 'EditorWorkbookOpsEdit',
    description: 'Workbook ops applied in order onto the stored workbook: values, styles, borders, number formats, widths, heights, hidden rows/columns, frozen panes, inserted/deleted rows and columns, sorts, added/renamed/deleted sheets (formulas, merges, charts… follow as in Excel). Anything not named stays as it is.',
  });

export const workbookEditSchema = z
  .strictObject({
    kind: z.literal('cells'),
    changes: z.array(cellChangeSchema).min(1).max(MAX_CELL_CHANGES),
  })
  .meta({ id: 'EditorWorkbookEdit', description: 'Cell-level patches applied onto the stored workbook: styles, charts, tables and widths are kept.' });

const headerFooterText = z.string().max(2_000).refine((t) => !/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/.test(t), 'control characters are not allowed');
/** Plain text, or formatted paragraphs (alignment, bold/italic/underline/colour/size, page fields). */
const headerFooterEdit = z.union([headerFooterText, hfDocSchema]);

export const documentEditSchema = z
  .strictObject({
    kind: z.literal('document'),
    doc: tiptapDocSchema,
    header: headerFooterEdit
      .optional()
      .meta({ description: 'New header on every page: text ({page} and {pages} are page numbers) or formatted paragraphs (tiptap JSON: paragraphs with textAlign; text with bold/italic/underline/strike/textStyle {color, fontSize pt} marks; {type:"field",attrs:{kind:"page"|"pages"}}); "" removes it; absent keeps it.' }),
    footer: headerFooterEdit.optional().meta({ description: 'New footer on every page, e.g. "Page {page} of {pages}", or formatted paragraphs as the header; "" removes it; absent keeps it.' }),
    firstPage: z
      .union([z.null(), z.strictObject({ header: headerFooterEdit.optional(), footer: headerFooterEdit.optional() })])
      .optional()
      .meta({ description: 'Different first page (Word "Different first page"): its own header and footer ("" or absent: none on the first page), header/footer then on the other pages; null turns it off (the first page has the header/footer of the others); absent keeps it.' }),
  })
  .meta({ id: 'EditorDocumentEdit', description: 'The new body (tiptap JSON) and, when sent, the header and footer text; title and page settings are kept.' });

const elementEdit = z.strictObject({
  index: z.number().int().min(0).max(59).meta({ description: 'Position of the element in the slide’s elements.' }),
  paragraphs: z.array(z.string().max(10_000)).min(1).max(200).optional().meta({ description: 'Text element: the text of each paragraph (run formatting of unchanged paragraphs kept).' }),
  text: z.string().max(10_000).optional().meta({ description: 'Shape: its text.' }),
  rows: z.array(z.array(z.union([z.string().max(2_000), z.number().finite()])).max(40)).min(1).max(60).optional().meta({ description: 'Table: its cells.' }),
});

export const slideEditSchema = z.strictObject({
  id: z.string().min(1).max(64),
  title: z.string().max(2_000).optional(),
  subtitle: z.string().max(2_000).optional(),
  bullets: z.array(bulletSchema).max(40).optional(),
  columns: z.array(z.strictObject({ heading: z.string().max(2_000).optional(), bullets: z.array(bulletSchema).max(30) })).max(2).optional(),
  notes: z.string().max(20_000).optional(),
  elements: z.array(elementEdit).max(60).optional(),
});

export const MAX_DECK_OPS = 500;
const slideRef = z.string().min(1).max(64);
const elementIndex = z.number().int().min(0).max(59).meta({ description: 'Position of the element in the slide’s elements.' });
const hexColour = z.string().regex(/^#[0-9A-Fa-f]{6}$/, 'colour must be like "#1F4E79"');

/**
 * Structural deck edits, applied in order after `slides` and `order`. Slides are named by id; elements
 * by their position on the slide. Images are data: URLs (PNG, JPEG or GIF), checked on save.
 */
export const deckOpSchema = z.discriminatedUnion('op', [
  z.strictObject({
    op: z.literal('insertSlide'),
    slide: slideSchema,
    after: slideRef.nullable().meta({ description: 'The slide it goes after; null: first.' }),
  }).meta({ description: 'Adds a slide (a new one, or a duplicate with a new id).' }),
  z.strictObject({ op: z.literal('deleteSlide'), id: slideRef }),
  z.strictObject({ op: z.literal('moveSlide'), id: slideRef, after: slideRef.nullable() }),
  z.strictObject({
    op: z.literal('updateSlide'),
    id: slideRef,
    set: z.strictObject({
      layout: z.enum(LAYOUTS).optional(),
      title: z.string().max(2_000).nullable().optional(),
      titleRuns: textRunsSchema.nullable().optional().meta({ description: 'The title with its formatting (the runs joined are the title); a title set without them loses its old formatting.' }),
      subtitle: z.string().max(2_000).nullable().optional(),
      subtitleRuns: textRunsSchema.nullable().optional().meta({ description: 'The subtitle with its formatting (the runs joined are the subtitle).' }),
      bullets: z.array(bulletSchema).max(40).nullable().optional(),
      columns: z
        .array(z.strictObject({ heading: z.string().max(2_000).optional(), headingRuns: textRunsSchema.optional(), bullets: z.array(bulletSchema).max(30) }))
        .max(2)
        .nullable()
        .optional(),
      notes: z.string().max(20_000).nullable().optional(),
      background: hexColour.nullable().optional(),
    }).meta({ description: 'Slide fields to set; null removes one.' }),
  }),
  z.strictObject({ op: z.literal('setElement'), slide: slideRef, index: elementIndex, element: elementSchema }).meta({ description: 'Replaces one element (its position, size, text and formatting, table cells, chart data…).' }),
  z.strictObject({ op: z.literal('setElements'), slide: slideRef, elements: z.array(elementSchema).max(60) }).meta({ description: 'Replaces all elements of a slide (elements added or removed).' }),
]);
export type DeckOp = z.infer<typeof deckOpSchema>;

export const deckEditSchema = z
  .strictObject({
    kind: z.literal('deck'),
    order: z.array(z.string().min(1).max(64)).max(300).optional().meta({ description: 'Every slide id, in the new order.' }),
    slides: z.array(slideEditSchema).max(300).optional().meta({ description: 'Text changes per slide.' }),
    ops: z.array(deckOpSchema).min(1).max(MAX_DECK_OPS).optional().meta({ description: 'Slide and element operations, applied in order after `slides` and `order`.' }),
  })
  .meta({ id: 'EditorDeckEdit', description: 'Text, order and structural changes applied onto the stored deck.' });

export const editorEditSchema = z.discriminatedUnion('kind', [workbookEditSchema, workbookOpsEditSchema, documentEditSchema, deckEditSchema]);
export type EditorEdit = z.infer<typeof editorEditSchema>;
export type WorkbookOpsEdit = z.infer<typeof workbookOpsEditSchema>;
export type DeckEdit = z.infer<typeof deckEditSchema>;

export const saveDocumentBody = z
  .strictObject({
    token,
    base_version: z.number().int().min(1).meta({
      description: 'The version the edit was made on. When newer versions were stored meanwhile the edit is merged with them; only the same thing changed on both sides answers 409 with the conflicts.',
    }),
    edit: editorEditSchema,
    resolve: z
      .strictObject({
        version: z.number().int().min(1).meta({ description: 'The `current_version` of the 409 whose conflicts were chosen; when the document moved on since, the choices are ignored and new conflicts (if any) answer 409 again.' }),
        choices: z.record(z.string().max(300), z.enum(['yours', 'theirs'])).meta({ description: 'Per conflict `target`: keep your value ("yours") or the stored one ("theirs").' }),
      })
      .optional()
      .meta({ description: 'The person’s choices for the conflicts of a 409 (send the same edit and base_version again).' }),
  })
  .meta({ id: 'EditorSaveRequest' });

export const keepAliveBody = z.strictObject({ token }).meta({ id: 'EditorKeepAliveRequest' });

const sessionFields = {
  run_id: z.string(),
  read_only: z.boolean(),
  expires_at: timestamp.meta({ description: 'The token’s expiry, 15 minutes after the latest activity.' }),
};

export const editorDocumentSchema = z
  .object({
    ...sessionFields,
    format: z.enum(['excel', 'word', 'slides']),
    title: z.string().nullable(),
    file_name: z.string().nullable(),
    version: z.number().int(),
    model: z.unknown().meta({ description: 'The document model (workbook, tiptap document or deck).' }),
    formula_values: z
      .record(z.string(), z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])))
      .optional()
      .meta({ description: 'Workbooks: the computed value of each formula cell, per sheet and address.' }),
  })
  .meta({ id: 'EditorDocument' });

export const savedDocumentSchema = z
  .object({
    ...sessionFields,
    version: z.number().int(),
    saved_at: timestamp,
    merged: z.boolean().meta({ description: 'The edit was merged with versions stored after its base_version: load the document to see the result.' }),
  })
  .meta({ id: 'EditorSaveResult' });

export const keepAliveSchema = z.object(sessionFields).meta({ id: 'EditorSession' });

export const revokedEditSessionsSchema = z
  .object({
    run_id: z.string(),
    revoked: z.number().int().meta({ description: 'Edit sessions that ended.' }),
  })
  .meta({ id: 'RevokedEditSessions' });

/** Largest image the editor inserts (it travels inside the document model as a data: URL). */
export const MAX_EDITOR_IMAGE_BYTES = 5 * 1024 * 1024;
/** Image types the Word and PowerPoint renderers embed (WebP is converted to PNG by the editor page before upload). */
export const EDITOR_IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/gif'] as const;

export const editorImageIdParams = z.strictObject({
  run_id: z.string().min(1).max(100).meta({ description: 'The run id.' }),
  image_id: z.string().min(1).max(100).meta({ description: 'An image id of the run’s organization (GET /images).' }),
});

export const editorImageListQuery = z.strictObject({
  token,
  limit: z.coerce.number().int().min(1).max(100).default(30).meta({ description: 'Images per page.' }),
  cursor: z.string().max(200).optional().meta({ description: 'next_cursor of the previous page.' }),
});

export const editorImageSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    mime: z.string(),
    size: z.number().int(),
    width: z.number().int(),
    height: z.number().int(),
    src: z.string().meta({ description: 'The image as a data: URL, ready for an image node’s attrs.src.' }),
  })
  .meta({ id: 'EditorImage' });

export const editorImageListSchema = z
  .object({
    items: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        mime: z.string(),
        caption: z.string().nullable(),
        url: z.string().meta({ description: 'A signed URL to show a thumbnail.' }),
        insertable: z.boolean().meta({ description: 'False for WebP, which Word and PowerPoint files cannot embed.' }),
      }),
    ),
    next_cursor: z.string().nullable(),
  })
  .meta({ id: 'EditorImageList' });

export const editorEventsSchema = z
  .string()
  .meta({
    id: 'EditorEvents',
    description:
      'Server-sent events. `hello` {connection_id, session_id, version, editors}; `version` {version, by: "you" | "viewer" | "agent" | "restore" | "unknown"} when a newer version is stored; ' +
      '`presence` {editors: [{id, session, label}]} when who is editing changes (every open editor of the run, on every instance, this one included). A `: ping` comment every 15 s.',
  });
