// Image upload for the dashboard: the same service as POST /api/v1/images (multipart, content-based
// type check, MAX_UPLOAD_BYTES), authenticated by the next-auth session as a member of the org;
// cross-site requests are refused (403) before the session is read.
import { orgActor } from '@/server/auth/org-actor';
import { sessionFromRequest } from '@/server/auth/session-user';
import { getDb } from '@/server/db/client';
import { storeImageUpload } from '@/server/files/store-upload';
import { ApiError, errorBody } from '@/server/http/api-error';
import { instrumentRoute } from '@/server/http/instrument-route';
import { newRequestId } from '@/server/http/request-id';
import { sameOriginOnly } from '@/server/http/same-origin';
import { log } from '@/server/log';

async function uploadImage(req: Request, ctx: { params: Promise<{ org_id: string }> }): Promise<Response> {
  const requestId = newRequestId();
  try {
    const session = await sessionFromRequest(req.headers);
    if (!session) throw new ApiError('unauthorized', 'sign in first');
    const db = await getDb();
    const actor = await orgActor(db, session, (await ctx.params).org_id);
    const image = await storeImageUpload(db, actor.orgId, req);
    return Response.json(image, { status: 201, headers: { 'X-Request-Id': requestId } });
  } catch (err) {
    const apiErr = err instanceof ApiError ? err : new ApiError('internal_error', 'the upload failed');
    if (!(err instanceof ApiError)) log().error({ err, requestId }, 'dashboard image upload failed');
    return Response.json(errorBody(apiErr, requestId), { status: apiErr.status, headers: { 'X-Request-Id': requestId, ...apiErr.headers } });
  }
}

export const POST = instrumentRoute('/api/dashboard/orgs/{org_id}/images', sameOriginOnly(uploadImage));
