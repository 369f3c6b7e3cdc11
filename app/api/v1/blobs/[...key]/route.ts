// Signed-URL downloads of local blobs (no API key: the URL's signature authorizes it).
import { instrumentRoute } from '@/server/http/instrument-route';
import { serveSignedBlob } from '@/server/api/serve-signed-blob';

type Ctx = { params: Promise<{ key: string[] }> };

export const GET = instrumentRoute('/api/v1/blobs/{key}', async (req: Request, ctx: Ctx): Promise<Response> => serveSignedBlob(req, (await ctx.params).key));
export const HEAD = GET;
