#!/usr/bin/env node
// Usage: node tools/prisma-migrate/check-drift.mjs
// Exit 0 + "no drift" when applying prisma/migrations yields exactly prisma/schema.prisma;
// exit 1 + the SQL that is missing otherwise (run create-migration.mjs to add it); exit 2 on error.
import { diffMigrationsToSchema, ensureDeps } from './lib.mjs';

const t0 = Date.now();
ensureDeps();
const { changed, sql } = diffMigrationsToSchema();
if (!changed) {
  console.log(`no drift (${Date.now() - t0} ms)`);
  process.exit(0);
}
console.log('drift: prisma/migrations does not produce prisma/schema.prisma. Missing SQL:\n');
console.log(sql.trimEnd());
console.log('\nFix: node tools/prisma-migrate/create-migration.mjs <name>   (or npm run db:migration:create -- <name>)');
process.exit(1);
