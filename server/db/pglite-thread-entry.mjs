// The embedded database's own thread (see pglite-thread.ts): PGlite runs PostgreSQL as synchronous
// WebAssembly, so here it holds this thread instead of the request loop. Values leave as the text
// PostgreSQL sent (identity parsers); the main thread parses them with the caller's parsers.
// Plain JavaScript, loaded from the source tree at run time (the build never follows it).
import v8 from 'node:v8';
import vm from 'node:vm';
import { parentPort, workerData } from 'node:worker_threads';
import { messages, parse, PGlite, protocol } from '@electric-sql/pglite';

const ARRAY_TYPES_SQL = `SELECT b.oid, b.typarray FROM pg_catalog.pg_type a
  LEFT JOIN pg_catalog.pg_type b ON b.oid = a.typelem
  WHERE a.typcategory = 'A' GROUP BY b.oid, b.typarray ORDER BY b.oid`;

/** @type {PGlite} */
let lite;
/** @type {Record<string, (x: string) => string>} */
let raw = {};

const asText = (x) => x;

async function arrayTypes() {
  // Enum and other types created after start (migrations) get their array parsers as well.
  await lite.refreshArrayTypes();
  const types = (await lite.query(ARRAY_TYPES_SQL)).rows;
  raw = {};
  for (const key of Object.keys(lite.parsers)) raw[key] = asText;
  return types;
}

function wireError(err) {
  const e = /** @type {Record<string, unknown>} */ (err ?? {});
  const out = { name: String(e.name ?? 'Error'), message: String(e.message ?? err) };
  // PostgreSQL's error fields (DatabaseError); the main thread rebuilds the same class
  for (const k of ['length', 'severity', 'code', 'detail', 'hint', 'position', 'internalPosition', 'internalQuery', 'where', 'schema', 'table', 'column', 'dataType', 'constraint', 'file', 'line', 'routine']) {
    if (e[k] !== undefined) out[k] = e[k];
  }
  out.database = err instanceof messages.DatabaseError;
  return out;
}

const plain = (r) => ({ rows: r.rows, fields: r.fields, affectedRows: r.affectedRows });

// Prepared statements. PGlite's query() sends parse, describe, bind, describe, execute and sync as
// six separate calls into the WebAssembly and has PostgreSQL parse and plan the statement every
// time. The application sends the same few hundred statements over and over (Prisma's, the poll's),
// so each SQL text is parsed once into a named statement (its parameter types described once), and
// an execution is one call: bind, describe, execute, sync. PostgreSQL then also keeps a plan it may
// reuse (its generic plan). Least recently used statements beyond MAX_STATEMENTS are closed; DDL
// drops them all (a changed table would otherwise fail "cached plan must not change result type").
const MAX_STATEMENTS = 200;
/** @type {Map<string, { name: string, types: number[] }>} */
const statements = new Map();
let statementSeq = 0;
const { serialize } = protocol;

function concat(parts) {
  let length = 0;
  for (const p of parts) length += p.length;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

async function prepare(sql) {
  const known = statements.get(sql);
  if (known) {
    statements.delete(sql);
    statements.set(sql, known);
    return known;
  }
  const name = `ds_${++statementSeq}`;
  const { messages: described } = await lite.execProtocol(
    concat([serialize.parse({ name, text: sql }), serialize.describe({ type: 'S', name }), serialize.sync()]),
    { syncToFs: false },
  );
  const statement = { name, types: parse.parseDescribeStatementResults(described) };
  statements.set(sql, statement);
  if (statements.size > MAX_STATEMENTS) {
    const [oldestSql, oldest] = statements.entries().next().value;
    statements.delete(oldestSql);
    // (refused inside a failed transaction: then it stays prepared, unnamed here, until DEALLOCATE)
    await lite.execProtocol(concat([serialize.close({ type: 'S', name: oldest.name }), serialize.sync()]), { syncToFs: false }).catch(() => undefined);
  }
  return statement;
}

async function preparedQuery(sql, params) {
  return lite.runExclusive(async () => {
    const statement = await prepare(sql);
    // the same serializers PGlite's query() picks from the described parameter types
    const values = params.map((v, k) => {
      if (v === null || v === undefined) return null;
      const serializer = lite.serializers[statement.types[k]];
      return serializer ? serializer(v) : v.toString();
    });
    const { messages: out } = await lite.execProtocol(
      concat([serialize.bind({ statement: statement.name, values }), serialize.describe({ type: 'P' }), serialize.execute({}), serialize.sync()]),
    );
    return parse.parseResults(out, raw, { rowMode: 'array', parsers: raw })[0] ?? { rows: [], fields: [] };
  });
}

async function forgetStatements() {
  if (!statements.size) return;
  statements.clear();
  await lite.exec('DEALLOCATE ALL');
}

async function handle(msg) {
  switch (msg.op) {
    case 'open': {
      const { dataDir, loadDataDir } = msg;
      lite = await PGlite.create({
        ...(dataDir ? { dataDir } : {}),
        ...(loadDataDir ? { loadDataDir: new Blob([loadDataDir]) } : {}),
      });
      return { arrayTypes: await arrayTypes() };
    }
    case 'query':
      return plain(await preparedQuery(msg.sql, msg.params ?? []));
    case 'exec': {
      if (/\b(create|alter|drop)\b/i.test(msg.sql)) await forgetStatements();
      return (await lite.exec(msg.sql, { rowMode: 'array', parsers: raw })).map(plain);
    }
    case 'types':
      return { arrayTypes: await arrayTypes() };
    case 'dump': {
      const blob = await lite.dumpDataDir(msg.compression ?? 'gzip');
      return new Uint8Array(await blob.arrayBuffer());
    }
    case 'close':
      await lite?.close();
      return null;
    default:
      throw new Error(`unknown operation ${msg.op}`);
  }
}

// This thread's own heap (results on their way out) grows under load like the main thread's: one
// full collection once the statements stop after a busy spell (as server/runtime/idle-gc.ts does there).
let handled = 0;
if (workerData?.idleGc) {
  v8.setFlagsFromString('--expose-gc');
  const plainGc = vm.runInNewContext('gc');
  // compacting, as server/runtime/idle-gc.ts does: a plain full collection keeps every page that
  // still holds a live object, so the heap would stay at its peak size
  const gc = () => {
    v8.setFlagsFromString('--compact-on-every-full-gc');
    try {
      plainGc();
    } finally {
      v8.setFlagsFromString('--no-compact-on-every-full-gc');
    }
  };
  let seen = 0;
  let baseline = v8.getHeapStatistics().total_heap_size;
  setInterval(() => {
    // the local worker's housekeeping sends a few statements a second: that is not a busy spell
    const busy = handled - seen > 40;
    seen = handled;
    const size = v8.getHeapStatistics().total_heap_size;
    if (!busy && size > Math.max(baseline * 1.25, baseline + 16 * 1024 * 1024)) {
      gc();
      baseline = v8.getHeapStatistics().total_heap_size;
    }
  }, 2000).unref();
}

parentPort.on('message', (msg) => {
  handled++;
  handle(msg).then(
    (result) => parentPort.postMessage({ id: msg.id, ok: true, result }),
    (err) => parentPort.postMessage({ id: msg.id, ok: false, error: wireError(err) }),
  );
});
