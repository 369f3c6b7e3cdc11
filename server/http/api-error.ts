// The single error shape of the v1 API: {"error": {code, message, request_id, details}}.

export const ERROR_STATUS = {
  invalid_request: 400,
  invalid_json: 400,
  unknown_parameter: 400,
  unauthorized: 401,
  invalid_api_key: 401,
  insufficient_credits: 402,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  idempotency_key_reused: 409,
  gone: 410,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unreadable_file: 422,
  rate_limited: 429,
  internal_error: 500,
  service_unavailable: 503,
  converter_unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export class ApiError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.status = ERROR_STATUS[code];
  }
}

export const notFound = (what = 'resource') => new ApiError('not_found', `${what} not found`);
export const forbidden = (message: string) => new ApiError('forbidden', message);
export const badRequest = (message: string, details?: Record<string, unknown>) =>
  new ApiError('invalid_request', message, details);

export function errorBody(err: ApiError, requestId: string) {
  return {
    error: {
      code: err.code,
      message: err.message,
      request_id: requestId,
      ...(err.details ? { details: err.details } : {}),
    },
  };
}
