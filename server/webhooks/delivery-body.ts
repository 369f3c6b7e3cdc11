// The body of one attempt: the stored event (which holds no URL) with the task's URLs minted now,
// as GET /tasks/{id} gives them — a freshly signed download_url and an edit_url with a new edit
// session (only its hash is stored). So no edit token is ever written with a delivery, and a retry
// hours later still carries links that work.
import type { Db } from '../db/client';
import { runUrls } from '../runs/run-urls';
import type { TaskUrls } from '../runs/serialize-task';
import { hasTaskUrls, NO_TASK_URLS, withTaskUrls } from './event-urls';

export interface StoredDelivery {
  orgId: string;
  taskId: string | null;
  payload: unknown;
}

/** The URLs of the delivery's task as of now; none when the task is gone or did not complete. */
async function currentTaskUrls(db: Db, d: Pick<StoredDelivery, 'orgId' | 'taskId'>): Promise<TaskUrls> {
  if (!d.taskId) return NO_TASK_URLS;
  const task = await db.task.findFirst({ where: { id: d.taskId, orgId: d.orgId }, include: { run: true } });
  if (!task || task.status !== 'completed') return NO_TASK_URLS;
  // minted for the key that started the task: revoking it ends the session, as for any other edit_url
  const urls = await runUrls(db, task.run, { grant: { apiKeyId: task.apiKeyId } });
  return { downloadUrl: urls.downloadUrl, editUrl: urls.editUrl };
}

/** The JSON body to sign and send for this attempt. */
export async function deliveryBody(db: Db, d: StoredDelivery): Promise<string> {
  // An event without a result (run.failed) has no URL to mint: no lookup.
  if (!hasTaskUrls(d.payload)) return JSON.stringify(d.payload);
  return JSON.stringify(withTaskUrls(d.payload, await currentTaskUrls(db, d)));
}
