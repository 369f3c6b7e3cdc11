// Request/response shapes of the editor API (the iframe page and its autosave).
import { z } from 'zod';
import { timestamp } from '../http/common-schemas';
import { tiptapDocSchema } from '../documents/document/schema';
import { bulletSchema } from '../documents/deck/schema';
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

export const documentEditSchema = z
  .strictObject({ kind: z.literal('document'), doc: tiptapDocSchema })
  .meta({ id: 'EditorDocumentEdit', description: 'The new body (tiptap JSON); title, header, footer and page settings are kept.' });

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

export const deckEditSchema = z
  .strictObject({
    kind: z.literal('deck'),
    order: z.array(z.string().min(1).max(64)).max(300).optional().meta({ description: 'Every slide id, in the new order.' }),
    slides: z.array(slideEditSchema).max(300).optional().meta({ description: 'Text changes per slide.' }),
  })
  .meta({ id: 'EditorDeckEdit', description: 'Text and order changes applied onto the stored deck.' });

export const editorEditSchema = z.discriminatedUnion('kind', [workbookEditSchema, workbookOpsEditSchema, documentEditSchema, deckEditSchema]);
export type EditorEdit = z.infer<typeof editorEditSchema>;
export type WorkbookOpsEdit = z.infer<typeof workbookOpsEditSchema>;
export type DeckEdit = z.infer<typeof deckEditSchema>;

export const saveDocumentBody = z
  .strictObject({
    token,
    base_version: z.number().int().min(1).meta({ description: 'The version the edit was made on; a newer stored version answers 409.' }),
    edit: editorEditSchema,
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
  .object({ ...sessionFields, version: z.number().int(), saved_at: timestamp })
  .meta({ id: 'EditorSaveResult' });

export const keepAliveSchema = z.object(sessionFields).meta({ id: 'EditorSession' });

export const revokedEditSessionsSchema = z
  .object({
    run_id: z.string(),
    revoked: z.number().int().meta({ description: 'Edit sessions that ended.' }),
  })
  .meta({ id: 'RevokedEditSessions' });
