/** Shared types of the agent: formats, attachments and the run memory kept between tasks. */
import type { WorkbookSummary } from '../documents/workbook/summarize-workbook';

export type AgentFormat = 'excel' | 'word' | 'slides';

export interface AgentFile {
  id: string;
  name: string;
  kind: 'csv' | 'xlsx' | 'docx' | 'text';
  /**
   * csv / xlsx uploads: the workbook model (server/documents) as JSON text, as the reader produced
   * and validated it; the file tools parse it when they read the file (a copy of their own).
   */
  workbookJson?: string;
  /** xlsx uploads: the summary of that workbook (sheets, used ranges, headers…), made by the reader */
  summary?: WorkbookSummary;
  /** xlsx uploads: the stored package, so a workbook made from the file is rendered over it (lossless) */
  source?: { blobKey: string; sha256: string };
  /** xlsx uploads: what the file holds and which of its parts are only carried (one line) */
  description?: string;
  /** what the import could only carry, not model (shown to the user as task warnings) */
  warnings?: Array<{ code: string; message: string; location?: string }>;
  /** plain text for docx / text uploads */
  text?: string;
}

export interface AgentImage {
  id: string;
  name: string;
  mime: string;
  width?: number;
  height?: number;
  data: Buffer;
}

export interface AgentAttachments {
  files?: AgentFile[];
  images?: AgentImage[];
}

export interface WorkbookIndex {
  kind: 'workbook';
  sheets: Array<{
    name: string;
    usedRange: string | null;
    headers: string[];
    headerRow?: number;
    tables: string[];
    charts: string[];
    frozen?: { rows: number; cols: number };
  }>;
}

export interface DocumentIndex {
  kind: 'document';
  title?: string;
  header?: string;
  footer?: string;
  sections: Array<{ id: string; level: number; title: string; blocks: number }>;
  tables: number;
  images: number;
}

export interface DeckIndex {
  kind: 'deck';
  title?: string;
  /** visuals: a line per chart / table / image / text box / shape (small charts with their data) */
  slides: Array<{ id: string; title: string; layout: string; visuals?: string[] }>;
}

export type StructuralIndex = WorkbookIndex | DocumentIndex | DeckIndex;

/** What a run remembers between tasks: enough for a follow-up prompt without the whole document. */
export interface RunMemory {
  version: 1;
  format: AgentFormat;
  /** compact summary of what the run has built so far */
  summary: string;
  /** the latest tasks (oldest first), prompts and summaries truncated */
  history: Array<{ prompt: string; summary: string }>;
  index: StructuralIndex;
  /** true when some numbers in the document were invented (sample data) */
  sampleData?: boolean;
  /**
   * true when a person edited the document after `index` was built (editor saves defer the rebuild):
   * whoever hands the memory to the agent rebuilds the index first (withFreshIndex).
   */
  staleIndex?: true;
}

export interface AgentUsage {
  inputTokens: number;
  outputTokens: number;
}
