// Test helper: runs server/jobs/testing/worker-process.ts in a child process and follows its
// JSON-line events, so that a test can kill a worker at a known point and start another.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export interface WorkerEvent {
  event: string;
  [k: string]: unknown;
}

export interface ChildWorker {
  proc: ChildProcess;
  events: WorkerEvent[];
  /** stdout lines that are not events (logs) and stderr, for failure messages */
  output: string[];
  /** resolves with the first event (past or future) that matches; rejects after `ms` or if the process exits first */
  waitFor(pred: (e: WorkerEvent) => boolean, ms: number): Promise<WorkerEvent>;
  exited: Promise<number | null>;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

const SCRIPT = path.join(__dirname, 'worker-process.ts');

export function spawnWorker(env: Record<string, string>, args: string[] = []): ChildWorker {
  const proc = spawn(process.execPath, ['--import', 'tsx', SCRIPT, ...args], {
    cwd: path.resolve(__dirname, '../../..'),
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const events: WorkerEvent[] = [];
  const output: string[] = [];
  const listeners = new Set<() => void>();
  let exitCode: number | null | undefined;
  const exited = new Promise<number | null>((resolve) => {
    // 'close', not 'exit': every line the process wrote has been read by then.
    proc.on('close', (code) => {
      exitCode = code;
      for (const l of listeners) l();
      resolve(code);
    });
  });
  let buf = '';
  proc.stdout.on('data', (chunk: Buffer) => {
    buf += chunk.toString('utf8');
    let nl: number;
    while ((nl = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, nl).trim();
      buf = buf.slice(nl + 1);
      if (!line) continue;
      try {
        const parsed = JSON.parse(line) as WorkerEvent;
        if (typeof parsed.event === 'string') {
          events.push(parsed);
          for (const l of listeners) l();
          continue;
        }
      } catch {
        /* a log line */
      }
      output.push(line);
    }
  });
  proc.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString('utf8')));

  return {
    proc,
    events,
    output,
    exited,
    waitFor(pred, ms) {
      return new Promise<WorkerEvent>((resolve, reject) => {
        const check = () => {
          const hit = events.find(pred);
          if (hit) return done(() => resolve(hit));
          if (exitCode !== undefined) return done(() => reject(new Error(`worker exited (${exitCode}) first:\n${output.join('\n').slice(-3000)}`)));
        };
        const timer = setTimeout(
          () => done(() => reject(new Error(`worker event not seen in ${ms} ms; events ${JSON.stringify(events)}\n${output.join('\n').slice(-3000)}`))),
          ms,
        );
        const done = (f: () => void) => {
          clearTimeout(timer);
          listeners.delete(check);
          f();
        };
        listeners.add(check);
        check();
      });
    },
    async kill(signal = 'SIGKILL') {
      if (exitCode === undefined) {
        proc.kill(signal);
        await exited;
      }
    },
  };
}
