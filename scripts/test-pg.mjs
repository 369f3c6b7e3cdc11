// `npm run test:pg`: the same vitest suite against a real PostgreSQL server. Each test file
// creates (and drops) its own database on the server named by TEST_DATABASE_URL.
import { spawnSync } from 'node:child_process';

const url = process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
console.log(`[test:pg] TEST_DATABASE_URL=${url.replace(/:[^:@/]+@/, ':***@')}`);
const r = spawnSync('npx', ['--no-install', 'vitest', 'run', ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, TEST_DATABASE_URL: url },
});
process.exit(r.status ?? 1);
