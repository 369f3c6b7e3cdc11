// Gives memory back after a burst. Under load V8 grows the heap and then, once traffic stops, keeps
// both the garbage and the grown heap for a long time: measured on `next start`, 50 connections for
// 20 s left RSS at 675–722 MiB where one full collection brings it back to 464–492 MiB. Every
// INTERVAL_MS this looks at the event loop: when the last interval was idle (under 5 % busy) and
// the heap has grown by more than a quarter (and 32 MiB) since the last collection, it runs one
// full collection — only then, so no request waits for it. Production only (IDLE_GC).
import { performance } from 'node:perf_hooks';
import v8 from 'node:v8';
import vm from 'node:vm';
import { processSingleton } from '../signals/process-bus';

const INTERVAL_MS = 2000;
const IDLE_UTILIZATION = 0.05;
const MIN_GROWTH_BYTES = 32 * 1024 * 1024;
const GROWTH_FACTOR = 1.25;

/**
 * A full collection that also compacts. V8's plain full collection frees the garbage but keeps
 * every page that still holds a live object: after a burst the survivors are spread thin over the
 * grown old space and the heap stays as large as at the peak (measured on `next start`: 541 MiB of
 * heap for 122 MiB of live objects after the poll bench). Compacting moves the survivors together
 * and gives the emptied pages back. The flag is set for this one collection only.
 */
export function fullGc(): (() => void) | null {
  const exposed = (globalThis as { gc?: unknown }).gc;
  let gc: unknown = exposed;
  if (typeof gc !== 'function') {
    v8.setFlagsFromString('--expose-gc');
    gc = vm.runInNewContext('gc');
  }
  if (typeof gc !== 'function') return null;
  const collect = gc as () => void;
  return () => {
    v8.setFlagsFromString('--compact-on-every-full-gc');
    try {
      collect();
    } finally {
      v8.setFlagsFromString('--no-compact-on-every-full-gc');
    }
  };
}

export interface IdleGcState {
  /** heap size right after the last collection (the baseline growth is measured against) */
  baseline: number;
  collections: number;
  timer: NodeJS.Timeout | null;
}

const heapSize = () => v8.getHeapStatistics().total_heap_size;

/** Whether a collection is due: an idle interval after the heap grew past the baseline. */
export function shouldCollect(utilization: number, heapBytes: number, baseline: number): boolean {
  return utilization < IDLE_UTILIZATION && heapBytes > Math.max(baseline * GROWTH_FACTOR, baseline + MIN_GROWTH_BYTES);
}

/** Starts the check (once per process); returns its state. */
export function startIdleGc(intervalMs = INTERVAL_MS): IdleGcState {
  const state = processSingleton<IdleGcState>('idle-gc', () => ({ baseline: heapSize(), collections: 0, timer: null }));
  if (state.timer) return state;
  const gc = fullGc();
  if (!gc) return state;
  let last = performance.eventLoopUtilization();
  state.timer = setInterval(() => {
    const now = performance.eventLoopUtilization();
    const { utilization } = performance.eventLoopUtilization(now, last);
    last = now;
    const size = heapSize();
    if (shouldCollect(utilization, size, state.baseline)) {
      gc();
      state.collections++;
      state.baseline = heapSize();
      last = performance.eventLoopUtilization(); // the collection itself is not traffic
    } else if (size < state.baseline) state.baseline = size; // V8 shrank it by itself
  }, intervalMs);
  state.timer.unref();
  return state;
}

export function stopIdleGc(): void {
  const state = processSingleton<IdleGcState>('idle-gc', () => ({ baseline: heapSize(), collections: 0, timer: null }));
  if (state.timer) clearInterval(state.timer);
  state.timer = null;
}
