// Signals between the processes that share one PostgreSQL database (LISTEN/NOTIFY): "task X ended",
// "a task was queued". One dedicated connection per process listens on one channel (started on
// first use, reconnected with backoff after an error); notifications are sent through the pool.
// They are hints: whoever receives one re-reads the database, and after a reconnect a `resync`
// event tells listeners that messages may have been missed meanwhile.
import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import pg from 'pg';
import { log } from '../log';

export const NOTIFY_CHANNEL = 'docsmith_signal';

/** This process (every bundle of it): its own notifications are not re-emitted when they come back. */
const ORIGIN_KEY = Symbol.for('docsmith.process-origin');
function processOrigin(): string {
  const g = globalThis as unknown as Record<symbol, string | undefined>;
  return (g[ORIGIN_KEY] ??= randomBytes(6).toString('hex'));
}

const MIN_RETRY_MS = 500;
const MAX_RETRY_MS = 30_000;

/**
 * Emits `message` (kind, id) for every notification sent by another process, and `resync` each time
 * LISTEN is (re)established: messages sent before that were not received.
 */
export class DbNotifications extends EventEmitter {
  private client: pg.Client | null = null;
  private starting: Promise<void> | null = null;
  private retryMs = MIN_RETRY_MS;
  private retryTimer: NodeJS.Timeout | undefined;
  private closed = false;
  /** Whether LISTEN is in place right now. */
  connected = false;

  constructor(
    private readonly connectionString: string,
    private readonly pool: pg.Pool,
    /** Who this process is in the payloads (tests play another instance with another origin). */
    private readonly origin: string = processOrigin(),
  ) {
    super();
    this.setMaxListeners(0);
  }

  /**
   * Starts listening (once per process). Resolves when LISTEN is in place, or after `waitMs` when
   * it is not (yet): callers keep a slow poll for that case.
   */
  async listen(waitMs = 2000): Promise<boolean> {
    if (this.connected) return true;
    if (this.closed) return false;
    if (!this.starting && !this.retryTimer) this.starting = this.connect();
    const pending = this.starting;
    if (!pending) return false; // a reconnect is scheduled
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([pending, new Promise<void>((r) => (timer = setTimeout(r, waitMs)))]);
    clearTimeout(timer);
    return this.connected;
  }

  /** Tells every other process listening on this database. */
  async notify(kind: string, id: string): Promise<void> {
    await this.pool.query('SELECT pg_notify($1, $2)', [NOTIFY_CHANNEL, `${kind}:${this.origin}:${id}`]);
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    const client = this.client;
    this.client = null;
    this.connected = false;
    this.removeAllListeners();
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.connectionString, keepAlive: true, application_name: 'docsmith-listen' });
    const origin = this.origin;
    let lost = false;
    const onLost = (err?: Error) => {
      if (lost) return;
      lost = true;
      client.removeAllListeners('notification');
      client.end().catch(() => undefined);
      if (this.client === client) this.client = null;
      this.connected = false;
      if (this.closed) return;
      log().warn({ err: err?.message }, 'database notifications: listening connection lost; reconnecting (sync waits poll meanwhile)');
      this.scheduleReconnect();
    };
    client.on('error', onLost);
    client.on('end', () => onLost());
    client.on('notification', (n) => {
      if (n.channel !== NOTIFY_CHANNEL || !n.payload) return;
      const [kind, from, ...rest] = n.payload.split(':');
      if (!kind || from === origin) return;
      this.emit('message', kind, rest.join(':'));
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${NOTIFY_CHANNEL}`);
    } catch (err) {
      onLost(err as Error);
      return;
    } finally {
      this.starting = null;
    }
    if (this.closed || lost) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.connected = true;
    this.retryMs = MIN_RETRY_MS;
    // Whatever was sent before LISTEN was in place (first start, or while reconnecting) was missed.
    this.emit('resync');
  }

  private scheduleReconnect(): void {
    if (this.retryTimer || this.closed) return;
    const wait = this.retryMs;
    this.retryMs = Math.min(MAX_RETRY_MS, this.retryMs * 2);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.starting = this.connect();
    }, wait);
    this.retryTimer.unref();
  }
}
