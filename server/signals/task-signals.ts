// "Task X ended" and "a task was queued": told to whoever waits in this process (a process-wide
// bus, shared by the worker started from instrumentation.ts and the route handlers) and, on PostgreSQL, to every other process of the
// deployment (LISTEN/NOTIFY through the database handle). Signals are hints: whoever receives one
// re-reads the task, so a lost signal costs a slow poll, never a wrong answer.
import { currentDbHandle, type DbHandle } from '../db/client';
import type { DbNotifications } from '../db/notifications';
import { log } from '../log';
import { processBus, processSingleton } from './process-bus';

type Relayed = 'task_ended' | 'task_queued';
const RESYNC = 'resync';

const bus = () => processBus('task-signals');

function emitLocal(kind: Relayed | 'task_update', taskId: string, row?: object): void {
  const b = bus();
  b.emit(`${kind}:${taskId}`, taskId, row);
  b.emit(kind, taskId);
}

/** The handles whose notifications are already relayed onto the bus (once per handle). */
const relayed = processSingleton('task-signals.relayed', () => new WeakSet<DbNotifications>());

function relay(handle: DbHandle): DbNotifications | null {
  const n = handle.notifications;
  if (!n || relayed.has(n)) return n;
  relayed.add(n);
  n.on('message', (kind: string, taskId: string) => {
    if (kind === 'task_ended' || kind === 'task_queued') emitLocal(kind, taskId);
  });
  n.on('resync', () => bus().emit(RESYNC));
  return n;
}

function publish(kind: Relayed, taskId: string, row?: object): void {
  emitLocal(kind, taskId, row);
  const pending = currentDbHandle();
  if (!pending) return;
  pending
    .then((h) => h.notifications?.notify(kind, taskId))
    .catch((err: unknown) => log().warn({ err, taskId, kind }, 'task signal: NOTIFY failed (other instances fall back to polling)'));
}

/**
 * A task reached a terminal state (completed, failed, cancelled, expired) — or stopped here: waiters
 * re-read it. `row`: the task as just committed, handed to waiters in this process so that they need
 * not read it again (other instances always re-read).
 */
export function announceTaskEnded(taskId: string, row?: object): void {
  publish('task_ended', taskId, row);
}

/** A task was queued: local workers of every instance look for work. */
export function announceTaskQueued(taskId: string): void {
  publish('task_queued', taskId);
}

/** Progress of a running task, in this process only (nobody outside needs it at once). */
export function announceTaskUpdate(taskId: string): void {
  emitLocal('task_update', taskId);
}

export interface CrossInstanceSignals {
  /** Whether other instances' signals arrive right now (else: poll more often). */
  readonly connected: boolean;
}

/**
 * Makes sure this process hears other instances' signals (PostgreSQL: the LISTEN connection is
 * opened on first use and awaited up to `waitMs`). Null when there are no other instances to hear
 * (the embedded database belongs to one process) or no database is open yet.
 */
export async function listenForTaskSignals(waitMs = 2000): Promise<CrossInstanceSignals | null> {
  const pending = currentDbHandle();
  if (!pending) return null;
  const n = relay(await pending);
  if (!n) return null;
  await n.listen(waitMs);
  return n;
}

/**
 * Calls `fn` when `taskId` is announced ended (here or on another instance) or after a reconnect;
 * with the committed row when it ended in this process and the announcer had it.
 */
export function onTaskEnded(taskId: string, fn: (row?: object) => void): () => void {
  const b = bus();
  const ended = (_id: string, row?: object) => fn(row);
  const resync = () => fn();
  b.on(`task_ended:${taskId}`, ended);
  b.on(RESYNC, resync);
  return () => {
    b.off(`task_ended:${taskId}`, ended);
    b.off(RESYNC, resync);
  };
}

/** Calls `fn` whenever a task is queued (here or on another instance) or after a reconnect. */
export function onTaskQueued(fn: () => void): () => void {
  const b = bus();
  b.on('task_queued', fn);
  b.on(RESYNC, fn);
  return () => {
    b.off('task_queued', fn);
    b.off(RESYNC, fn);
  };
}
