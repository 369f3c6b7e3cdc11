// Runs heavy document work (reading uploads, rendering files) in worker threads, so that one heavy
// or hostile file costs its own thread, not the request loop: each worker has a heap cap
// (DOCUMENT_WORKER_MEMORY_MB) and each call a deadline (DOCUMENT_WORKER_TIMEOUT_MS); a worker over
// either is terminated and replaced, and the call fails with a limit error naming the setting.
// Workers start on demand, at most DOCUMENT_WORKERS at once, stop after a minute idle, and are
// replaced after a call that grew their heap past 192 MiB (so its memory goes back): the replacement
// starts at once and loads the modules of the latest calls while it waits, so that the next step of
// a large file's task (its render, after its read) does not wait for a worker to load its code.
//
// `isolated(module, fn, local)` wraps an async function of plain data: `module` is its source path
// from the repository root, loaded in the worker through tsx; `local` is the same function, used
// in-process when DOCUMENT_WORKERS=0 or where the sources are not on disk. This folder imports
// nothing from its callers, so it adds no folder cycle.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { isMainThread, Worker } from 'node:worker_threads';
import { DocumentLimitError, UnreadableDocumentError } from '../documents/common/document-limits';
import { env } from '../env';
import { log } from '../log';

const ROOT = path.join(/* turbopackIgnore: true */ process.cwd());
const ENTRY = path.join(/* turbopackIgnore: true */ process.cwd(), 'server/workers/worker-entry.mjs');
const IDLE_MS = 60_000;
const KEEP_HEAP_BYTES = 192 * 1024 * 1024;

interface Call {
  id: number;
  module: string;
  fn: string;
  args: unknown[];
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}

interface Slot {
  worker: Worker;
  ready: Promise<void>;
  busy: Call | null;
  retired?: boolean;
  timer?: NodeJS.Timeout;
  idle?: NodeJS.Timeout;
  /** settles when the thread of a retired worker has exited */
  exited?: Promise<number>;
}

interface WireError {
  name: string;
  message: string;
  setting?: string;
  limit?: number;
}

// One pool per process: the production build has separate module instances of this file (the
// task worker started by instrumentation.ts, the route handlers), which must not each get
// DOCUMENT_WORKERS threads. So the pool lives on globalThis under a registered symbol.
interface Pool {
  nextId: number;
  slots: Set<Slot>;
  /** Workers told to stop whose threads have not exited yet. */
  exiting: Set<Promise<number>>;
  queue: Call[];
  warned: boolean;
  /** modules of the latest calls, newest first (what a replacement worker loads ahead) */
  recent?: string[];
  /** counts stopDocumentWorkers calls: a replacement due from before a stop is not started */
  stops?: number;
}
const POOL_KEY = Symbol.for('docsmith.document-workers');
const pool = ((globalThis as unknown as Record<symbol, Pool | undefined>)[POOL_KEY] ??= {
  nextId: 1,
  slots: new Set(),
  exiting: new Set(),
  queue: [],
  warned: false,
});
const { slots, exiting, queue } = pool;

function fromWire(e: WireError): Error {
  if (e.name === 'DocumentLimitError' && e.setting) {
    const err = new DocumentLimitError('', e.setting, e.limit ?? 0);
    err.message = e.message;
    return err;
  }
  if (e.name === 'UnreadableDocumentError') return new UnreadableDocumentError(e.message);
  const err = new Error(e.message);
  err.name = e.name;
  return err;
}

function spawn(): Slot {
  const e = env();
  // not bundled: the worker loads the sources through tsx at run time (the build must not follow it)
  const worker = new Worker(/* turbopackIgnore: true */ /* webpackIgnore: true */ ENTRY, {
    workerData: { root: ROOT },
    resourceLimits: { maxOldGenerationSizeMb: e.DOCUMENT_WORKER_MEMORY_MB, maxYoungGenerationSizeMb: 64 },
  });
  worker.unref();
  let markReady: () => void = () => {};
  const slot: Slot = { worker, ready: new Promise<void>((r) => (markReady = r)), busy: null };
  worker.on('message', (msg: { ready?: true; id?: number; ok?: boolean; result?: unknown; error?: WireError; heapBytes?: number }) => {
    if (msg.ready) return markReady();
    const c = slot.busy;
    if (!c || msg.id !== c.id) return;
    // the replacement starts once the retired thread is gone: the two heaps never add up
    if ((msg.heapBytes ?? 0) > KEEP_HEAP_BYTES) {
      const stops = pool.stops;
      retire(slot);
      void slot.exited?.finally(() => {
        if (pool.stops === stops) startReplacement();
      });
    } else release(slot);
    if (msg.ok) c.resolve(msg.result);
    else c.reject(fromWire(msg.error!));
  });
  worker.on('error', (err: NodeJS.ErrnoException) => {
    const c = slot.retired ? null : slot.busy;
    retire(slot);
    if (!c) {
      log().warn({ err: err.message }, 'document worker failed while idle');
      return;
    }
    const mb = env().DOCUMENT_WORKER_MEMORY_MB;
    if (err.code === 'ERR_WORKER_OUT_OF_MEMORY') c.reject(new DocumentLimitError(`reading or writing the file needs more than ${mb} MB of memory`, 'DOCUMENT_WORKER_MEMORY_MB', mb));
    else c.reject(err);
  });
  worker.on('exit', () => {
    const c = slot.retired ? null : slot.busy;
    retire(slot);
    c?.reject(new UnreadableDocumentError('the document worker stopped while working on the file'));
  });
  slots.add(slot);
  return slot;
}

function retire(slot: Slot): void {
  if (!slots.delete(slot)) return;
  slot.retired = true;
  clearTimeout(slot.timer);
  clearTimeout(slot.idle);
  const done = slot.worker.terminate();
  slot.exited = done;
  exiting.add(done);
  void done.finally(() => exiting.delete(done));
  pump();
}

function release(slot: Slot): void {
  clearTimeout(slot.timer);
  slot.busy = null;
  slot.idle = setTimeout(() => retire(slot), IDLE_MS);
  slot.idle.unref();
  pump();
}

/** After a worker was retired for its heap: a new one, idle, loading the latest calls' modules. */
function startReplacement(): void {
  if (queue.length || slots.size >= env().DOCUMENT_WORKERS || [...slots].some((s) => !s.busy)) return;
  const slot = spawn();
  const modules = [...(pool.recent ?? [])];
  void slot.ready.then(() => {
    if (!slot.retired && modules.length) slot.worker.postMessage({ preload: modules });
  });
  slot.idle = setTimeout(() => retire(slot), IDLE_MS);
  slot.idle.unref();
}

function rememberModule(module: string): void {
  const recent = (pool.recent ??= []);
  const at = recent.indexOf(module);
  if (at >= 0) recent.splice(at, 1);
  recent.unshift(module);
  recent.length = Math.min(recent.length, 4);
}

function pump(): void {
  while (queue.length) {
    let slot = [...slots].find((s) => !s.busy);
    if (!slot) {
      if (slots.size >= env().DOCUMENT_WORKERS) return;
      slot = spawn();
    }
    const c = queue.shift()!;
    rememberModule(c.module);
    const s = slot;
    s.busy = c;
    clearTimeout(s.idle);
    const timeoutMs = env().DOCUMENT_WORKER_TIMEOUT_MS;
    s.timer = setTimeout(() => {
      retire(s);
      c.reject(new DocumentLimitError(`working on the file took longer than ${timeoutMs / 1000} s`, 'DOCUMENT_WORKER_TIMEOUT_MS', timeoutMs));
    }, timeoutMs);
    void s.ready.then(() => {
      if (s.busy === c && !s.retired) s.worker.postMessage({ id: c.id, module: c.module, fn: c.fn, args: c.args });
    });
  }
}

/** Whether calls go to worker threads (false: DOCUMENT_WORKERS=0, or no sources on disk). */
export function workersEnabled(): boolean {
  if (!isMainThread || env().DOCUMENT_WORKERS === 0) return false;
  if (existsSync(ENTRY)) return true;
  if (!pool.warned) {
    pool.warned = true;
    log().warn({ entry: ENTRY }, 'worker entry not found: document work runs in the request thread');
  }
  return false;
}

/** `local` run in a worker thread (see the file comment); arguments and result are copied. */
export function isolated<A extends unknown[], R>(module: string, fn: string, local: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  return (...args: A) => {
    if (!workersEnabled()) return local(...args);
    return new Promise<R>((resolve, reject) => {
      queue.push({ id: pool.nextId++, module, fn, args, resolve: resolve as (v: unknown) => void, reject });
      pump();
    });
  };
}

/** The thread ids of the workers running now (busy or idle). */
export function documentWorkerThreads(): number[] {
  return [...slots].map((s) => s.worker.threadId);
}

/** Tests and shutdown: stop every worker (calls in flight fail) and wait until their threads have exited. */
export async function stopDocumentWorkers(): Promise<void> {
  pool.stops = (pool.stops ?? 0) + 1;
  for (const s of [...slots]) retire(s);
  await Promise.allSettled([...exiting]);
}
