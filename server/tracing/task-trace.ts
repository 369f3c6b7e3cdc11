// Tasks run apart from the request that queued them (the worker claims them from the database), so
// the request's trace context is kept here, by task id, for the task's steps to continue: a sync
// request's trace then shows request → task steps → model calls → render → storage. A task run by
// another process (or after a restart) starts a trace of its own.
import { ROOT_CONTEXT, context, trace, type Context } from '@opentelemetry/api';
import { inSpan } from './in-span';
import { tracingEnabled } from './tracing-state';

/** Tasks remembered at most (the oldest are forgotten first: their steps then start a trace of their own). */
const MAX_TASKS = 1000;
const KEY = Symbol.for('docsmith.tracing.task-parents');

function parents(): Map<string, Context> {
  const g = globalThis as unknown as Record<symbol, Map<string, Context> | undefined>;
  return (g[KEY] ??= new Map<string, Context>());
}

/** Called where a request queues a task: its steps' spans will be children of the active span. */
export function rememberTaskTrace(taskId: string): void {
  if (!tracingEnabled()) return;
  const active = context.active();
  if (!trace.getSpan(active)) return;
  const map = parents();
  map.set(taskId, active);
  while (map.size > MAX_TASKS) map.delete(map.keys().next().value as string);
}

interface Steps {
  run<T>(name: string, fn: () => Promise<T>): Promise<T>;
}

/**
 * The step runner with a span `task.<step>` around each step that actually runs (a step replayed
 * from its recorded output gets none). The parent is the request that queued the task, never
 * whatever request happened to wake the worker.
 */
export function traceSteps(taskId: string, steps: Steps): Steps {
  if (!tracingEnabled()) return steps;
  return {
    run: (name, fn) => steps.run(name, () => inSpan(`task.${name}`, { 'docsmith.task.id': taskId, 'docsmith.task.step': name }, fn, parents().get(taskId) ?? ROOT_CONTEXT)),
  };
}
