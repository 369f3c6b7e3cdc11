// Request and response shapes of POST /runs/{run_id}/export.
import { z } from 'zod';
import { timestamp } from '../http/common-schemas';
import { EXPORT_FORMATS } from './export-formats';

export const MAX_EXPORT_PAGE = 10_000;

export const exportFormatSchema = z.enum(EXPORT_FORMATS).meta({
  id: 'ExportFormat',
  description: 'xlsx runs: pdf, csv, png, html · docx runs: pdf, html, txt, odt · pptx runs: pdf, png, odp',
});

const pageField = z.number().int().min(1).max(MAX_EXPORT_PAGE).meta({
  description: 'png only: export this page / slide (1-based) as one PNG. Without it, every page is exported, one PNG each, in a zip.',
});
const sheetField = z.string().trim().min(1).max(31).meta({
  description: 'csv only: the sheet to export, by name (case-insensitive). Default: the first sheet. A CSV file holds one sheet.',
});

export const exportRequestSchema = z
  .strictObject({
    format: exportFormatSchema.optional().meta({ description: 'Target format (required here or as ?format=).' }),
    page: pageField.optional(),
    sheet: sheetField.optional(),
  })
  .meta({ id: 'ExportRequest' });

/** The same fields as query parameters (`POST /runs/{id}/export?format=pdf`), as the reference shows it. */
export const exportQuerySchema = z.strictObject({
  format: exportFormatSchema.optional(),
  page: z.coerce.number().pipe(pageField).optional(),
  sheet: sheetField.optional(),
});

export const exportResponseSchema = z
  .object({
    format: exportFormatSchema,
    download_url: z.string().meta({ description: 'Signed URL of the exported file (valid until expires_at; 24 h by default).' }),
    expires_at: timestamp,
    run_id: z.string(),
    version: z.number().int().meta({ description: 'The run version (document revision) that was exported.' }),
    file_name: z.string().meta({ example: 'Q3 sales report.pdf' }),
    content_type: z.string().meta({ example: 'application/pdf' }),
    size_bytes: z.number().int().nullable(),
    cached: z.boolean().meta({ description: 'true when this version was already exported to this format (no conversion ran).' }),
    page: z.number().int().optional(),
    sheet: z.string().optional(),
  })
  .meta({ id: 'Export' });

export type ExportRequest = z.infer<typeof exportRequestSchema>;
export type ExportQuery = z.infer<typeof exportQuerySchema>;
export type ExportResponse = z.infer<typeof exportResponseSchema>;
