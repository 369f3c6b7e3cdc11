// A sync call waiting for its task wakes on the task's "ended" signal, not on the fallback poll:
// - from another copy of the signalling module (the built app compiles instrumentation.ts, which
//   starts the worker, and the route handlers as separate module graphs: a module both use exists
//   twice in the process);
// - on PostgreSQL, from another instance (LISTEN/NOTIFY), also after the listening connection was
//   cut and re-established.
// Every wait here has a fallback poll of 10 minutes: only the signal can end it in time.
import pg from 'pg';
import { describe, expect, it, vi } from 'vitest';
import { DbNotifications } from '../db/notifications';
import { orgWithKey, queueExcelTask } from '../test/generation-harness';
import { setupTestDb } from '../test/test-db';
import { waitForTask } from './wait-for-task';

const t = setupTestDb();
const NO_POLL = 600_000;
const MISSED = Symbol('not woken');

async function queuedTask() {
  const { orgId } = await orgWithKey(t.db);
  return (await queueExcelTask(t.db, orgId, 'A workbook with a sheet named Plan')).task;
}

const finish = (taskId: string) => t.db.task.update({ where: { id: taskId }, data: { status: 'completed', finishedAt: new Date() } });

/** The wait's outcome, or MISSED if nothing woke it within `ms` (far beyond a signal's few milliseconds). */
async function settledWithin<T>(p: Promise<T>, ms = 5000): Promise<T | typeof MISSED> {
  let timer: NodeJS.Timeout | undefined;
  const r = await Promise.race([p, new Promise<typeof MISSED>((res) => (timer = setTimeout(() => res(MISSED), ms)))]);
  clearTimeout(timer);
  return r;
}

it('wakes on a signal sent by another copy of the module (as the worker’s is, in the built app)', async () => {
  const task = await queuedTask();
  const here = await import('../signals/task-signals');
  vi.resetModules();
  const otherBundle = await import('../signals/task-signals');
  expect(otherBundle.announceTaskEnded).not.toBe(here.announceTaskEnded); // a separate module instance, as in the built app
  const waiting = waitForTask(t.db, task.id, NO_POLL, NO_POLL);
  await new Promise((r) => setTimeout(r, 50));
  await finish(task.id);
  otherBundle.announceTaskEnded(task.id);
  const r = await settledWithin(waiting);
  expect(r).not.toBe(MISSED);
  expect(r).toMatchObject({ timedOut: false, task: { id: task.id, status: 'completed' } });
});

it('a task that ended in this process is answered with the announced row, without reading it again', async () => {
  const task = await queuedTask();
  const { announceTaskEnded } = await import('../signals/task-signals');
  let reads = 0;
  const counted = t.db.$extends({
    query: {
      task: {
        async findUniqueOrThrow({ args, query }) {
          reads++;
          return query(args);
        },
      },
    },
  }) as unknown as typeof t.db;
  const waiting = waitForTask(counted, task.id, NO_POLL, NO_POLL);
  await new Promise((r) => setTimeout(r, 50));
  expect(reads).toBe(1); // the first look: still queued
  const row = await finish(task.id);
  announceTaskEnded(task.id, row);
  const r = await settledWithin(waiting);
  expect(r).toMatchObject({ timedOut: false, task: { id: task.id, status: 'completed' } });
  expect(reads).toBe(1);
  // a row that is not terminal (or not this task's) is not trusted: the waiter reads
  const other = await queuedTask();
  const waiting2 = waitForTask(counted, other.id, NO_POLL, NO_POLL);
  await new Promise((r) => setTimeout(r, 50));
  announceTaskEnded(other.id, { ...other, status: 'running' });
  await new Promise((r) => setTimeout(r, 50));
  expect(reads).toBe(3);
  await finish(other.id);
  announceTaskEnded(other.id);
  expect(await settledWithin(waiting2)).toMatchObject({ timedOut: false, task: { id: other.id, status: 'completed' } });
});

it('a task that ended before the wait began answers at once', async () => {
  const task = await queuedTask();
  await finish(task.id);
  const r = await settledWithin(waitForTask(t.db, task.id, NO_POLL, NO_POLL));
  expect(r).toMatchObject({ timedOut: false, task: { status: 'completed' } });
});

describe.runIf(!!process.env.TEST_DATABASE_URL)('PostgreSQL: another instance', () => {
  /** A second "instance": its own pool and its own origin, on the test database. */
  function otherInstance() {
    const u = new URL(process.env.TEST_DATABASE_URL!);
    u.pathname = `/${(t.handle as unknown as { name: string }).name}`;
    const pool = new pg.Pool({ connectionString: u.toString(), max: 1 });
    const n = new DbNotifications(u.toString(), pool, 'other-instance');
    return { n, close: async () => (await n.close(), await pool.end()) };
  }

  async function connected(timeoutMs = 15_000) {
    const n = t.handle.notifications!;
    const until = Date.now() + timeoutMs;
    while (!n.connected && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    expect(n.connected).toBe(true);
  }

  it('wakes on the NOTIFY of the instance that ran the task, also after the listening connection was cut', async () => {
    const other = otherInstance();
    try {
      for (const round of ['first', 'after reconnect']) {
        const task = await queuedTask();
        const waiting = waitForTask(t.db, task.id, NO_POLL, NO_POLL);
        await connected();
        await new Promise((r) => setTimeout(r, 50));
        await finish(task.id);
        await other.n.notify('task_ended', task.id);
        const r = await settledWithin(waiting);
        expect(r, round).not.toBe(MISSED);
        expect(r).toMatchObject({ timedOut: false, task: { status: 'completed' } });
        // cut this process's listening connection (a restart or failover of the server would)
        await t.db.$executeRaw`SELECT pg_terminate_backend(pid) FROM pg_stat_activity
          WHERE application_name = 'docsmith-listen' AND datname = current_database()`;
        await new Promise((r) => setTimeout(r, 100));
      }
    } finally {
      await other.close();
    }
  });

  it('a task that ended while the connection was down is noticed when it is back (resync)', async () => {
    await connected();
    const task = await queuedTask();
    const waiting = waitForTask(t.db, task.id, NO_POLL, NO_POLL);
    await new Promise((r) => setTimeout(r, 50));
    await t.db.$executeRaw`SELECT pg_terminate_backend(pid) FROM pg_stat_activity
      WHERE application_name = 'docsmith-listen' AND datname = current_database()`;
    await finish(task.id); // its NOTIFY is lost: nobody listens
    const r = await settledWithin(waiting, 15_000);
    expect(r).not.toBe(MISSED);
    expect(r).toMatchObject({ timedOut: false, task: { status: 'completed' } });
  });
});
