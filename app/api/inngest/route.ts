// Inngest's serve endpoint (EXECUTOR=inngest only; 404 otherwise).
import { env } from '@/server/env';
import { instrumentRoute } from '@/server/http/instrument-route';

type Handler = (req: Request, ctx: unknown) => Promise<Response>;
let handlers: Promise<{ GET: Handler; POST: Handler; PUT: Handler }> | undefined;

async function load() {
  const [{ serve }, { inngest }, { inngestFunctions }] = await Promise.all([
    import('inngest/next'),
    import('@/server/inngest/inngest-client'),
    import('@/server/jobs/inngest-functions'),
  ]);
  return serve({ client: inngest, functions: inngestFunctions }) as unknown as { GET: Handler; POST: Handler; PUT: Handler };
}

function route(method: 'GET' | 'POST' | 'PUT'): Handler {
  return instrumentRoute('/api/inngest', async (req: Request, ctx: unknown) => {
    if (env().EXECUTOR !== 'inngest') return new Response('Not found', { status: 404 });
    handlers ??= load();
    return (await handlers)[method](req, ctx);
  });
}

export const GET = route('GET');
export const POST = route('POST');
export const PUT = route('PUT');
