// The URLs of a task event (result.download_url, result.edit_url, result.artifacts[].download_url)
// are credentials that expire: a signed download link and an edit-session token. They are never
// stored with a delivery; each attempt puts freshly minted ones in (server/webhooks/delivery-body.ts).
import type { TaskUrls } from '../runs/serialize-task';

export const NO_TASK_URLS: TaskUrls = { downloadUrl: null, editUrl: null };

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Whether the event has a result, i.e. URL fields to fill in. */
export function hasTaskUrls(event: unknown): boolean {
  return isRecord(event) && isRecord(event.data) && isRecord(event.data.result);
}

/** The event with its result's URL fields set to `urls` (an event without a result is returned as is). */
export function withTaskUrls<T>(event: T, urls: TaskUrls): T {
  if (!isRecord(event) || !isRecord(event.data) || !isRecord(event.data.result)) return event;
  const result = event.data.result;
  const artifacts = Array.isArray(result.artifacts)
    ? { artifacts: result.artifacts.map((a: unknown) => (isRecord(a) ? { ...a, download_url: urls.downloadUrl } : a)) }
    : {};
  return { ...event, data: { ...event.data, result: { ...result, download_url: urls.downloadUrl, edit_url: urls.editUrl, ...artifacts } } };
}
