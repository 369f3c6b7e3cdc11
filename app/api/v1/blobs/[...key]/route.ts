// Signed-URL downloads of local blobs (no API key: the URL's signature authorizes it).
import { serveSignedBlob } from '@/server/storage/serve-signed-blob';

type Ctx = { params: Promise<{ key: string[] }> };

export const GET = async (req: Request, ctx: Ctx): Promise<Response> => serveSignedBlob(req, (await ctx.params).key);
export const HEAD = GET;
