/**
 * .xlsx → workbook model. The reading itself is in ./xlsx/read-xlsx.ts (our own reader over the
 * package's XML parts); this module keeps the historical entry points.
 */
import { readXlsx } from './xlsx/read-xlsx';
import type { Workbook } from './schema';

export { parseChartXml } from './xlsx/read-chart';
export { readXlsx } from './xlsx/read-xlsx';

export async function importXlsx(buffer: Buffer | Uint8Array): Promise<Workbook> {
  return (await readXlsx(buffer)).workbook;
}
