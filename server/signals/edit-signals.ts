// Signals for the open editors of a run: "run R has a new version V" (an editor save, an agent task,
// a restore) and presence ("connection C is editing R"). Told to this process at once (process bus,
// shared by every bundle) and, on PostgreSQL, to every other instance (LISTEN/NOTIFY through the
// database handle, as task-signals.ts). Version signals are hints: the editor's event stream re-reads
// the run's current version, so a lost one costs a late update, never a wrong one; after a reconnect
// of LISTEN every stream re-reads. Presence is kept per process: each instance announces its own
// connections (join, leave, and again every PRESENCE_REFRESH_MS and whenever another instance
// asks), and forgets another instance's connection it has not heard of for PRESENCE_TTL_MS.
import { currentDbHandle, type DbHandle } from '../db/client';
import type { DbNotifications } from '../db/notifications';
import { log } from '../log';
import { processBus, processSingleton } from './process-bus';

const VERSION = 'run_version';
const PRESENCE = 'edit_presence';
export const PRESENCE_REFRESH_MS = 20_000;
const PRESENCE_TTL_MS = 50_000;

export interface Editor {
  /** one open editor (an event stream connection) */
  id: string;
  /** the edit session behind it (one edit_url) */
  session: string;
  /** what others see: initials or a short name */
  label: string;
}

const bus = () => processBus('edit-signals');
const relayed = processSingleton('edit-signals.relayed', () => new WeakSet<DbNotifications>());
/** runId → connection id → editor (local ones have no expiry) */
type Present = Editor & { local: boolean; seen: number };
const present = processSingleton('edit-signals.present', () => new Map<string, Map<string, Present>>());

function relay(handle: DbHandle): DbNotifications | null {
  const n = handle.notifications;
  if (!n || relayed.has(n)) return n;
  relayed.add(n);
  n.on('message', (kind: string, payload: string) => {
    if (kind === VERSION) {
      const [runId, version, by] = payload.split(':');
      if (runId && version) {
        bus().emit(`version:${runId}`, Number(version), by ?? '');
        bus().emit('version', runId);
      }
    } else if (kind === PRESENCE) {
      const [runId, op, id, session, ...label] = payload.split(':');
      if (runId && op && id) remotePresence(runId, op, { id, session: session ?? '', label: label.join(':') });
    }
  });
  n.on('resync', () => {
    bus().emit('resync');
    // what other instances announced meanwhile was missed: ask again, and tell ours
    for (const runId of present.keys()) void notify(PRESENCE, `${runId}:ask:-:-:`);
    announceLocal();
  });
  return n;
}

async function notify(kind: string, payload: string): Promise<void> {
  const pending = currentDbHandle();
  if (!pending) return;
  try {
    await (await pending).notifications?.notify(kind, payload);
  } catch (err) {
    log().warn({ err, kind }, 'edit signal: NOTIFY failed (other instances catch up on their next check)');
  }
}

/** Makes sure this process hears other instances (PostgreSQL: LISTEN, not awaited beyond `waitMs`). */
export async function listenForEditSignals(waitMs = 0): Promise<void> {
  const pending = currentDbHandle();
  if (!pending) return;
  const n = relay(await pending);
  if (n && !n.connected) await n.listen(waitMs);
}

/** A new version of `runId` was stored (by edit session `by`, or "agent"/"restore"). */
export function announceRunVersion(runId: string, version: number, by: string): void {
  bus().emit(`version:${runId}`, version, by);
  bus().emit('version', runId);
  void notify(VERSION, `${runId}:${version}:${by}`);
}

/** Calls `fn(runId)` on every announced version of any run, `fn(null)` after a reconnect (anything may have changed). */
export function onAnyRunVersion(fn: (runId: string | null) => void): () => void {
  const b = bus();
  const onVersion = (runId: string) => fn(runId);
  const onResync = () => fn(null);
  b.on('version', onVersion);
  b.on('resync', onResync);
  return () => {
    b.off('version', onVersion);
    b.off('resync', onResync);
  };
}

/** Calls `fn(version, by)` on every announced version of `runId`; `fn(null)` after a reconnect (re-read). */
export function onRunVersion(runId: string, fn: (version: number | null, by: string) => void): () => void {
  const b = bus();
  const onVersion = (v: number, by: string) => fn(v, by);
  const onResync = () => fn(null, '');
  b.on(`version:${runId}`, onVersion);
  b.on('resync', onResync);
  return () => {
    b.off(`version:${runId}`, onVersion);
    b.off('resync', onResync);
  };
}

function changed(runId: string): void {
  bus().emit(`presence:${runId}`);
}

function remotePresence(runId: string, op: string, e: Editor): void {
  const here = present.get(runId);
  if (op === 'ask' || op === 'join') {
    // another instance wants to know who is here
    for (const x of here?.values() ?? []) if (x.local) void notify(PRESENCE, `${runId}:here:${x.id}:${x.session}:${x.label}`);
  }
  if (op === 'ask') return;
  if (op === 'leave') {
    if (here?.delete(e.id)) changed(runId);
    return;
  }
  const map = here ?? new Map<string, Present>();
  const known = map.has(e.id);
  map.set(e.id, { ...e, local: false, seen: Date.now() });
  present.set(runId, map);
  if (!known) changed(runId);
}

/** Another instance's connections not heard of for a while are gone (that instance stopped). */
function sweep(runId: string): void {
  const here = present.get(runId);
  if (!here) return;
  let removed = false;
  for (const [id, x] of here) {
    if (!x.local && Date.now() - x.seen > PRESENCE_TTL_MS) {
      here.delete(id);
      removed = true;
    }
  }
  if (!here.size) present.delete(runId);
  if (removed) changed(runId);
}

function announceLocal(): void {
  for (const [runId, here] of present) for (const x of here.values()) if (x.local) void notify(PRESENCE, `${runId}:here:${x.id}:${x.session}:${x.label}`);
}

const refresher = processSingleton('edit-signals.refresher', () => ({ timer: null as NodeJS.Timeout | null }));

/** An editor opened on `runId` in this process: everybody is told; the returned function says it left. */
export function joinEditing(runId: string, editor: Editor): () => void {
  const map = present.get(runId) ?? new Map<string, Present>();
  map.set(editor.id, { ...editor, local: true, seen: Date.now() });
  present.set(runId, map);
  changed(runId);
  void notify(PRESENCE, `${runId}:join:${editor.id}:${editor.session}:${editor.label.replace(/:/g, '')}`);
  if (!refresher.timer) {
    refresher.timer = setInterval(() => {
      announceLocal();
      for (const id of [...present.keys()]) sweep(id);
    }, PRESENCE_REFRESH_MS);
    refresher.timer.unref();
  }
  return () => {
    const here = present.get(runId);
    if (!here?.delete(editor.id)) return;
    if (!here.size) present.delete(runId);
    changed(runId);
    void notify(PRESENCE, `${runId}:leave:${editor.id}:${editor.session}:`);
  };
}

/** Who is editing `runId` now (every instance). */
export function editorsOf(runId: string): Editor[] {
  sweep(runId);
  return [...(present.get(runId)?.values() ?? [])].map(({ id, session, label }) => ({ id, session, label }));
}

/** Calls `fn` whenever the editors of `runId` change. */
export function onPresence(runId: string, fn: () => void): () => void {
  const b = bus();
  b.on(`presence:${runId}`, fn);
  return () => b.off(`presence:${runId}`, fn);
}
