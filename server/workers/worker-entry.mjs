// Entry of a worker thread (see run-in-worker.ts): the TypeScript sources through tsx's require
// hook (tsx is a dependency of the app; the package is CommonJS, as the CLI tools load it), then
// one call at a time from the parent: `module` (a path from the repository root) and its export
// `fn`, with `args`. Byte arrays arrive as Uint8Array and are handed over as Buffers. Errors cross
// as {name, message, setting, limit}; each answer carries the worker's heap size. A `preload`
// message (a worker started ahead) only loads modules.
import { createRequire, Module } from 'node:module';
import path from 'node:path';
import v8 from 'node:v8';
import { parentPort, workerData } from 'node:worker_threads';

const require = createRequire(import.meta.url);
require('tsx/cjs/api').register();
// `import 'server-only'` (a marker that throws outside Next's server bundles) is fine in a worker
// thread, which only ever runs server code: it loads as the package's empty module here.
const serverOnly = require.resolve('server-only');
require.cache[serverOnly] = Object.assign(new Module(serverOnly), { filename: serverOnly, loaded: true, exports: {} });

const asBuffer = (a) => (a instanceof Uint8Array && !Buffer.isBuffer(a) ? Buffer.from(a.buffer, a.byteOffset, a.byteLength) : a);

parentPort.on('message', async ({ id, module, fn, args, preload }) => {
  // a worker started ahead loads the modules its calls will likely need (no answer)
  if (preload) {
    for (const m of preload) {
      try {
        require(path.join(workerData.root, m));
      } catch {
        /* a call of that module meets the error itself */
      }
    }
    return;
  }
  const heap = () => v8.getHeapStatistics().total_heap_size;
  try {
    const mod = require(path.join(workerData.root, module));
    const result = await mod[fn](...args.map(asBuffer));
    parentPort.postMessage({ id, ok: true, result, heapBytes: heap() });
  } catch (err) {
    const e = err instanceof Error ? err : new Error(String(err));
    parentPort.postMessage({ id, ok: false, error: { name: e.name, message: e.message, setting: e.setting, limit: e.limit }, heapBytes: heap() });
  }
});
parentPort.postMessage({ ready: true });
