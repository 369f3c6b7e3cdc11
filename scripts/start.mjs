// `npm start`: serve the production build, building it first when there is none.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

process.env.NEXT_TELEMETRY_DISABLED = '1';
// glibc gives every thread that allocates (document workers, the zlib pool) its own malloc arena and
// keeps their freed memory; two arenas keep the server's RSS near its idle size after heavy files.
process.env.MALLOC_ARENA_MAX ??= '2';
const run = (args) => {
  const r = spawnSync('npx', ['--no-install', ...args], { stdio: 'inherit', env: process.env });
  if (r.status !== 0) process.exit(r.status ?? 1);
};
if (!existsSync('.next/BUILD_ID')) {
  console.log('[docsmith] no production build found: running `next build` first');
  run(['node', 'scripts/prisma-generate.mjs', '--if-missing']);
  run(['next', 'build']);
}
const port = process.env.PORT ?? '3000';
const args = ['next', 'start', '-p', port];
if (process.env.HOST) args.push('-H', process.env.HOST);
run(args);
