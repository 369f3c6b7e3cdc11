// tRPC for the dashboard: the context is the next-auth session read from the request cookies,
// and our ApiError (status + code) becomes the matching TRPCError, so the dashboard sees the same
// messages and codes as REST clients. Mutations from another site are refused (403 FORBIDDEN,
// apiCode "forbidden"): the session cookie alone must never be enough to change anything.
import 'server-only';
import { initTRPC, TRPCError, type TRPC_ERROR_CODE_KEY } from '@trpc/server';
import { z } from 'zod';
import { getDb } from '../db/client';
import { sessionFromRequest, type SessionPrincipal } from '../auth/session-user';
import { ApiError, forbidden } from '../http/api-error';
import { assertCleanInput } from '../http/check-input-text';
import { crossSiteReason } from '../http/same-origin';
import { env } from '../env';

export interface TrpcContext {
  session: SessionPrincipal | null;
  /** Why the request counts as cross-site (then mutations are refused); null or absent when it does not. */
  crossSite?: string | null;
}

export async function createTrpcContext(opts: { headers: Headers }): Promise<TrpcContext> {
  return { session: await sessionFromRequest(opts.headers), crossSite: crossSiteReason(opts.headers) };
}

const STATUS_TO_TRPC: Record<number, TRPC_ERROR_CODE_KEY> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  402: 'PAYMENT_REQUIRED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_SUPPORTED',
  409: 'CONFLICT',
  // tRPC has no "gone": an expired resource is a failed precondition for the caller.
  410: 'PRECONDITION_FAILED',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'TOO_MANY_REQUESTS',
  503: 'SERVICE_UNAVAILABLE',
};

export function trpcCodeForStatus(status: number): TRPC_ERROR_CODE_KEY {
  return STATUS_TO_TRPC[status] ?? 'INTERNAL_SERVER_ERROR';
}

/** Converts an ApiError thrown by a service into the matching TRPCError (others pass through). */
export function toTrpcError(err: unknown): unknown {
  if (err instanceof ApiError)
    return new TRPCError({ code: trpcCodeForStatus(err.status), message: err.message, cause: err });
  return err;
}

const t = initTRPC.context<TrpcContext>().create({
  errorFormatter({ shape, error }) {
    const cause = error.cause instanceof ApiError ? error.cause : null;
    // Never leak internal error messages to the browser.
    const message =
      error.code === 'INTERNAL_SERVER_ERROR' && !cause ? 'Something went wrong on the server.' : shape.message;
    return {
      ...shape,
      message,
      data: {
        ...shape.data,
        stack: undefined,
        apiCode: cause?.code ?? null,
        details: cause?.details ?? null,
      },
    };
  },
});

const mapApiErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof ApiError) throw toTrpcError(result.error.cause);
  return result;
});

const refuseCrossSiteMutations = t.middleware(async ({ ctx, type, next }) => {
  if (type === 'mutation' && ctx.crossSite) throw toTrpcError(forbidden(ctx.crossSite));
  return next();
});

/** NUL, unpaired surrogates and deep nesting in any input: 400 naming the field, as on the REST API. */
const refuseUnstorableInput = t.middleware(async ({ getRawInput, next }) => {
  // input tRPC cannot parse is left to the procedure (which ignores it when it takes none)
  const raw = await getRawInput().catch(() => undefined);
  try {
    assertCleanInput(raw, 'body', env().MAX_JSON_DEPTH);
  } catch (err) {
    throw toTrpcError(err);
  }
  return next();
});

const requireSession = t.middleware(async ({ ctx, next }) => {
  if (!ctx.session) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'sign in first' });
  return next({ ctx: { session: ctx.session, db: await getDb() } });
});

/** TanStack's infinite queries add `direction` (and `cursor`) to the input of list procedures. */
export const infiniteDirection = z.enum(['forward', 'backward']).optional();

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;
export const publicProcedure = t.procedure.use(mapApiErrors).use(refuseCrossSiteMutations).use(refuseUnstorableInput);
/** A signed-in dashboard user; `ctx.session` is non-null and `ctx.db` is the Prisma client. */
export const protectedProcedure = publicProcedure.use(requireSession);
