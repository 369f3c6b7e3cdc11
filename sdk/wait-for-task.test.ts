// waitForTask's own rules, with a scripted task source: it returns the first finished task, polls
// at the given interval, gives up after timeoutMs with TaskWaitTimeoutError, and stops on abort.
import { describe, expect, it } from 'vitest';
import { TaskWaitTimeoutError } from './errors';
import { pollUntilDone, type Task } from './wait-for-task';

function taskIn(status: Task['status']): Task {
  return {
    task_id: 'task_1',
    run_id: 'run_1',
    kind: 'generate',
    status,
    phase: null,
    turn_index: 0,
    progress: status === 'completed' ? 100 : 10,
    result: null,
    error: null,
    credits_used: 0,
    duration_ms: null,
    created_at: '2026-01-01T00:00:00.000Z',
    updated_at: '2026-01-01T00:00:00.000Z',
  };
}

/** A task that is `queued`, then `running` for `runningPolls` polls, then `end`. */
function scripted(runningPolls: number, end: Task['status'] = 'completed') {
  const calls: number[] = [];
  const get = async (id: string) => {
    expect(id).toBe('task_1');
    calls.push(Date.now());
    const n = calls.length;
    return taskIn(n === 1 ? 'queued' : n <= runningPolls + 1 ? 'running' : end);
  };
  return { get, calls };
}

describe('waitForTask', () => {
  it('polls until the task ends, at the interval, and returns the finished task (failed ones too)', async () => {
    const s = scripted(2);
    const seen: string[] = [];
    const done = await pollUntilDone(s.get, 'task_1', { intervalMs: 30, onPoll: (t) => seen.push(t.status) });
    expect(done.status).toBe('completed');
    expect(seen).toEqual(['queued', 'running', 'running', 'completed']);
    const gaps = s.calls.slice(1).map((t, i) => t - s.calls[i]!);
    for (const g of gaps) expect(g).toBeGreaterThanOrEqual(25);
    expect((await pollUntilDone(scripted(0, 'failed').get, 'task_1', { intervalMs: 1 })).status).toBe('failed');
  });

  it('gives up after timeoutMs with TaskWaitTimeoutError carrying the last status', async () => {
    const s = scripted(1_000_000);
    const started = Date.now();
    const err = await pollUntilDone(s.get, 'task_1', { intervalMs: 20, timeoutMs: 120 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TaskWaitTimeoutError);
    expect(err).toMatchObject({ taskId: 'task_1', lastStatus: 'running' });
    const waited = Date.now() - started;
    expect(waited).toBeGreaterThanOrEqual(110);
    expect(waited).toBeLessThan(1_000);
    expect(s.calls.length).toBeGreaterThanOrEqual(4);
  });

  it('stops when its signal aborts', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('stop')), 50);
    const err = await pollUntilDone(scripted(1_000_000).get, 'task_1', {
      intervalMs: 10_000,
      signal: controller.signal,
    }).catch((e: unknown) => e);
    expect(err).toMatchObject({ message: 'stop' });
  });
});
