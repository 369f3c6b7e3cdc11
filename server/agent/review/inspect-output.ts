/**
 * The inspection of a finished document, per format: what a reviewer would find (see the
 * inspect-* modules under server/documents). A document's real page count comes from the caller
 * (LibreOffice, through ReviewServices); without it the document inspection estimates.
 */
import type { Finding } from '@/server/documents/common/finding';
import { inspectDeck } from '@/server/documents/deck/inspect-deck';
import type { Deck } from '@/server/documents/deck/schema';
import { inspectDocument } from '@/server/documents/document/inspect-document';
import { renderDocument } from '@/server/documents/document/render-docx';
import type { DocumentModel } from '@/server/documents/document/schema';
import { inspectWorkbook } from '@/server/documents/workbook/inspect-workbook';
import type { Workbook } from '@/server/documents/workbook/schema';
import type { AgentFormat } from '../types';

export type InspectOutput = (
  format: AgentFormat,
  model: unknown,
  ctx: { prompt: string; signal?: AbortSignal; countPages?: (docx: Buffer) => Promise<number | null> },
) => Promise<Finding[]>;

export const inspectOutput: InspectOutput = async (format, model, ctx) => {
  ctx.signal?.throwIfAborted();
  if (format === 'excel') return inspectWorkbook(model as Workbook);
  if (format === 'slides') return inspectDeck(model as Deck);
  const count = ctx.countPages;
  return inspectDocument(model as DocumentModel, { prompt: ctx.prompt, ...(count ? { countPages: async (doc: DocumentModel) => count(await renderDocument(doc)) } : {}) });
};
