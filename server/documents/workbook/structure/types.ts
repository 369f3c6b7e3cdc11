import type { Workbook } from '../schema';

export type StructureWarningCode =
  /** a reference in a formula, name, rule or validation became #REF! */
  | 'ref-error'
  /** a 3-D reference (Sheet1:Sheet3!A1) spans the edited sheet; like Excel, it was not shifted */
  | '3d-ref-not-adjusted'
  /** a 3-D reference spans sheets whose order changed; the sheets it covers may differ */
  | '3d-ref-span-changed'
  /** a table lost all its cells and was removed */
  | 'table-removed'
  /** the header row of a table was deleted; the next row is now its header */
  | 'table-header-deleted'
  /** a chart series pointed at deleted cells (or a deleted sheet) and was removed */
  | 'chart-series-removed'
  /** a chart lost all its series and was removed */
  | 'chart-removed'
  /** chart categories pointed at deleted cells and were removed */
  | 'chart-categories-removed'
  /** a chart series name pointed at a deleted cell and was removed */
  | 'chart-series-name-removed'
  /** every cell a chart or image covered was deleted; it now covers one cell at the edit */
  | 'anchor-collapsed'
  /** a hyperlink's location pointed at deleted cells; the location (or the link) was removed */
  | 'hyperlink-location-removed'
  /** the print area, print titles or a page break pointed at deleted cells and was removed */
  | 'print-setup-changed'
  /** the autofilter range was deleted */
  | 'autofilter-removed'
  /** a defined name scoped to a deleted sheet was removed */
  | 'defined-name-removed'
  /** a sorted formula refers to other rows with relative references; like Excel, they moved with it */
  | 'sort-relative-reference';

export interface StructureWarning {
  code: StructureWarningCode;
  message: string;
  /** where: "Sheet1!B5", "name Revenue", "Sheet1 chart c1", … */
  location?: string;
}

export interface StructureResult {
  workbook: Workbook;
  warnings: StructureWarning[];
}
