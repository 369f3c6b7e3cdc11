// Prisma CLI configuration (generate). Migrations are applied by server/db/migrate.ts, which needs
// no Prisma engine; see README "Database".
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://localhost:5432/docsmith' },
});
