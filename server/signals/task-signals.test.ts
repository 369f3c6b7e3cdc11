// Task signals between instances: on PostgreSQL a task queued on another instance wakes this one's
// workers and a task ended there wakes this one's waiters (LISTEN/NOTIFY); this process's own
// notifications are not delivered twice. The embedded database has no other instance to hear.
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { DbNotifications } from '../db/notifications';
import { setupTestDb } from '../test/test-db';
import { announceTaskEnded, listenForTaskSignals, onTaskEnded, onTaskQueued } from './task-signals';

const t = setupTestDb();
const pgUrl = process.env.TEST_DATABASE_URL;

/** Resolves with how often `subscribe` called back within `ms`. */
async function callsWithin(subscribe: (fn: () => void) => () => void, act: () => Promise<void> | void, ms: number): Promise<number> {
  let n = 0;
  const off = subscribe(() => n++);
  try {
    await act();
    await new Promise((r) => setTimeout(r, ms));
  } finally {
    off();
  }
  return n;
}

it('in one process a signal reaches the subscribers of its task only', async () => {
  expect(await callsWithin((fn) => onTaskEnded('task_a', fn), () => announceTaskEnded('task_a'), 50)).toBe(1);
  expect(await callsWithin((fn) => onTaskEnded('task_b', fn), () => announceTaskEnded('task_a'), 50)).toBe(0);
});

it.runIf(!pgUrl)('the embedded database has no other instance to listen to', async () => {
  expect(await listenForTaskSignals()).toBeNull();
});

describe.runIf(!!pgUrl)('PostgreSQL', () => {
  function otherInstance() {
    const u = new URL(pgUrl!);
    u.pathname = `/${(t.handle as unknown as { name: string }).name}`;
    const pool = new pg.Pool({ connectionString: u.toString(), max: 1 });
    const n = new DbNotifications(u.toString(), pool, 'other-instance');
    return { n, close: async () => (await n.close(), await pool.end()) };
  }

  it('hears the other instances, and its own notifications only once', async () => {
    const listening = await listenForTaskSignals(10_000);
    expect(listening?.connected).toBe(true);
    const other = otherInstance();
    try {
      // a task queued elsewhere: the workers here look for work (until the other instance's NOTIFY arrives)
      let woke = 0;
      const off = onTaskQueued(() => woke++);
      await other.n.notify('task_queued', 'task_elsewhere');
      for (let i = 0; i < 100 && !woke; i++) await new Promise((r) => setTimeout(r, 50));
      off();
      expect(woke).toBeGreaterThanOrEqual(1);
      // a task ended elsewhere
      expect(await callsWithin((fn) => onTaskEnded('task_remote', fn), () => other.n.notify('task_ended', 'task_remote'), 1000)).toBe(1);
      // ended here: announced locally at once, and the NOTIFY that comes back is not delivered again
      expect(await callsWithin((fn) => onTaskEnded('task_local', fn), () => announceTaskEnded('task_local'), 1000)).toBe(1);
    } finally {
      await other.close();
    }
  });
});
