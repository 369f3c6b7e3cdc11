#!/usr/bin/env node
// Usage: node tools/prisma-migrate/create-migration.mjs <name>
// Writes prisma/migrations/<UTC timestamp>_<name>/migration.sql with the SQL that takes a database
// from "all existing migrations applied" to prisma/schema.prisma, or prints "no changes".
// Offline equivalent of `prisma migrate dev --create-only`; applying is done by server/db/migrate.ts
// (or `prisma migrate deploy` where Prisma's engines can be downloaded).
import fs from 'node:fs';
import path from 'node:path';
import { diffMigrationsToSchema, ensureDeps, fail, LOCK_TOML, MIGRATIONS, ROOT } from './lib.mjs';

// Same normalisation as Prisma: lower snake case.
const name = (process.argv[2] ?? '').toLowerCase().replace(/[^a-z0-9_]+/g, '_').replace(/^_+|_+$/g, '');
if (!name) fail('usage: create-migration.mjs <name>   (e.g. add_run_tags)');

const t0 = Date.now();
ensureDeps();
const { changed, sql } = diffMigrationsToSchema();
if (!changed) {
  console.log(`no changes (${Date.now() - t0} ms)`);
  process.exit(0);
}

// YYYYMMDDHHMMSS in UTC, as Prisma names its migration folders.
const stamp = new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14);
const dir = path.join(MIGRATIONS, `${stamp}_${name}`);
if (fs.existsSync(dir)) fail(`${dir} already exists`);
fs.mkdirSync(dir, { recursive: true });
fs.writeFileSync(path.join(dir, 'migration.sql'), sql.endsWith('\n') ? sql : `${sql}\n`);
const lock = path.join(MIGRATIONS, 'migration_lock.toml');
if (!fs.existsSync(lock)) fs.writeFileSync(lock, LOCK_TOML);

console.log(`created ${path.relative(ROOT, dir)}/migration.sql (${Date.now() - t0} ms) — review it before committing`);
process.exit(0);
