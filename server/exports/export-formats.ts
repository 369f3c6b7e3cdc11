// What each kind of run exports to (the reference table), file types, and the cache key of an
// export: one ExportArtifact row per (run, version, format key).
import type { RunFormat } from '../db/generated/enums';

export const EXPORT_FORMATS = ['pdf', 'csv', 'png', 'html', 'txt', 'odt', 'odp'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export type ExportableRunFormat = Exclude<RunFormat, 'text'>;

/** Source file → targets, as in the reference documents: xlsx → pdf, csv, png, html; docx → pdf, html, txt, odt; pptx → pdf, png, odp. */
export const EXPORT_TARGETS: Record<ExportableRunFormat, readonly ExportFormat[]> = {
  excel: ['pdf', 'csv', 'png', 'html'],
  word: ['pdf', 'html', 'txt', 'odt'],
  slides: ['pdf', 'png', 'odp'],
};

export const SOURCE_EXTENSIONS: Record<ExportableRunFormat, 'xlsx' | 'docx' | 'pptx'> = { excel: 'xlsx', word: 'docx', slides: 'pptx' };

export const EXPORT_CONTENT_TYPES = {
  pdf: 'application/pdf',
  csv: 'text/csv; charset=utf-8',
  png: 'image/png',
  zip: 'application/zip',
  html: 'text/html; charset=utf-8',
  txt: 'text/plain; charset=utf-8',
  odt: 'application/vnd.oasis.opendocument.text',
  odp: 'application/vnd.oasis.opendocument.presentation',
} as const;

export type ExportFileKind = keyof typeof EXPORT_CONTENT_TYPES;

export function isExportableRunFormat(f: RunFormat): f is ExportableRunFormat {
  return f !== 'text';
}

/** What the caller asked for, normalised: the format and its variant (a png page, a csv sheet). */
export interface ExportVariant {
  format: ExportFormat;
  /** png only: one page (1-based); absent = every page in a zip */
  page?: number;
  /** csv only: a sheet by name (case-insensitive); absent = the first sheet */
  sheet?: string;
}

/**
 * The ExportArtifact.format value (cache key): `pdf`, `png` (all pages, zip), `png:p3` (page 3),
 * `csv` (first sheet), `csv:sheet=costs` (a named sheet, lower-cased).
 */
export function cacheFormat(v: ExportVariant): string {
  if (v.format === 'png' && v.page !== undefined) return `png:p${v.page}`;
  if (v.format === 'csv' && v.sheet !== undefined) return `csv:sheet=${v.sheet.toLowerCase()}`;
  return v.format;
}

/** The kind of file an export produces (png without a page is a zip of one PNG per page). */
export function exportFileKind(v: ExportVariant): ExportFileKind {
  return v.format === 'png' && v.page === undefined ? 'zip' : v.format;
}
