// EXECUTOR=inngest: settles a run once its editor saves stop arriving (Inngest debounce per run;
// a continuous stream of saves still settles at least once a minute).
import 'server-only';
import { getDb } from '../db/client';
import { env } from '../env';
import { inngest, RUN_EDITED_EVENT } from '../inngest/inngest-client';
import { settleEditedRun } from './settle-edited-run';

export const settleEditedRunFunction = inngest.createFunction(
  {
    id: 'settle-edited-run',
    name: 'Render and re-index a run after editing goes quiet',
    triggers: [{ event: RUN_EDITED_EVENT }],
    debounce: { key: 'event.data.runId', period: `${Math.max(1, Math.ceil(env().EDITOR_SETTLE_MS / 1000))}s`, timeout: '1m' },
  },
  async ({ event, step }) => step.run('settle', async () => settleEditedRun(await getDb(), (event.data as { runId: string }).runId)),
);
