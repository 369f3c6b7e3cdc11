// A workbook run made from an uploaded spreadsheet ("Q3 budget.xlsx", "sales.csv") is that file:
// when neither the run nor the workbook has a title, it takes the file's name, so the download is
// "Q3 budget.xlsx" and the editor says "Q3 budget" instead of "workbook.xlsx". Documents and decks
// are written from their sources (a brief from a docx and a PDF is not the docx): they are named by
// what the agent writes.
import type { Db } from '../db/client';
import type { RenderableFormat } from '../rendering/render-for-format';

const SPREADSHEET = /\.(xlsx|xlsm|xls|csv|tsv)$/i;

/** The title a new run takes from its first attached file, or null. */
export async function titleFromUpload(db: Db, args: { orgId: string; format: RenderableFormat; fileIds: readonly string[] | undefined }): Promise<string | null> {
  const id = args.fileIds?.[0];
  if (!id || args.format !== 'excel') return null;
  const f = await db.fileObject.findFirst({ where: { id, orgId: args.orgId, kind: 'file' }, select: { name: true } });
  if (!f || !SPREADSHEET.test(f.name)) return null;
  const base = f.name
    .replace(/\.[A-Za-z0-9]{1,5}$/, '')
    .replace(/[\u0000-\u001f\u007f]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 200);
  return base || null;
}
