/**
 * A small pool of warm LibreOffice listeners for pdf / odt / odp conversions.
 *
 * Each listener is a Python helper (uno-convert.py, Debian's python3-uno: Node has no UNO binding)
 * that starts its own `soffice --headless --accept=pipe,…` with its own profile and converts one
 * document at a time over UNO. The pool keeps one FIFO queue and hands a job to an idle listener,
 * so a listener never sees two documents at once and a burst waits instead of failing.
 *
 * - Lazy: no process starts until the first conversion; listeners start as the queue needs them,
 *   up to `size`.
 * - A conversion that takes longer than `timeoutMs` kills its listener's process group (helper +
 *   soffice) and fails; the next job starts a fresh listener.
 * - A listener is recycled after `recycleAfter` conversions (LibreOffice grows with use).
 * - A listener idle for `idleMs` is stopped; the next job starts a new one.
 * - A job whose listener crashed under it is tried once more on a new listener.
 * - `shutdown()` stops everything; a process 'exit' hook kills whatever is left, and a helper whose
 *   stdin closes (its Node process died, however) terminates its soffice itself.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { profileRegistry } from '../documents/common/soffice';
import { ConverterUnavailableError } from './converter-unavailable';

export type OfficeTarget = 'pdf' | 'odt' | 'odp';

export interface LibreOfficePoolOptions {
  /** Path of soffice; undefined when LibreOffice is not installed (every conversion then fails clearly). */
  soffice: string | undefined;
  /** Python 3 with the uno module. */
  python: string;
  size: number;
  timeoutMs: number;
  recycleAfter: number;
  /** A listener idle this long is stopped (memory back to the system); the next job starts a new one. 0: never. */
  idleMs?: number;
  /** Longest wait for a new listener to accept connections. */
  startupTimeoutMs?: number;
  /** The helper script (default server/exports/uno-convert.py under the working directory). */
  script?: string;
}

export interface PoolStats {
  /** conversions completed successfully */
  conversions: number;
  failures: number;
  timeouts: number;
  /** jobs tried again on a new listener after theirs crashed (once per job) */
  retries: number;
  /** listener processes started (including restarts and recycles) */
  starts: number;
  recycles: number;
  /** listeners stopped after idling idleMs */
  idleStops: number;
  /** jobs waiting for a listener right now */
  queued: number;
  /** live listeners converting a document right now */
  busy: number;
  /** pids of the live listeners' helper processes (each leads a process group with its soffice) */
  pids: number[];
}

export class ConversionError extends Error {
  constructor(
    message: string,
    readonly timedOut = false,
  ) {
    super(message);
    this.name = 'ConversionError';
  }
}

interface Job {
  input: string;
  output: string;
  target: OfficeTarget;
  timeoutMs: number;
  retried?: boolean;
  resolve: (r: { ms: number; listener: number }) => void;
  reject: (e: Error) => void;
}

interface Reply {
  id?: number;
  ok?: boolean;
  /** the conversion failed because soffice died (the helper exits too) */
  crashed?: boolean;
  ready?: boolean;
  error?: string;
  ms?: number;
}

const DEFAULT_SCRIPT = path.join(process.cwd(), 'server', 'exports', 'uno-convert.py');

class Listener {
  readonly child: ChildProcessWithoutNullStreams;
  conversions = 0;
  busy = false;
  dead = false;
  idleTimer: NodeJS.Timeout | undefined;
  private nextId = 1;
  private waiting = new Map<number, (r: Reply) => void>();
  private readyWait: ((r: Reply) => void) | undefined;
  private stderr = '';
  readonly ready: Promise<void>;

  constructor(
    readonly slot: number,
    readonly profile: string,
    opts: Required<Pick<LibreOfficePoolOptions, 'python' | 'startupTimeoutMs'>> & { soffice: string; script: string },
    private onExit: (l: Listener) => void,
  ) {
    const pipe = `docsmith-${process.pid}-${slot}-${randomBytes(4).toString('hex')}`;
    this.child = spawn(opts.python, [opts.script, opts.soffice, profile, pipe], {
      detached: true, // its own process group: helper + soffice die together
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, DOCSMITH_UNO_STARTUP_TIMEOUT_S: String(opts.startupTimeoutMs / 1000) },
    });
    this.child.unref();
    for (const s of [this.child.stdin, this.child.stdout, this.child.stderr] as unknown as Array<{ unref?: () => void }>) s.unref?.();
    this.child.stderr.on('data', (d: Buffer) => {
      this.stderr = (this.stderr + d.toString('utf8')).slice(-4000);
    });
    this.child.stdin.on('error', () => {}); // EPIPE after a crash is reported through 'exit'
    createInterface({ input: this.child.stdout }).on('line', (line) => this.onLine(line));
    this.ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.kill();
        reject(new ConversionError(`LibreOffice did not start within ${opts.startupTimeoutMs} ms`));
      }, opts.startupTimeoutMs + 5000);
      this.readyWait = (r) => {
        clearTimeout(timer);
        if (r.ready) resolve();
        else reject(this.startError(r.error ?? 'exited'));
      };
      this.child.once('error', (err) => {
        clearTimeout(timer);
        const e = err as NodeJS.ErrnoException;
        reject(e.code === 'ENOENT' ? new ConverterUnavailableError(`Python (${opts.python}) was not found`) : err);
      });
    });
    this.ready.catch(() => {});
    this.child.once('exit', (code, signal) => {
      this.dead = true;
      const msg = `LibreOffice listener exited (${signal ?? code})${this.stderr ? `: ${this.stderr.trim().slice(-500)}` : ''}`;
      this.readyWait?.({ ready: false, error: msg });
      this.readyWait = undefined;
      for (const w of this.waiting.values()) w({ ok: false, error: msg });
      this.waiting.clear();
      this.onExit(this);
    });
  }

  private startError(detail: string): Error {
    if (/No module named 'uno'/.test(this.stderr + detail)) {
      return new ConverterUnavailableError(`the Python UNO bridge is missing (python3-uno for ${this.child.spawnfile})`);
    }
    return new ConversionError(`LibreOffice failed to start: ${detail}`);
  }

  private onLine(line: string): void {
    let r: Reply;
    try {
      r = JSON.parse(line) as Reply;
    } catch {
      return;
    }
    if (r.ready !== undefined && this.readyWait) {
      const w = this.readyWait;
      this.readyWait = undefined;
      w(r);
      return;
    }
    const w = r.id !== undefined ? this.waiting.get(r.id) : undefined;
    if (w) {
      this.waiting.delete(r.id!);
      w(r);
    }
  }

  /** Sends one conversion; resolves with the helper's reply. */
  request(job: Pick<Job, 'input' | 'output' | 'target'>): Promise<Reply> {
    const id = this.nextId++;
    return new Promise<Reply>((resolve) => {
      this.waiting.set(id, resolve);
      this.child.stdin.write(JSON.stringify({ id, ...job }) + '\n');
    });
  }

  /** Kills the helper and its soffice (the whole process group). */
  kill(): void {
    const pid = this.child.pid;
    if (pid === undefined || this.child.exitCode !== null || this.child.signalCode !== null) return;
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }

  /** Asks the helper to stop (closing stdin terminates its soffice); kills the group after graceMs. */
  async stop(graceMs = 5000): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      const exited = new Promise<void>((r) => this.child.once('exit', () => r()));
      this.child.stdin.end();
      const timer = setTimeout(() => this.kill(), graceMs);
      await exited;
      clearTimeout(timer);
    }
    // soffice.bin may linger a moment after the helper; make sure the group is gone.
    try {
      if (this.child.pid !== undefined) process.kill(-this.child.pid, 'SIGKILL');
    } catch {
      /* gone */
    }
    await rm(this.profile, { recursive: true, force: true });
  }
}

export class LibreOfficePool {
  private readonly opts: Required<Omit<LibreOfficePoolOptions, 'soffice'>> & { soffice: string | undefined };
  private readonly slots: Array<Listener | undefined>;
  private readonly starting = new Set<number>();
  private readonly queue: Job[] = [];
  private closed = false;
  private counters = { conversions: 0, failures: 0, timeouts: 0, retries: 0, starts: 0, recycles: 0, idleStops: 0 };

  constructor(options: LibreOfficePoolOptions) {
    this.opts = { startupTimeoutMs: 60_000, script: DEFAULT_SCRIPT, idleMs: 0, ...options };
    this.slots = new Array<Listener | undefined>(Math.max(1, options.size)).fill(undefined);
  }

  /**
   * Converts input (a file path) to output with the target filter; queues while every listener is
   * busy. `timeoutMs` (default the pool's) counts from the moment a listener takes the job.
   */
  convert(input: string, output: string, target: OfficeTarget, opts: { timeoutMs?: number } = {}): Promise<{ ms: number; listener: number }> {
    if (this.closed) return Promise.reject(new ConversionError('the LibreOffice pool is shut down'));
    if (!this.opts.soffice || !existsSync(/*turbopackIgnore: true*/ this.opts.soffice)) {
      return Promise.reject(new ConverterUnavailableError(`LibreOffice (soffice) was not found${this.opts.soffice ? ` at ${this.opts.soffice}` : ''}`));
    }
    if (!existsSync(/*turbopackIgnore: true*/ this.opts.script)) return Promise.reject(new ConversionError(`the UNO helper script is missing: ${this.opts.script}`));
    return new Promise((resolve, reject) => {
      this.queue.push({ input, output, target, timeoutMs: opts.timeoutMs ?? this.opts.timeoutMs, resolve, reject });
      this.pump();
    });
  }

  stats(): PoolStats {
    return {
      ...this.counters,
      queued: this.queue.length,
      busy: this.slots.filter((l) => l && !l.dead && l.busy).length,
      pids: this.slots.flatMap((l) => (l && !l.dead && l.child.pid !== undefined ? [l.child.pid] : [])),
    };
  }

  /** Stops every listener (waiting jobs fail). Safe to call twice. */
  async shutdown(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.reject(new ConversionError('the LibreOffice pool was shut down'));
    await Promise.all(this.slots.flatMap((l) => (l ? [l.stop(2000)] : [])));
    this.slots.fill(undefined);
  }

  /** Synchronous last resort for process exit: kill every listener group. */
  killAll(): void {
    for (const l of this.slots) l?.kill();
  }

  private pump(): void {
    while (this.queue.length) {
      const idle = this.slots.find((l): l is Listener => !!l && !l.dead && !l.busy && !this.starting.has(l.slot));
      if (idle) {
        this.run(idle, this.queue.shift()!);
        continue;
      }
      // Start another listener when jobs outnumber the listeners already starting.
      const free = this.slots.findIndex((l, i) => (!l || l.dead) && !this.starting.has(i));
      if (free < 0 || this.starting.size >= this.queue.length) return;
      this.start(free);
      if (this.starting.size >= this.queue.length) return;
    }
  }

  private start(slot: number): void {
    this.starting.add(slot);
    this.counters.starts++;
    void (async () => {
      let listener: Listener | undefined;
      try {
        const profile = await mkdtemp(path.join(tmpdir(), 'docsmith-export-lo-'));
        await mkdir(path.join(profile, 'user'), { recursive: true });
        await writeFile(path.join(profile, 'user', 'registrymodifications.xcu'), profileRegistry(true, true));
        listener = new Listener(slot, profile, { ...this.opts, soffice: this.opts.soffice! }, (l) => this.onListenerExit(l));
        this.slots[slot] = listener;
        await listener.ready;
        this.starting.delete(slot);
        if (this.closed) await listener.stop(1000);
        else {
          this.pump();
          if (!listener.busy) this.armIdle(listener);
        }
      } catch (err) {
        this.starting.delete(slot);
        if (listener) {
          listener.kill();
          void rm(listener.profile, { recursive: true, force: true });
          if (this.slots[slot] === listener) this.slots[slot] = undefined;
        }
        // Nobody else can take the queue: fail it rather than leave it hanging.
        const alive = this.slots.some((l) => l && !l.dead && l !== listener) || this.starting.size > 0;
        if (!alive) for (const job of this.queue.splice(0)) job.reject(err as Error);
      }
    })();
  }

  private onListenerExit(l: Listener): void {
    if (this.slots[l.slot] === l && !l.busy && !this.starting.has(l.slot)) {
      this.slots[l.slot] = undefined;
      void rm(l.profile, { recursive: true, force: true });
      if (!this.closed) this.pump();
    }
  }

  /** Stops the listener if it is still idle after idleMs. */
  private armIdle(l: Listener): void {
    clearTimeout(l.idleTimer);
    if (!this.opts.idleMs) return;
    l.idleTimer = setTimeout(() => {
      if (l.busy || l.dead || this.slots[l.slot] !== l) return;
      this.slots[l.slot] = undefined;
      this.counters.idleStops++;
      void l.stop(2000).catch(() => {});
    }, this.opts.idleMs);
    l.idleTimer.unref();
  }

  private run(l: Listener, job: Job): void {
    clearTimeout(l.idleTimer);
    l.busy = true;
    const started = performance.now();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      this.counters.timeouts++;
      l.kill(); // the exit handler answers the pending request
    }, job.timeoutMs);
    void l.request({ input: job.input, output: job.output, target: job.target }).then((reply) => {
      clearTimeout(timer);
      l.busy = false;
      l.conversions++;
      if (reply.ok) {
        this.counters.conversions++;
        job.resolve({ ms: performance.now() - started, listener: l.slot });
      } else if (!timedOut && (l.dead || reply.crashed) && !job.retried && !this.closed) {
        // The listener crashed under this job: try once more on a fresh one before failing.
        job.retried = true;
        this.counters.retries++;
        this.queue.unshift(job);
      } else {
        this.counters.failures++;
        job.reject(
          timedOut
            ? new ConversionError(`LibreOffice took longer than ${job.timeoutMs} ms; the listener was restarted`, true)
            : new ConversionError(`LibreOffice could not convert the document: ${reply.error ?? 'unknown error'}`),
        );
      }
      if (reply.crashed) l.dead = true;
      if (l.dead || l.conversions >= this.opts.recycleAfter) {
        if (!l.dead) this.counters.recycles++;
        if (this.slots[l.slot] === l) this.slots[l.slot] = undefined;
        void l.stop(2000).catch(() => {});
      }
      if (!this.closed) this.pump();
      if (!l.busy && this.slots[l.slot] === l) this.armIdle(l);
    });
  }
}
