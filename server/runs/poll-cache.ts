// The answers of GET /tasks/{id} for tasks that have ended, kept for POLL_CACHE_MS in this process.
// A client waiting on a task polls it again and again, often from several places (SDK, dashboard,
// a webhook handler double-checking): once the task has ended its row never changes, and what else
// the answer holds (the run's current version and file, the poller's reusable edit_url) changes
// only when the run does. So a repeated poll is answered from memory — no database statement —
// while the download URL is still signed afresh for every answer (signed URLs expire).
//
// What makes an entry stale, and how it is dropped:
// - a new version of the run (editor save, agent task, restore): the run-version signal, heard at
//   once in this process and, on PostgreSQL, from every other instance (LISTEN/NOTIFY);
// - edit sessions revoked, a run expired or purged by retention: dropped here when it happens in
//   this process; another instance's copy ages out within POLL_CACHE_MS;
// - and whatever else: every entry is dropped POLL_CACHE_MS after it was read from the database.
// POLL_CACHE_MS=0 turns the cache off (every poll reads the database once).
import 'server-only';
import { env } from '../env';
import { listenForEditSignals, onAnyRunVersion } from '../signals/edit-signals';
import { log } from '../log';
import { processSingleton } from '../signals/process-bus';
import type { TaskView } from './serialize-task';

/** At most this many ended tasks are kept (the oldest read goes first). */
export const POLL_CACHE_MAX_ENTRIES = 2000;

/** What an ended task's poll is made of, apart from the signed download URL. */
export interface CachedPoll {
  task: TaskView;
  /** the current version's file, signed per answer; null: no download (purged, no file) */
  blobKey: string | null;
  fileName: string | null;
  /** per API key: the edit_url handed out to it (absent: not asked yet, or a text run → null) */
  editUrls: Map<string, string | null>;
}

interface Entry extends CachedPoll {
  orgId: string;
  runId: string;
  until: number;
}

interface Cache {
  entries: Map<string, Entry>;
  byRun: Map<string, Set<string>>;
  subscribed: boolean;
}

const cache = processSingleton<Cache>('poll-cache', () => ({ entries: new Map(), byRun: new Map(), subscribed: false }));

function subscribe(): void {
  if (cache.subscribed) return;
  cache.subscribed = true;
  onAnyRunVersion((runId) => (runId === null ? forgetAllPolls() : forgetRunPolls(runId)));
  // PostgreSQL: hear the versions other instances store
  listenForEditSignals(0).catch((err: unknown) => log().warn({ err }, 'poll cache: could not listen for other instances'));
}

/** The kept answer parts of `taskId` for a caller of `orgId`, if fresh; another org's task is never answered from here. */
export function cachedPoll(taskId: string, orgId: string, now: number): CachedPoll | undefined {
  const e = cache.entries.get(taskId);
  if (!e) return undefined;
  if (e.until <= now) {
    drop(taskId, e);
    return undefined;
  }
  return e.orgId === orgId ? e : undefined;
}

/** Keeps the answer parts of an ended task (read from the database at `now`). */
export function keepPoll(orgId: string, runId: string, poll: CachedPoll, now: number): void {
  const ttl = env().POLL_CACHE_MS;
  if (ttl <= 0) return;
  subscribe();
  const old = cache.entries.get(poll.task.id);
  if (old) drop(poll.task.id, old);
  if (cache.entries.size >= POLL_CACHE_MAX_ENTRIES) {
    const [oldestId, oldest] = cache.entries.entries().next().value as [string, Entry];
    drop(oldestId, oldest);
  }
  cache.entries.set(poll.task.id, { ...poll, orgId, runId, until: now + ttl });
  let ids = cache.byRun.get(runId);
  if (!ids) cache.byRun.set(runId, (ids = new Set()));
  ids.add(poll.task.id);
}

function drop(taskId: string, e: Entry): void {
  cache.entries.delete(taskId);
  const ids = cache.byRun.get(e.runId);
  ids?.delete(taskId);
  if (ids && !ids.size) cache.byRun.delete(e.runId);
}

/** The run changed (new version, sessions revoked, purged): its tasks' answers are read again. */
export function forgetRunPolls(runId: string): void {
  const ids = cache.byRun.get(runId);
  if (!ids) return;
  cache.byRun.delete(runId);
  for (const id of ids) cache.entries.delete(id);
}

/** Many runs changed at once (retention expired some; a missed signal after a reconnect). */
export function forgetAllPolls(): void {
  cache.entries.clear();
  cache.byRun.clear();
}

/** Entries kept (tests). */
export function pollCacheSize(): number {
  return cache.entries.size;
}
