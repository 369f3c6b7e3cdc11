// Runs document jobs (reading uploads) in worker threads, so that one heavy or hostile file costs
// its own thread, not the request loop: each worker has a heap cap (DOCUMENT_WORKER_MEMORY_MB) and
// each job a deadline (DOCUMENT_WORKER_TIMEOUT_MS); a worker over either is terminated and
// replaced, and the job fails unreadable_file naming the setting. Workers are started on demand,
// at most DOCUMENT_WORKERS at once, and stop when idle. With DOCUMENT_WORKERS=0, or where the
// worker entry is not on disk (a bundle without the sources), jobs run in the calling thread.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { DocumentLimitError, UnreadableDocumentError } from '../../documents/common/document-limits';
import { env } from '../../env';
import { log } from '../../log';
import { runDocumentJobHere, type DocumentJob, type DocumentJobResult } from './document-jobs';

const ENTRY = path.join(/* turbopackIgnore: true */ process.cwd(), 'server/files/isolated/document-worker.mjs');
const IDLE_MS = 60_000;
/** A worker whose heap grew past this on a job is replaced rather than kept (its memory goes back). */
const KEEP_HEAP_BYTES = 192 * 1024 * 1024;

interface Pending {
  id: number;
  job: DocumentJob;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}

interface Slot {
  worker: Worker;
  ready: Promise<void>;
  busy: Pending | null;
  retired?: boolean;
  timer?: NodeJS.Timeout;
  idle?: NodeJS.Timeout;
}

let nextId = 1;
const slots = new Set<Slot>();
const queue: Pending[] = [];
let warned = false;

interface WireError {
  name: string;
  message: string;
  setting?: string;
  limit?: number;
}

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
    resourceLimits: { maxOldGenerationSizeMb: e.DOCUMENT_WORKER_MEMORY_MB, maxYoungGenerationSizeMb: 64 },
    stdout: false,
    stderr: false,
  });
  worker.unref();
  let markReady: () => void;
  const slot: Slot = { worker, ready: new Promise<void>((r) => (markReady = r)), busy: null };
  worker.on('message', (msg: { ready?: true; id?: number; ok?: boolean; result?: unknown; error?: WireError; heapBytes?: number }) => {
    if (msg.ready) return markReady();
    const p = slot.busy;
    if (!p || msg.id !== p.id) return;
    if ((msg.heapBytes ?? 0) > KEEP_HEAP_BYTES) retire(slot);
    else finish(slot);
    if (msg.ok) p.resolve(msg.result);
    else p.reject(fromWire(msg.error!));
  });
  worker.on('error', (err: NodeJS.ErrnoException) => {
    const p = slot.busy;
    retire(slot);
    if (!p) {
      log().warn({ err: err.message }, 'document worker failed while idle');
      return;
    }
    if (err.code === 'ERR_WORKER_OUT_OF_MEMORY') {
      p.reject(new DocumentLimitError(`reading the file needs more than ${env().DOCUMENT_WORKER_MEMORY_MB} MB of memory`, 'DOCUMENT_WORKER_MEMORY_MB', env().DOCUMENT_WORKER_MEMORY_MB));
    } else p.reject(err);
  });
  worker.on('exit', () => {
    const p = slot.retired ? null : slot.busy;
    retire(slot);
    p?.reject(new UnreadableDocumentError('the document worker stopped while reading the file'));
  });
  slots.add(slot);
  return slot;
}

function retire(slot: Slot): void {
  if (!slots.delete(slot)) return;
  slot.retired = true;
  clearTimeout(slot.timer);
  clearTimeout(slot.idle);
  slot.busy = null;
  void slot.worker.terminate();
  pump();
}

function finish(slot: Slot): void {
  clearTimeout(slot.timer);
  slot.busy = null;
  slot.idle = setTimeout(() => retire(slot), IDLE_MS);
  slot.idle.unref();
  pump();
}

function pump(): void {
  while (queue.length) {
    let slot = [...slots].find((s) => !s.busy);
    if (!slot) {
      if (slots.size >= env().DOCUMENT_WORKERS) return;
      slot = spawn();
    }
    const p = queue.shift()!;
    const s = slot;
    s.busy = p;
    clearTimeout(s.idle);
    const timeoutMs = env().DOCUMENT_WORKER_TIMEOUT_MS;
    s.timer = setTimeout(() => {
      retire(s);
      p.reject(new DocumentLimitError(`reading the file took longer than ${timeoutMs / 1000} s`, 'DOCUMENT_WORKER_TIMEOUT_MS', timeoutMs));
    }, timeoutMs);
    // a copy: the caller's buffer may be a slice of a pooled ArrayBuffer, which must not be detached
    const bytes = new Uint8Array(p.job.bytes);
    void s.ready.then(() => {
      if (s.busy === p) s.worker.postMessage({ id: p.id, job: { ...p.job, bytes } }, [bytes.buffer]);
    });
  }
}

export async function runDocumentJob<J extends DocumentJob>(job: J): Promise<DocumentJobResult<J>> {
  if (env().DOCUMENT_WORKERS === 0 || !existsSync(ENTRY)) {
    if (!warned && env().DOCUMENT_WORKERS !== 0) {
      warned = true;
      log().warn({ entry: ENTRY }, 'document worker entry not found: uploads are read in the request thread');
    }
    return runDocumentJobHere(job);
  }
  return new Promise<DocumentJobResult<J>>((resolve, reject) => {
    queue.push({ id: nextId++, job, resolve: resolve as (v: unknown) => void, reject });
    pump();
  });
}

/** Tests and shutdown: stop every worker (jobs in flight fail). */
export async function stopDocumentWorkers(): Promise<void> {
  await Promise.all([...slots].map(async (s) => retire(s)));
}
