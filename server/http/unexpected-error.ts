// What a request answers when its handler threw: an ApiError as it is; 503 service_unavailable
// while the database is unreachable (logged at most once per 10 s by databaseUnavailableError);
// anything else a logged internal_error that names the request id.
import { log } from '../log';
import { ApiError } from './api-error';
import { databaseUnavailableError, isDatabaseUnavailable } from './database-unavailable';

export function asApiError(err: unknown, requestId: string, path: string): ApiError {
  if (err instanceof ApiError) return err;
  if (isDatabaseUnavailable(err)) return databaseUnavailableError(err);
  log().error({ err, requestId, path }, 'unhandled error');
  return new ApiError('internal_error', `internal error; quote request id ${requestId} when reporting it`);
}
