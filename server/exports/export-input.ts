// The export request from the JSON body and/or the query string (the reference writes
// `/export?format=pdf`): each field may come from either place, not with two different values.
import { badRequest } from '../http/api-error';
import type { ExportInput } from './export-run';
import type { ExportQuery, ExportRequest } from './schemas';

export function exportInputFrom(body: ExportRequest | undefined, query: ExportQuery | undefined): ExportInput {
  const pick = <K extends keyof ExportRequest>(k: K): ExportRequest[K] => {
    const b = body?.[k];
    const q = query?.[k];
    if (b !== undefined && q !== undefined && b !== q) throw badRequest(`${k} is given twice with different values (body and query)`);
    return b ?? q;
  };
  const format = pick('format');
  if (format === undefined) throw badRequest('format is required, e.g. {"format": "pdf"}', { issues: [{ location: 'body', path: 'format', message: 'required' }] });
  const page = pick('page');
  const sheet = pick('sheet');
  return { format, ...(page !== undefined ? { page } : {}), ...(sheet !== undefined ? { sheet } : {}) };
}
