// Layering rules, run by `npm run lint` before ESLint (dependency-cruiser reads the import graph
// with the tsconfig paths; the rules themselves are below). Exits 1 and names the imports at fault.
//
// 1. No folder cycles under server/: a folder is server/<name>/ with everything below it (the files
//    directly in server/, such as env.ts and log.ts, count as one more folder). Folder X depends on
//    folder Y when any file of X imports any file of Y (type-only and dynamic imports included).
//    The folder graph must have no cycle: shared pieces live in the lower folder. Tests (*.test.ts)
//    and test support (server/test/, */testing/, */test-support/) may import across and are left out.
// 2. Browser code does not load server code: from every file under components/ and every 'use client'
//    file under app/, no chain of runtime imports may reach a file under server/. Only `import type`
//    may name server/ (types are erased). Code that the browser and the server both run lives in
//    lib/ (pure code: no Node APIs, no server/ runtime imports; this rule follows lib/'s imports too).
// 3. `import 'server-only'` stays out of code that Node runs directly: the marker throws outside
//    Next's server bundles. Vitest (an alias) and the document worker threads (worker-entry.mjs)
//    load it as an empty module; the scripts, CLIs and Playwright files below do not, so no module
//    they load may carry it.
import fs from 'node:fs';
import path from 'node:path';
import { cruise } from 'dependency-cruiser';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';

// CHECK_BOUNDARIES_ROOT: another tree to check (the rule's own test builds small ones)
const root = path.resolve(process.env.CHECK_BOUNDARIES_ROOT ?? path.join(import.meta.dirname, '..'));
process.chdir(root);

const SCANNED = ['server', 'app', 'components', 'lib', 'scripts', 'e2e', 'instrumentation.ts', 'proxy.ts'].filter((p) => fs.existsSync(p));
const isTestCode = (p) => /\.test\.tsx?$/.test(p) || /^server\/test\//.test(p) || /\/(testing|test-support)\//.test(p);
const serverFolder = (p) => {
  const m = /^server\/(?:([^/]+)\/)?[^/]+$/.exec(p) ?? /^server\/([^/]+)\//.exec(p);
  return m ? (m[1] ?? '(server root)') : null;
};

const tsConfig = extractTSConfig('tsconfig.json');
const { output } = await cruise(
  SCANNED,
  {
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true, // keep type-only imports (marked as such) in the graph
    exclude: { path: '^(server/db/generated|\\.next)/' },
    doNotFollow: { path: 'node_modules' },
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.mjs', '.js', '.json'] },
  },
  undefined,
  { tsConfig },
);
const modules = output.modules.filter((m) => !m.coreModule && !m.couldNotResolve && !m.source.startsWith('node_modules/'));
const bySource = new Map(modules.map((m) => [m.source, m]));
const local = (d) => !d.coreModule && !d.couldNotResolve && !d.resolved.startsWith('node_modules/');
const isTypeOnly = (d) => d.dependencyTypes.includes('type-only');

const problems = [];

// --- 1. folder cycles under server/ ---------------------------------------------------------
const edges = new Map(); // "a\0b" -> ["file -> file", ...]
const graph = new Map(); // a -> Set(b)
for (const m of modules) {
  const a = serverFolder(m.source);
  if (!a || isTestCode(m.source)) continue;
  if (!graph.has(a)) graph.set(a, new Set());
  for (const d of m.dependencies.filter(local)) {
    const b = serverFolder(d.resolved);
    if (!b || b === a || isTestCode(d.resolved)) continue;
    graph.get(a).add(b);
    const k = `${a}\0${b}`;
    if (!edges.has(k)) edges.set(k, []);
    edges.get(k).push(`${m.source} -> ${d.resolved}${isTypeOnly(d) ? ' (type-only)' : ''}`);
  }
}
// strongly connected components (Tarjan): each one with more than one folder holds a cycle
let counter = 0;
const index = new Map();
const low = new Map();
const stack = [];
const onStack = new Set();
const components = [];
function visit(v) {
  index.set(v, counter);
  low.set(v, counter++);
  stack.push(v);
  onStack.add(v);
  for (const w of graph.get(v) ?? []) {
    if (!index.has(w)) {
      visit(w);
      low.set(v, Math.min(low.get(v), low.get(w)));
    } else if (onStack.has(w)) low.set(v, Math.min(low.get(v), index.get(w)));
  }
  if (low.get(v) === index.get(v)) {
    const c = [];
    let w;
    do {
      w = stack.pop();
      onStack.delete(w);
      c.push(w);
    } while (w !== v);
    if (c.length > 1) components.push(c.sort());
  }
}
for (const v of [...graph.keys()].sort()) if (!index.has(v)) visit(v);
for (const c of components) {
  const inside = new Set(c);
  const lines = [`folder cycle between server/{${c.join(', ')}}; the imports that close it:`];
  for (const [k, list] of [...edges].sort()) {
    const [a, b] = k.split('\0');
    if (!inside.has(a) || !inside.has(b)) continue;
    lines.push(`  ${a} -> ${b}:`);
    for (const e of list) lines.push(`    ${e}`);
  }
  problems.push(lines.join('\n'));
}

// --- 2. browser code must not reach server/ ----------------------------------------------------
const isClientRoot = (m) => {
  if (isTestCode(m.source) || !/\.(tsx?|mjs|js)$/.test(m.source)) return false;
  if (m.source.startsWith('components/')) return true;
  if (!m.source.startsWith('app/')) return false;
  const head = fs.readFileSync(m.source, 'utf8').replace(/^(\s|\/\/[^\n]*\n|\/\*[\s\S]*?\*\/)*/, '');
  return /^['"]use client['"]/.test(head);
};
const reported = new Set();
for (const start of modules.filter(isClientRoot)) {
  // breadth-first over runtime imports; `via` keeps the chain for the message
  const via = new Map([[start.source, null]]);
  const queue = [start.source];
  while (queue.length) {
    const cur = queue.shift();
    for (const d of (bySource.get(cur)?.dependencies ?? []).filter(local)) {
      if (isTypeOnly(d) || via.has(d.resolved)) continue;
      via.set(d.resolved, cur);
      if (d.resolved.startsWith('server/')) {
        const chain = [d.resolved];
        for (let p = cur; p; p = via.get(p)) chain.unshift(p);
        const key = `${chain.at(-2)} -> ${d.resolved}`;
        if (!reported.has(key)) {
          reported.add(key);
          problems.push(`browser code reaches server code: ${chain.join(' -> ')}\n  (use \`import type\`, or move the shared code to lib/)`);
        }
        continue; // one message per server entry point
      }
      queue.push(d.resolved);
    }
  }
}

// --- 3. no `server-only` in what Node runs directly ------------------------------------------
const NODE_ENTRIES = [/^scripts\/.*\.ts$/, /^e2e\/.*\.ts$/, /^server\/.*-cli\.ts$/, /^server\/.*\/testing\/.*-process\.ts$/, /^server\/.*\/testing\/bench-.*\.ts$/, /^server\/documents\/fixtures\/generate-fixtures\.ts$/];
const marksServerOnly = (m) => m.dependencies.some((d) => d.module === 'server-only');
const fromNode = new Map();
const nodeQueue = modules.filter((m) => NODE_ENTRIES.some((r) => r.test(m.source))).map((m) => m.source);
for (const e of nodeQueue) fromNode.set(e, null);
while (nodeQueue.length) {
  const cur = nodeQueue.shift();
  for (const d of (bySource.get(cur)?.dependencies ?? []).filter(local)) {
    if (isTypeOnly(d) || fromNode.has(d.resolved)) continue;
    fromNode.set(d.resolved, cur);
    nodeQueue.push(d.resolved);
  }
}
for (const m of modules.filter((x) => fromNode.has(x.source) && marksServerOnly(x))) {
  const chain = [];
  for (let p = m.source; p; p = fromNode.get(p)) chain.unshift(p);
  problems.push(`a module marked server-only is run by Node outside Next: ${chain.join(' -> ')}\n  (the marker throws there: remove it from ${m.source}, or keep the script off that module)`);
}
const marked = modules.filter(marksServerOnly).length;

if (problems.length) {
  console.error(`check-boundaries: ${problems.length} problem(s)\n\n${problems.join('\n\n')}`);
  process.exit(1);
}
console.log(`check-boundaries: ${graph.size} server folders without cycles; browser code reaches no server code; ${marked} server-only modules, none run by Node directly (${modules.length} modules)`);
