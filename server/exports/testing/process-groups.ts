// Tests: live processes (not zombies) of some process groups, read from /proc (Linux; no `ps` needed).
import { readdir, readFile } from 'node:fs/promises';

export interface ProcInfo {
  pid: number;
  pgid: number;
  comm: string;
  state: string;
}

export async function processes(): Promise<ProcInfo[]> {
  const out: ProcInfo[] = [];
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = await readFile(`/proc/${name}/stat`, 'utf8').catch(() => null);
    if (!stat) continue;
    // pid (comm) state ppid pgrp …  — comm may contain spaces and parentheses
    const open = stat.indexOf('(');
    const close = stat.lastIndexOf(')');
    const rest = stat.slice(close + 2).split(' ');
    out.push({ pid: Number(name), comm: stat.slice(open + 1, close), state: rest[0]!, pgid: Number(rest[2]) });
  }
  return out;
}

/** Live members of the groups; waits up to waitMs for them to go. */
export async function groupLeftovers(pgids: number[], waitMs = 5000): Promise<ProcInfo[]> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const left = (await processes()).filter((p) => pgids.includes(p.pgid) && p.state !== 'Z');
    if (!left.length || Date.now() >= deadline) return left;
    await new Promise((r) => setTimeout(r, 200));
  }
}
