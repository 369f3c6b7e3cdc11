import type { Db } from '../db/client';

/** Row count of every application table: lets tests assert that a rejected request wrote nothing. */
export async function rowCounts(db: Db): Promise<Record<string, number>> {
  const tables = await db.$queryRaw<{ table_name: string }[]>`
    SELECT table_name FROM information_schema.tables
    WHERE table_schema = 'public' AND table_type = 'BASE TABLE'
      AND table_name NOT IN ('_prisma_migrations', 'RateLimitBucket')
    ORDER BY table_name`;
  const out: Record<string, number> = {};
  for (const { table_name } of tables) {
    const r = await db.$queryRawUnsafe<{ n: bigint | number }[]>(`SELECT count(*) AS n FROM "${table_name}"`);
    out[table_name] = Number(r[0]?.n ?? 0);
  }
  return out;
}

/** Every value stored in every table, as JSON text (for "no secret stored" checks). */
export async function dumpAllRows(db: Db): Promise<string> {
  const tables = await db.$queryRaw<{ table_name: string }[]>`
    SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`;
  const parts: string[] = [];
  for (const { table_name } of tables) {
    const rows = await db.$queryRawUnsafe<{ j: unknown }[]>(`SELECT row_to_json(t)::text AS j FROM "${table_name}" t`);
    parts.push(...rows.map((r) => String(r.j)));
  }
  return parts.join('\n');
}
