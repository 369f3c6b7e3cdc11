// The Inngest client (EXECUTOR=inngest). Configured from server/env.ts only.
import { Inngest } from 'inngest';
import { env } from '../env';

export const TASK_QUEUED_EVENT = 'docsmith/task.queued';
export const TASK_CANCELLED_EVENT = 'docsmith/task.cancelled';
export const RUN_EDITED_EVENT = 'docsmith/run.edited';

const e = env();
export const inngest = new Inngest({
  id: 'docsmith',
  ...(e.INNGEST_EVENT_KEY ? { eventKey: e.INNGEST_EVENT_KEY } : {}),
  ...(e.INNGEST_SIGNING_KEY ? { signingKey: e.INNGEST_SIGNING_KEY } : {}),
  ...(e.INNGEST_BASE_URL ? { baseUrl: e.INNGEST_BASE_URL } : {}),
  ...(e.INNGEST_DEV !== undefined ? { isDev: e.INNGEST_DEV } : {}),
});
