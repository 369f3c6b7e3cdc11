// Unknown v1 paths answer in the API's error shape rather than with an HTML page.
import { ApiError, errorBody } from '@/server/http/api-error';
import { instrumentRoute } from '@/server/http/instrument-route';
import { newRequestId } from '@/server/http/request-id';

const notFound = instrumentRoute('/api/v1/{unknown}', (req: Request) => {
  const requestId = newRequestId();
  const err = new ApiError('not_found', `no such endpoint: ${req.method} ${new URL(req.url).pathname}`);
  return Response.json(errorBody(err, requestId), { status: 404, headers: { 'X-Request-Id': requestId } });
});

export { notFound as GET, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE };
