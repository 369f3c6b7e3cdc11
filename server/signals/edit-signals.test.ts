// Editor signals: a new version of a run reaches the open editors of this process at once and, on
// PostgreSQL, those of other instances (LISTEN/NOTIFY); presence (who is editing) is shared the
// same way — an instance answers another's join with its own editors, and a leave removes one.
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { DbNotifications } from '../db/notifications';
import { setupTestDb } from '../test/test-db';
import { announceRunVersion, editorsOf, joinEditing, listenForEditSignals, onPresence, onRunVersion } from './edit-signals';

const t = setupTestDb();
const pgUrl = process.env.TEST_DATABASE_URL;

const until = async (ok: () => boolean, ms = 5000) => {
  for (let i = 0; i < ms / 25 && !ok(); i++) await new Promise((r) => setTimeout(r, 25));
  return ok();
};

it('in one process: versions reach the subscribers of their run only; presence joins and leaves', async () => {
  const heard: Array<[number | null, string]> = [];
  const off = onRunVersion('run_a', (v, by) => heard.push([v, by]));
  announceRunVersion('run_a', 3, 'ses_1');
  announceRunVersion('run_b', 9, 'agent');
  off();
  announceRunVersion('run_a', 4, 'agent');
  expect(heard).toEqual([[3, 'ses_1']]);

  let changes = 0;
  const offP = onPresence('run_p', () => changes++);
  const leave1 = joinEditing('run_p', { id: 'c1', session: 's1', label: 'AB' });
  const leave2 = joinEditing('run_p', { id: 'c2', session: 's2', label: 'Viewer' });
  expect(editorsOf('run_p').map((e) => e.label)).toEqual(['AB', 'Viewer']);
  leave1();
  leave1();
  expect(editorsOf('run_p').map((e) => e.id)).toEqual(['c2']);
  leave2();
  expect(editorsOf('run_p')).toEqual([]);
  offP();
  expect(changes).toBe(4);
});

describe.runIf(!!pgUrl)('PostgreSQL', () => {
  it('hears versions and presence of another instance, and answers its join with its own editors', async () => {
    await listenForEditSignals(10_000);
    const u = new URL(pgUrl!);
    u.pathname = `/${(t.handle as unknown as { name: string }).name}`;
    const pool = new pg.Pool({ connectionString: u.toString(), max: 1 });
    const other = new DbNotifications(u.toString(), pool, 'other-instance');
    const otherHeard: string[] = [];
    other.on('message', (kind: string, payload: string) => otherHeard.push(`${kind}:${payload}`));
    try {
      expect(await other.listen(10_000)).toBe(true);
      const heard: Array<number | null> = [];
      const off = onRunVersion('run_x', (v) => heard.push(v));
      await other.notify('run_version', 'run_x:7:agent');
      expect(await until(() => heard.includes(7))).toBe(true);
      off();
      // its editor joins: this instance lists it and answers with its own
      const leave = joinEditing('run_x', { id: 'here1', session: 's_here', label: 'HH' });
      await other.notify('edit_presence', 'run_x:join:there1:s_there:TT');
      expect(await until(() => editorsOf('run_x').some((e) => e.id === 'there1'))).toBe(true);
      expect(await until(() => otherHeard.some((m) => m.startsWith('edit_presence:run_x:here:here1:s_here:HH')))).toBe(true);
      await other.notify('edit_presence', 'run_x:leave:there1:s_there:');
      expect(await until(() => !editorsOf('run_x').some((e) => e.id === 'there1'))).toBe(true);
      // a version announced here reaches the other instance
      announceRunVersion('run_x', 8, 'ses_1');
      expect(await until(() => otherHeard.includes('run_version:run_x:8:ses_1'))).toBe(true);
      leave();
    } finally {
      await other.close();
      await pool.end();
    }
  });
});
