// `npm run db:migrate`: applies pending migrations to DATABASE_URL (PostgreSQL), or to the
// embedded database when DATABASE_URL is unset.
import path from 'node:path';
import { env } from '../env';
import { migratePostgres, openPglite } from './client';

async function main() {
  const e = env();
  if (e.DATABASE_URL) {
    const r = await migratePostgres(e.DATABASE_URL);
    console.log(`applied ${r.applied.length} migration(s)${r.applied.length ? ': ' + r.applied.join(', ') : ''}; ${r.alreadyApplied} already applied`);
  } else {
    const h = await openPglite(path.join(e.DATA_DIR, 'pglite'));
    await h.close();
    console.log(`embedded database in ${e.DATA_DIR}/pglite is up to date`);
  }
}

main().then(
  () => process.exit(0),
  (err: Error) => {
    console.error(`migration failed: ${err.message}`);
    process.exit(1);
  },
);
