// Tasks reaching a final state (completed, failed, cancelled, expired), their duration, and the
// credits a completed task debited. Recorded by whoever commits the final state, after the commit.
import { metrics } from './registry';

export type EndedState = 'completed' | 'failed' | 'cancelled' | 'expired';

export interface EndedTask {
  kind: string;
  startedAt: Date | null;
  /** credits debited by this ending (a completed task's estimate; 0 otherwise) */
  creditsEstimated?: number;
}

export function recordTaskEnded(task: EndedTask, state: EndedState): void {
  const m = metrics();
  m.tasksEnded.inc({ kind: task.kind, state });
  // a task cancelled or expired while queued never started: no duration
  if (task.startedAt) m.taskDuration.observe({ kind: task.kind, state }, Math.max(0, Date.now() - task.startedAt.getTime()) / 1000);
  if (state === 'completed' && task.creditsEstimated) m.creditsDebited.inc({ kind: task.kind }, task.creditsEstimated);
}

/** Tasks ended in bulk by a sweep (worker lost, expired in the queue), whose rows were not read. */
export function countTasksEnded(state: EndedState, count: number): void {
  if (count > 0) metrics().tasksEnded.inc({ kind: 'unknown', state }, count);
}
