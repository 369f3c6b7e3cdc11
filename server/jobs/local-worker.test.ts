import { beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../db/ids';
import { setupTestDb } from '../test/test-db';
import { LocalWorker, type TaskContext } from './local-worker';

const t = setupTestDb();
let orgId = '';

beforeAll(async () => {
  orgId = (await t.db.organization.create({ data: { id: newId('org'), name: 'W', kind: 'workspace' } })).id;
});

async function newTask(runId?: string, createdAt?: Date) {
  const rid = runId ?? (await t.db.run.create({ data: { id: newId('run'), orgId, format: 'excel', prompt: 'p' } })).id;
  return t.db.task.create({
    data: { id: newId('task'), runId: rid, orgId, kind: 'generate', prompt: 'p', request: {}, ...(createdAt ? { createdAt } : {}) },
  });
}

const finish = (taskId: string) => t.db.task.update({ where: { id: taskId }, data: { status: 'completed', leaseOwner: null } });

async function until(cond: () => Promise<boolean>, ms = 15_000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('timed out waiting');
}

describe('local worker', () => {
  it('runs queued tasks, one at a time per run, in order', async () => {
    const first = await newTask();
    const second = await newTask(first.runId);
    const other = await newTask();
    const log: string[] = [];
    let concurrentSameRun = 0;
    let active = new Set<string>();
    const w = new LocalWorker(
      t.db,
      async ({ taskId }) => {
        const task = await t.db.task.findUniqueOrThrow({ where: { id: taskId } });
        if ([...active].some((id) => id !== taskId && id.startsWith(task.runId))) concurrentSameRun++;
        active.add(task.runId + taskId);
        log.push(taskId);
        await new Promise((r) => setTimeout(r, 150));
        active = new Set([...active].filter((x) => x !== task.runId + taskId));
        await finish(taskId);
      },
      { concurrency: 3, pollMs: 50, leaseMs: 2000 },
    );
    w.start();
    await until(async () => (await t.db.task.count({ where: { id: { in: [first.id, second.id, other.id] }, status: 'completed' } })) === 3);
    await w.stop();
    expect(log.indexOf(first.id)).toBeLessThan(log.indexOf(second.id));
    expect(concurrentSameRun).toBe(0);
  });

  it('resumes a task whose worker died from its last completed step', async () => {
    const task = await newTask();
    const ran: string[] = [];
    // Worker A completes step "agent", then "dies": its handler never finishes and it stops renewing.
    const a = new LocalWorker(
      t.db,
      async ({ step }: TaskContext) => {
        await step.run('agent', async () => {
          ran.push('A:agent');
          return { tokens: 42 };
        });
        void a.stop(); // the process "dies": no more claims, no more lease renewals
        throw new Error('process killed');
      },
      { pollMs: 50, leaseMs: 300, workerId: 'A' },
    );
    a.start();
    await until(async () => ran.length === 1);
    await a.stop();
    const mid = await t.db.task.findUniqueOrThrow({ where: { id: task.id } });
    expect(mid.status).toBe('running');
    expect(mid.leaseOwner).toBe('A');

    let resumedOutput: unknown;
    const b = new LocalWorker(
      t.db,
      async ({ taskId, step }) => {
        resumedOutput = await step.run('agent', async () => {
          ran.push('B:agent');
          return { tokens: 0 };
        });
        await step.run('render', async () => {
          ran.push('B:render');
          return null;
        });
        await finish(taskId);
      },
      { pollMs: 50, leaseMs: 300, workerId: 'B' },
    );
    b.start();
    await until(async () => (await t.db.task.findUniqueOrThrow({ where: { id: task.id } })).status === 'completed');
    await b.stop();
    expect(ran).toEqual(['A:agent', 'B:render']);
    expect(resumedOutput).toEqual({ tokens: 42 });
    const final = await t.db.task.findUniqueOrThrow({ where: { id: task.id } });
    // Claimed at least twice (A, then B after A's lease expired); the completed step never re-ran.
    expect(final.attempts).toBeGreaterThanOrEqual(2);
    expect(final.leaseOwner).toBeNull();
  });

  it('expires tasks queued for more than 24 hours and fails tasks that exhausted their attempts', async () => {
    const stale = await newTask(undefined, new Date(Date.now() - 25 * 3600 * 1000));
    const doomed = await newTask();
    await t.db.task.update({
      where: { id: doomed.id },
      data: { status: 'running', attempts: 3, leaseOwner: 'gone', leaseExpiresAt: new Date(Date.now() - 1000) },
    });
    const w = new LocalWorker(t.db, async () => undefined, { pollMs: 50, maxAttempts: 3 });
    w.start();
    await until(async () => (await t.db.task.findUniqueOrThrow({ where: { id: doomed.id } })).status === 'failed');
    await w.stop();
    const s = await t.db.task.findUniqueOrThrow({ where: { id: stale.id } });
    expect(s.status).toBe('expired');
    expect(s.error).toMatchObject({ code: 'task_expired' });
    expect((await t.db.task.findUniqueOrThrow({ where: { id: doomed.id } })).error).toMatchObject({ code: 'worker_lost' });
  });

  it('a poison task (its worker dies every time) crashes workers at most twice in total, then is failed worker_lost', async () => {
    const task = await newTask();
    const crashes: string[] = [];
    const workers: LocalWorker[] = [];
    // every worker that takes the task "dies" on it: no more claims, no lease renewals
    const crashing = (id: string) => {
      const w: LocalWorker = new LocalWorker(
        t.db,
        async ({ taskId }) => {
          if (taskId !== task.id) return;
          crashes.push(id);
          void w.stop();
          throw new Error('process killed');
        },
        { pollMs: 50, leaseMs: 200, workerId: id },
      );
      workers.push(w);
      return w;
    };
    for (const id of ['A', 'B', 'C', 'D']) {
      crashing(id).start();
      await until(async () => crashes.includes(id) || (await t.db.task.findUniqueOrThrow({ where: { id: task.id } })).status === 'failed', 5_000).catch(() => {});
      await workers.at(-1)!.stop();
      if ((await t.db.task.findUniqueOrThrow({ where: { id: task.id } })).status === 'failed') break;
      await new Promise((r) => setTimeout(r, 300)); // the lease expires
    }
    const sweeper = new LocalWorker(t.db, async () => undefined, { pollMs: 50, workerId: 'sweeper' });
    sweeper.start();
    await until(async () => (await t.db.task.findUniqueOrThrow({ where: { id: task.id } })).status === 'failed');
    await sweeper.stop();
    expect(crashes).toEqual(['A', 'B']);
    const failed = await t.db.task.findUniqueOrThrow({ where: { id: task.id } });
    expect(failed.error).toMatchObject({ code: 'worker_lost' });
    expect(failed.attempts).toBe(2);
  });

  it('aborts the handler when its lease is lost (e.g. the task was cancelled)', async () => {
    const task = await newTask();
    let aborted = false;
    const w = new LocalWorker(
      t.db,
      async ({ signal }) => {
        await new Promise<void>((resolve) => signal.addEventListener('abort', () => ((aborted = true), resolve())));
      },
      { pollMs: 50, leaseMs: 300 },
    );
    w.start();
    await until(async () => (await t.db.task.findUniqueOrThrow({ where: { id: task.id } })).status === 'running');
    await t.db.task.update({ where: { id: task.id }, data: { status: 'cancelled' } });
    await until(async () => aborted);
    await w.stop();
    expect(aborted).toBe(true);
  });
});
