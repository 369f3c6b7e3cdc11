/**
 * Documents: models, renderers, importers, formula values and verification.
 * The agent edits models; these functions turn models into files and files into models.
 */
export * from './workbook/schema';
export { renderWorkbook, renderWorkbookDetailed, type RenderWorkbookResult } from './workbook/render-xlsx';
export { evaluateWorkbook, extractReferences, isErrorValue, type EvalValue, type FormulaDiagnostic, type WorkbookEvaluation } from './workbook/evaluate-formulas';
export { importXlsx } from './workbook/import-xlsx';
export { importCsv, type ImportCsvOptions } from './workbook/import-csv';
export { summarizeWorkbook, type WorkbookSummary, type SheetSummary } from './workbook/summarize-workbook';
export { verifyXlsx, type VerifyReport as VerifyXlsxReport } from './workbook/verify-xlsx';
export { columnToNumber, numberToColumn, parseAddress, parseRange, toAddress, toRange, dateToSerial, serialToDate } from '../../lib/workbook/cell-ref';

export {
  documentSchema,
  tiptapDocSchema,
  nodeSchema,
  markSchema,
  parseDocument,
  nodeText,
  NODE_TYPES,
  MARK_TYPES,
  type DocumentModel,
  type DocumentInput,
  type TiptapDoc,
  type TiptapNode,
  type TiptapMark,
} from './document/schema';
export { documentExtensions, PageBreak, TableOfContents, TextStyle } from '../../lib/document/tiptap-extensions';
export { renderDocument, renderDocumentDetailed, type RenderDocumentOptions, type RenderDocumentResult } from './document/render-docx';
export { importDocx, type ImportDocxResult } from './document/import-docx';
export { summarizeDocument, type DocumentSummary } from './document/summarize-document';
export { verifyDocx, type VerifyDocxReport } from './document/verify-docx';

export * from './deck/schema';
export { renderDeck, renderDeckDetailed, type RenderDeckOptions, type RenderDeckResult } from './deck/render-pptx';
export { importPptx, type ImportPptxResult } from './deck/import-pptx';
export { summarizeDeck, type DeckSummary } from './deck/summarize-deck';
export { verifyPptx, type VerifyPptxReport } from './deck/verify-pptx';

export type { ImageResolver } from './common/image-data';
export { checkPackage } from './common/check-package';
