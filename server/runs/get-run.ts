import type { Db } from '../db/client';
import { notFound } from '../http/api-error';

/** A run of the caller's org; any other id (another org's or made up) is the same 404. */
export async function getRun(db: Db, orgId: string, runId: string) {
  const run = await db.run.findFirst({ where: { id: runId, orgId } });
  if (!run) throw notFound('run');
  return run;
}
