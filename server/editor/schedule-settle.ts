// Schedules settleEditedRun for a run once its editing goes quiet (EDITOR_SETTLE_MS after the last
// save). EXECUTOR=local: a per-run timer in this process (a lost timer costs nothing: downloads and
// exports render a missing file themselves, agent tasks rebuild a stale index). EXECUTOR=inngest:
// an event to a debounced function, so the settle runs on any instance.
import 'server-only';
import { getDb } from '../db/client';
import { env } from '../env';
import { log } from '../log';
import { settleEditedRun } from './settle-edited-run';

const g = globalThis as unknown as { __docsmithSettleTimers?: Map<string, ReturnType<typeof setTimeout>> };
const timers = (g.__docsmithSettleTimers ??= new Map<string, ReturnType<typeof setTimeout>>());

export async function scheduleSettle(runId: string): Promise<void> {
  const e = env();
  if (e.EXECUTOR === 'inngest') {
    const { inngest, RUN_EDITED_EVENT } = await import('../inngest/inngest-client');
    await inngest.send({ name: RUN_EDITED_EVENT, data: { runId } });
    return;
  }
  clearTimeout(timers.get(runId));
  const timer = setTimeout(() => {
    timers.delete(runId);
    void (async () => settleEditedRun(await getDb(), runId))().catch((err: unknown) => log().warn({ err, runId }, 'settling an edited run failed'));
  }, e.EDITOR_SETTLE_MS);
  timer.unref?.();
  timers.set(runId, timer);
}

/** Cancels every pending local settle (process shutdown, tests). */
export function cancelScheduledSettles(): void {
  for (const t of timers.values()) clearTimeout(t);
  timers.clear();
}
