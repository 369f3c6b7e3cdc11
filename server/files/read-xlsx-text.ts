// The worker side of reading an uploaded .xlsx for a task: the model comes back as its JSON text.
// A string crosses to the request thread as one copy (a model object is rebuilt there object by
// object, about twice the cost of JSON.parse), is parsed only if a tool reads the file, and is the
// exact baseline the render of a workbook made from the file needs (stored beside the run's copy
// of the package, so the render does not read the package a second time). Its summary comes along,
// so a workbook that is the whole file needs no parse of the text on the request thread at all.
import { summarizeWorkbook, type WorkbookSummary } from '../documents/workbook/summarize-workbook';
import { readXlsx } from '../documents/workbook/xlsx/read-xlsx';

export interface XlsxText {
  /** JSON of the workbook model, as readXlsx returns it (validated) */
  workbookJson: string;
  summary: WorkbookSummary;
  sha256: string;
  description: string;
  warnings: Array<{ code: string; message: string; location?: string }>;
}

export async function readXlsxText(bytes: Buffer): Promise<XlsxText> {
  const r = await readXlsx(bytes);
  return { workbookJson: JSON.stringify(r.workbook), summary: summarizeWorkbook(r.workbook), sha256: r.sha256, description: r.description, warnings: r.warnings };
}
