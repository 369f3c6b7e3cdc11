// The HTTP answer of a task endpoint from what happened to the started task (server/generation/
// start-generation.ts): 202 when queued, 202 + sync_timeout_upgrade_async when the sync ceiling
// passed, 200 with the result when it finished in time (reference: Sync vs Async).
import type { StartedTask } from '../generation/start-generation';
import type { ApiResult } from './with-api';

export function startedTaskResponse(started: StartedTask): ApiResult {
  switch (started.outcome) {
    case 'queued':
      return { status: 202, body: { run_id: started.runId, task_id: started.taskId, status: 'queued' } };
    case 'past_sync_ceiling':
      return {
        status: 202,
        body: {
          run_id: started.runId,
          task_id: started.taskId,
          status: started.status,
          code: 'sync_timeout_upgrade_async',
          message: `Sync ceiling (${Math.round(started.ceilingMs / 1000)}s) exceeded; continuing asynchronously. Poll GET /tasks/${started.taskId}.`,
        },
      };
    case 'finished':
      return { status: 200, body: started.result };
  }
}
