// The layering rules of scripts/check-boundaries.mjs (npm run lint) on small trees: a folder cycle
// under server/, browser code reaching server code, and a server-only module run by a script fail;
// type-only imports and lib/ pass.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';

const SCRIPT = path.resolve(__dirname, 'check-boundaries.mjs');
const dirs: string[] = [];

function tree(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'boundaries-'));
  dirs.push(dir);
  const all: Record<string, string> = { 'tsconfig.json': JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { '@/*': ['./*'] } } }), ...files };
  for (const [name, text] of Object.entries(all)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

async function check(dir: string): Promise<{ code: number; out: string }> {
  try {
    const { stdout } = await promisify(execFile)(process.execPath, [SCRIPT], { env: { ...process.env, CHECK_BOUNDARIES_ROOT: dir } });
    return { code: 0, out: stdout };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
}

afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe('check-boundaries', () => {
  it('passes a layered tree: one-way folder imports, type-only server imports and lib/ in browser code', async () => {
    const dir = tree({
      'server/runs/get-run.ts': "import { sheetName } from '../../lib/names';\nexport type Run = { id: string };\nexport const getRun = () => sheetName;\n",
      'server/editor/open.ts': "import { getRun } from '../runs/get-run';\nexport const open = getRun;\n",
      'lib/names.ts': "export const sheetName = 'Sheet1';\n",
      'components/view.tsx': "import type { Run } from '@/server/runs/get-run';\nimport { sheetName } from '@/lib/names';\nexport const v: Run | string = sheetName;\n",
    });
    const r = await check(dir);
    expect(r.out).toContain('2 server folders without cycles');
    expect(r.code).toBe(0);
  }, 60_000);

  it('fails on a folder cycle, naming the imports that close it (also through a third folder)', async () => {
    const dir = tree({
      'server/runs/get-run.ts': "import { open } from '../editor/open';\nexport const getRun = () => open;\n",
      'server/editor/open.ts': "import { job } from '../jobs/job';\nexport const open = job;\n",
      'server/jobs/job.ts': "import type { X } from '../runs/types';\nexport const job = (x: X) => x;\n",
      'server/runs/types.ts': 'export type X = number;\n',
    });
    const r = await check(dir);
    expect(r.code).toBe(1);
    expect(r.out).toContain('folder cycle between server/{editor, jobs, runs}');
    expect(r.out).toContain('server/jobs/job.ts -> server/runs/types.ts (type-only)');
    expect(r.out).toContain('server/runs/get-run.ts -> server/editor/open.ts');
  }, 60_000);

  it('fails when browser code reaches server code at run time, also through components and lib/', async () => {
    const dir = tree({
      'server/db/client.ts': 'export const getDb = () => 1;\n',
      'lib/helper.ts': "import { getDb } from '../server/db/client';\nexport const h = getDb;\n",
      'components/a.tsx': "import { h } from '@/lib/helper';\nexport const a = h;\n",
      'app/page-client.tsx': "'use client';\nimport { getDb } from '@/server/db/client';\nexport const b = getDb;\n",
      'app/page.tsx': "import { getDb } from '@/server/db/client';\nexport const c = getDb;\n",
    });
    const r = await check(dir);
    expect(r.code).toBe(1);
    expect(r.out).toContain('browser code reaches server code: components/a.tsx -> lib/helper.ts -> server/db/client.ts');
    expect(r.out).toContain('browser code reaches server code: app/page-client.tsx -> server/db/client.ts');
    expect(r.out).not.toContain('app/page.tsx'); // a server component may
  }, 60_000);

  it('fails when a script run by Node loads a module marked server-only', async () => {
    const dir = tree({
      'node_modules/server-only/package.json': JSON.stringify({ name: 'server-only', main: 'index.js' }),
      'node_modules/server-only/index.js': 'throw new Error("server-only");\n',
      'server/auth/keys.ts': "import 'server-only';\nexport const keys = 1;\n",
      'scripts/bench.ts': "import { keys } from '../server/auth/keys';\nconsole.log(keys);\n",
    });
    const r = await check(dir);
    expect(r.code).toBe(1);
    expect(r.out).toContain('a module marked server-only is run by Node outside Next: scripts/bench.ts -> server/auth/keys.ts');
  }, 60_000);
});
