// EXECUTOR=inngest: the retention sweep as an Inngest cron (hourly), the same enforceRetention the
// local timer calls.
import 'server-only';
import { getDb } from '../db/client';
import { env } from '../env';
import { inngest } from '../inngest/inngest-client';
import { enforceRetention } from './enforce-retention';

export const retentionFunction = inngest.createFunction(
  {
    id: 'enforce-retention',
    name: 'Expire and purge old runs',
    triggers: [{ cron: env().RETENTION_CRON }],
    concurrency: [{ limit: 1 }],
  },
  async ({ step }) => step.run('sweep', async () => enforceRetention(await getDb())),
);
