/**
 * What the review may use beyond the document model, given by the caller (the task pipeline wires
 * LibreOffice in from server/exports; without them the review estimates and shows no pictures).
 */
import type { AgentFormat } from '../types';

export interface ReviewServices {
  /** pages a .docx fills when LibreOffice lays it out; null when it cannot tell */
  countPages?: (docx: Buffer) => Promise<number | null>;
  /** PNG renders of the first pages / slides of the document as it stands; null when they cannot be made */
  pageImages?: (format: AgentFormat, model: unknown) => Promise<Buffer[] | null>;
}
