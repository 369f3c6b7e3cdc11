// Generates the Prisma client without downloading Prisma's native engines.
// `prisma generate` only needs the schema engine path to exist; it never runs it.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'server/db/generated/client.ts');
if (process.argv.includes('--if-missing') && existsSync(out)) process.exit(0);
const bin = path.join(root, 'node_modules/.bin/prisma');
if (!existsSync(bin)) {
  console.log('[prisma-generate] prisma CLI not installed yet; skipping');
  process.exit(0);
}
const r = spawnSync(bin, ['generate'], {
  cwd: root,
  stdio: 'inherit',
  env: {
    ...process.env,
    PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? '/bin/false',
    PRISMA_HIDE_UPDATE_MESSAGE: '1',
    CHECKPOINT_DISABLE: '1',
  },
});
process.exit(r.status ?? 1);
