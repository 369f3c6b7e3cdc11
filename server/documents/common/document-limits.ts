// The limits every parse of an uploaded or stored document is held to, before its memory is
// spent: archive size, part size, compression ratio, part count, XML nesting, cells, slides and
// PDF pages. Read from the environment (server/env.ts); errors name the setting to raise.
import { env } from '../../env';

export interface DocumentLimits {
  /** Sum of the inflated sizes of every part of an archive. */
  maxUnzippedBytes: number;
  /** Inflated size of one part. */
  maxPartBytes: number;
  /** Parts (entries) in one archive. */
  maxParts: number;
  /** Inflated ÷ compressed size of a part above 1 MiB. */
  maxCompressionRatio: number;
  /** Element nesting of an XML part (documents, slides, charts, drawings). */
  maxXmlDepth: number;
  /** Cells of a workbook, over all sheets. */
  maxCells: number;
  /** Slides of a deck. */
  maxSlides: number;
  /** Pages of a PDF read for its text. */
  maxPdfPages: number;
}

export function documentLimits(): DocumentLimits {
  const e = env();
  return {
    maxUnzippedBytes: e.MAX_UNZIPPED_BYTES,
    maxPartBytes: e.MAX_ZIP_PART_BYTES,
    maxParts: e.MAX_ZIP_PARTS,
    maxCompressionRatio: e.MAX_COMPRESSION_RATIO,
    maxXmlDepth: e.MAX_XML_DEPTH,
    maxCells: e.MAX_WORKBOOK_CELLS,
    maxSlides: e.MAX_DECK_SLIDES,
    maxPdfPages: e.MAX_PDF_PAGES,
  };
}

/** A document that cannot be read: its message is safe to show the API user (no paths, no stderr). */
export class UnreadableDocumentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnreadableDocumentError';
  }
}

/** A document over one of the limits: the message names the limit and the setting that raises it. */
export class DocumentLimitError extends UnreadableDocumentError {
  constructor(
    what: string,
    readonly setting: string,
    readonly limit: number,
  ) {
    super(`${what} (limit ${limit.toLocaleString('en-US')}, ${setting})`);
    this.name = 'DocumentLimitError';
  }
}
