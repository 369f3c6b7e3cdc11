// The embedded database in its own thread. PGlite runs PostgreSQL as synchronous WebAssembly: in
// the request thread every statement holds the event loop for its whole run (a task's chain of
// statements kept /verify waiting for a hundred milliseconds at a time, see yielding-pglite.ts).
// Here PGlite lives in a worker thread (pglite-thread-entry.mjs) and this object speaks for it with
// the part of PGlite's interface that Prisma's adapter and our migrations use: query, exec,
// transaction (with rollback), dumpDataDir and close. Values cross as PostgreSQL's text and are
// parsed here with PGlite's own parsers plus the caller's (the adapter's), so results are the
// same as in-thread; database errors are rebuilt as PGlite's DatabaseError.
//
// PGlite has one connection, so a transaction owns it: other statements wait until it commits or
// rolls back (PGlite does the same in-thread).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { messages, types, type PGlite, type QueryOptions, type Results } from '@electric-sql/pglite';

type ParserMap = NonNullable<QueryOptions['parsers']>;

interface WireResult {
  rows: unknown[][];
  fields: { name: string; dataTypeID: number }[];
  affectedRows?: number;
}

interface WireError {
  name: string;
  message: string;
  database?: boolean;
  [field: string]: unknown;
}

const ENTRY = path.join(/* turbopackIgnore: true */ process.cwd(), 'server/db/pglite-thread-entry.mjs');

export interface PgliteThreadOptions {
  /** data folder; undefined = in memory */
  dataDir?: string;
  /** a dump (dumpDataDir) to start from */
  loadDataDir?: Blob;
  /** one full collection of the thread's heap when it turns idle after a busy spell (production: IDLE_GC) */
  idleGc?: boolean;
}

export interface PgliteTransaction {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[], options?: QueryOptions): Promise<Results<T>>;
  exec(sql: string, options?: QueryOptions): Promise<Results[]>;
  rollback(): Promise<void>;
  readonly closed: boolean;
}

function rebuildError(e: WireError): Error {
  if (e.database) {
    const err = new messages.DatabaseError(e.message, Number(e.length ?? 0), 'error');
    for (const [k, v] of Object.entries(e)) if (k !== 'name' && k !== 'message' && k !== 'database' && k !== 'length') (err as unknown as Record<string, unknown>)[k] = v;
    return err;
  }
  const err = new Error(e.message);
  err.name = e.name;
  return err;
}

export class PgliteThread {
  private readonly worker: Worker;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: unknown) => void }>();
  private arrayParsers: ParserMap = {};
  /** arrayParsers plus a caller's parsers, per caller parser map (Prisma's adapter passes the same one every time) */
  private mergedParsers = new WeakMap<ParserMap, ParserMap>();
  /** the connection's owner: each statement outside a transaction, or a whole transaction */
  private chain: Promise<unknown> = Promise.resolve();
  private stopped: Error | null = null;

  private constructor(idleGc: boolean) {
    // not bundled: a plain module loaded from the source tree at run time
    this.worker = new Worker(/* turbopackIgnore: true */ /* webpackIgnore: true */ ENTRY, { workerData: { idleGc } });
    this.worker.unref();
    this.worker.on('message', (msg: { id: number; ok: boolean; result?: unknown; error?: WireError }) => {
      const p = this.pending.get(msg.id);
      if (!p) return;
      this.pending.delete(msg.id);
      if (this.pending.size === 0) this.worker.unref();
      if (msg.ok) p.resolve(msg.result);
      else p.reject(rebuildError(msg.error!));
    });
    const fail = (err: Error) => {
      this.stopped ??= err;
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
    };
    this.worker.on('error', (err) => fail(new Error(`the embedded database thread failed: ${err.message}`)));
    this.worker.on('exit', (code) => fail(new Error(`the embedded database thread stopped (exit code ${code})`)));
  }

  /** Whether the thread's entry file is on disk (it is loaded from the source tree, not the build). */
  static available(): boolean {
    return existsSync(ENTRY);
  }

  static async create(opts: PgliteThreadOptions = {}): Promise<PgliteThread> {
    const t = new PgliteThread(opts.idleGc ?? false);
    const loadDataDir = opts.loadDataDir ? new Uint8Array(await opts.loadDataDir.arrayBuffer()) : undefined;
    try {
      const r = (await t.call({ op: 'open', dataDir: opts.dataDir, loadDataDir: loadDataDir })) as { arrayTypes: { oid: number; typarray: number }[] };
      t.setArrayTypes(r.arrayTypes);
    } catch (err) {
      await t.worker.terminate();
      throw err;
    }
    return t;
  }

  private setArrayTypes(list: { oid: number; typarray: number }[]): void {
    const base = types.parsers as ParserMap;
    const parsers: ParserMap = {};
    for (const { oid, typarray } of list) {
      if (!oid || !typarray) continue;
      const element = base[oid];
      const parseElement = (x: string): unknown => (element ? (element(x) as unknown) : x);
      parsers[typarray] = (value: string): unknown => types.arrayParser(value, parseElement, typarray) as unknown;
    }
    this.arrayParsers = parsers;
    this.mergedParsers = new WeakMap();
  }

  /** The parsers of a result: merging them anew for every statement was a tenth of a poll's time on this thread. */
  private parsersFor(callerParsers: ParserMap | undefined): ParserMap {
    if (!callerParsers) return this.arrayParsers;
    let merged = this.mergedParsers.get(callerParsers);
    if (!merged) {
      merged = { ...this.arrayParsers, ...callerParsers };
      this.mergedParsers.set(callerParsers, merged);
    }
    return merged;
  }

  private call(msg: Record<string, unknown>): Promise<unknown> {
    if (this.stopped) return Promise.reject(this.stopped);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      if (this.pending.size === 1) this.worker.ref();
      this.worker.postMessage({ ...msg, id });
    });
  }

  /** Runs `fn` when the connection is free, holding it until `fn` settles. */
  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.chain.then(fn, fn);
    this.chain = run.catch(() => undefined);
    return run;
  }

  private parse<T>(r: WireResult, options?: QueryOptions): Results<T> {
    const parsers = this.parsersFor(options?.parsers);
    const { fields } = r;
    const rows = r.rows.map((row) =>
      row.map((v, i): unknown => (typeof v === 'string' ? (types.parseType(v, fields[i]!.dataTypeID, parsers) as unknown) : v)),
    );
    const out = options?.rowMode === 'array' ? rows : rows.map((row) => Object.fromEntries(fields.map((f, i) => [f.name, row[i]])));
    return { rows: out as T[], fields, ...(r.affectedRows !== undefined ? { affectedRows: r.affectedRows } : {}) };
  }

  private async rawQuery<T>(sql: string, params: unknown[] | undefined, options?: QueryOptions): Promise<Results<T>> {
    return this.parse<T>((await this.call({ op: 'query', sql, params: params ?? [] })) as WireResult, options);
  }

  private async rawExec(sql: string, options?: QueryOptions): Promise<Results[]> {
    const results = (await this.call({ op: 'exec', sql })) as WireResult[];
    // a script may have created types (migrations): their arrays parse like PGlite's own
    if (/\bcreate\s+(type|domain|extension)\b/i.test(sql)) this.setArrayTypes(((await this.call({ op: 'types' })) as { arrayTypes: { oid: number; typarray: number }[] }).arrayTypes);
    return results.map((r) => this.parse(r, options));
  }

  query<T = Record<string, unknown>>(sql: string, params?: unknown[], options?: QueryOptions): Promise<Results<T>> {
    return this.exclusive(() => this.rawQuery<T>(sql, params, options));
  }

  exec(sql: string, options?: QueryOptions): Promise<Results[]> {
    return this.exclusive(() => this.rawExec(sql, options));
  }

  /** Like PGlite's: commits when `callback` resolves, rolls back when it throws or calls rollback(). */
  transaction<T>(callback: (tx: PgliteTransaction) => Promise<T>): Promise<T> {
    return this.exclusive(async () => {
      await this.call({ op: 'exec', sql: 'BEGIN' });
      let closed = false;
      const guard = () => {
        if (closed) throw new Error('Transaction is closed');
      };
      const tx: PgliteTransaction = {
        query: async <R>(sql: string, params?: unknown[], options?: QueryOptions) => {
          guard();
          return this.rawQuery<R>(sql, params, options);
        },
        exec: async (sql: string, options?: QueryOptions) => {
          guard();
          return this.rawExec(sql, options);
        },
        rollback: async () => {
          guard();
          closed = true;
          // Prisma's adapter does not wait for this; a failure shows on the next statement
          await this.call({ op: 'exec', sql: 'ROLLBACK' }).catch(() => undefined);
        },
        get closed() {
          return closed;
        },
      };
      try {
        const result = await callback(tx);
        if (!closed) {
          closed = true;
          await this.call({ op: 'exec', sql: 'COMMIT' });
        }
        return result;
      } catch (err) {
        if (!closed) {
          closed = true;
          await this.call({ op: 'exec', sql: 'ROLLBACK' }).catch(() => undefined);
        }
        throw err;
      }
    });
  }

  async dumpDataDir(compression: 'gzip' | 'none' | 'auto' = 'gzip'): Promise<Blob> {
    const bytes = (await this.exclusive(() => this.call({ op: 'dump', compression }))) as Uint8Array;
    return new Blob([bytes as Uint8Array<ArrayBuffer>]);
  }

  async close(): Promise<void> {
    if (!this.stopped) await this.exclusive(() => this.call({ op: 'close' })).catch(() => undefined);
    await this.worker.terminate();
  }

  /** What Prisma's PGlite adapter is given: it uses query, exec and transaction. */
  asPglite(): PGlite {
    return this as unknown as PGlite;
  }
}
