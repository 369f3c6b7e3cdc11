// Entry of a document worker thread: the TypeScript sources through tsx's require hook (tsx is a
// dependency of the app; the package is CommonJS, as the CLI tools load it), then one job at a time
// from the parent. Errors cross as {name, message, setting, limit}.
import { createRequire } from 'node:module';
import v8 from 'node:v8';
import { parentPort } from 'node:worker_threads';

const require = createRequire(import.meta.url);
require('tsx/cjs/api').register();
const { runDocumentJobHere } = require('./document-jobs.ts');

parentPort.on('message', async ({ id, job }) => {
  try {
    const result = await runDocumentJobHere(job);
    parentPort.postMessage({ id, ok: true, result, heapBytes: v8.getHeapStatistics().total_heap_size });
  } catch (err) {
    const e = err instanceof Error ? err : new Error(String(err));
    const error = { name: e.name, message: e.message, setting: e.setting, limit: e.limit };
    parentPort.postMessage({ id, ok: false, error, heapBytes: v8.getHeapStatistics().total_heap_size });
  }
});
parentPort.postMessage({ ready: true });
