// Errors the SDK throws: the API's one error shape as an exception, and a task that did not end in time.
import type { components } from './generated/openapi';

type ErrorBody = components['schemas']['Error'];

/** A non-2xx answer: `code` is the API's stable error code (not_found, insufficient_credits, …). */
export class DocsmithApiError extends Error {
  override name = 'DocsmithApiError';
  readonly status: number;
  readonly code: string;
  readonly requestId: string | undefined;
  readonly details: Record<string, unknown> | undefined;

  constructor(status: number, body: unknown) {
    const err = (body as Partial<ErrorBody> | undefined)?.error;
    super(err?.message ?? `HTTP ${status}`);
    this.status = status;
    this.code = err?.code ?? `http_${status}`;
    this.requestId = err?.request_id;
    this.details = err?.details;
  }
}

/** waitForTask gave up: the task is still queued or running (it goes on; poll again or cancel it). */
export class TaskWaitTimeoutError extends Error {
  override name = 'TaskWaitTimeoutError';
  constructor(
    readonly taskId: string,
    readonly lastStatus: string,
    timeoutMs: number,
  ) {
    super(`task ${taskId} is still ${lastStatus} after ${timeoutMs} ms`);
  }
}
