import { createCallerFactory, createTRPCRouter } from './init';
import { apiKeysRouter } from './routers/api-keys';
import { orgsRouter } from './routers/orgs';

export const appRouter = createTRPCRouter({
  orgs: orgsRouter,
  apiKeys: apiKeysRouter,
});

export type AppRouter = typeof appRouter;

/** Server-side caller (server components, tests). */
export const createCaller = createCallerFactory(appRouter);
