// Edit-session problems as API errors (JSON endpoints of the editor). The page shows HTML instead.
import 'server-only';
import { ApiError } from '../http/api-error';
import { EditSessionError } from './open-edit-session';

export function editSessionApiError(err: unknown): unknown {
  if (!(err instanceof EditSessionError)) return err;
  if (err.problem === 'expired') return new ApiError('unauthorized', err.message, { reason: 'edit_session_expired' });
  if (err.problem === 'gone') return new ApiError('gone', err.message);
  // A wrong token, a token of another run or another org's run: indistinguishable from an unknown run.
  return new ApiError('not_found', 'run not found (or the editing link does not belong to it)');
}

/** Runs fn, turning edit-session problems into API errors. */
export async function withEditSessionErrors<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw editSessionApiError(err);
  }
}
