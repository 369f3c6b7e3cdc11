// The Inngest client (EXECUTOR=inngest). Configured from server/env.ts only.
import { eventType, Inngest, staticSchema } from 'inngest';
import { env } from '../env';

export const TASK_QUEUED_EVENT = 'docsmith/task.queued';
export const TASK_CANCELLED_EVENT = 'docsmith/task.cancelled';
export const RUN_EDITED_EVENT = 'docsmith/run.edited';

/** TASK_QUEUED_EVENT's data: runTaskFunction's concurrency keys read `orgId` and `runId`. */
export type TaskQueuedData = { taskId: string; orgId: string; runId: string };

/** The task-queued event type: the trigger of runTaskFunction and the typed way to send it. */
export const taskQueued = eventType(TASK_QUEUED_EVENT, { schema: staticSchema<TaskQueuedData>() });

const e = env();
export const inngest = new Inngest({
  id: 'docsmith',
  ...(e.INNGEST_EVENT_KEY ? { eventKey: e.INNGEST_EVENT_KEY } : {}),
  ...(e.INNGEST_SIGNING_KEY ? { signingKey: e.INNGEST_SIGNING_KEY } : {}),
  ...(e.INNGEST_BASE_URL ? { baseUrl: e.INNGEST_BASE_URL } : {}),
  ...(e.INNGEST_DEV !== undefined ? { isDev: e.INNGEST_DEV } : {}),
});
