// Builds a migrated PGlite template once per migration set, so each test file loads a copy
// (~2 s) instead of creating and migrating a new database (~7 s).
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pgliteExecutor } from '../db/client';
import { applyMigrations, readMigrations } from '../db/migrate';

export default async function setup() {
  if (process.env.TEST_DATABASE_URL) return;
  const hash = createHash('sha256');
  for (const m of readMigrations()) hash.update(m.name).update(m.checksum);
  const dir = path.resolve('data/test');
  const file = path.join(dir, `pglite-template-${hash.digest('hex').slice(0, 16)}.tgz`);
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    const db = await PGlite.create();
    await applyMigrations(pgliteExecutor(db));
    const dump = await db.dumpDataDir('gzip');
    await db.close();
    writeFileSync(file + '.tmp', Buffer.from(await dump.arrayBuffer()));
    renameSync(file + '.tmp', file);
  }
  process.env.DOCSMITH_PGLITE_TEMPLATE = file;
}
