// The dashboard's run page: the run (as GET /runs/{id}, with a fresh download_url), its tasks
// newest first (progress of a running one, each task's credits) and its document versions.
import 'server-only';
import type { Db } from '../db/client';
import type { EditGrant } from '../edit-sessions/mint-edit-session';
import { describeRun } from './describe-run';
import { getRun } from './get-run';
import { listRunVersions } from './list-run-versions';
import { runUrls } from './run-urls';
import { serializeTask } from './serialize-task';

const MAX_TASKS = 50;

export async function getRunDetail(db: Db, orgId: string, runId: string, grant?: EditGrant) {
  const run = await getRun(db, orgId, runId);
  const urls = await runUrls(db, run, { grant });
  const [described, tasks, versions] = await Promise.all([
    describeRun(db, run, urls),
    db.task.findMany({ where: { runId: run.id, orgId }, orderBy: { id: 'desc' }, take: MAX_TASKS }),
    listRunVersions(db, orgId, run.id),
  ]);
  return {
    ...described,
    tasks: tasks.map((t) => serializeTask(t, t.status === 'completed' ? urls : undefined)),
    versions,
  };
}
