import 'server-only';
import { createCallerFactory, createTRPCRouter } from './init';
import { apiKeysRouter } from './routers/api-keys';
import { imagesRouter } from './routers/images';
import { membersRouter } from './routers/members';
import { orgsRouter } from './routers/orgs';
import { runsRouter } from './routers/runs';
import { usageRouter } from './routers/usage';
import { webhooksRouter } from './routers/webhooks';

export const appRouter = createTRPCRouter({
  orgs: orgsRouter,
  apiKeys: apiKeysRouter,
  runs: runsRouter,
  images: imagesRouter,
  usage: usageRouter,
  members: membersRouter,
  webhooks: webhooksRouter,
});

export type AppRouter = typeof appRouter;

/** Server-side caller (server components, tests). */
export const createCaller = createCallerFactory(appRouter);
