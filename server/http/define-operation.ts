// An operation is the contract of one v1 route: method, path, auth, zod schemas for input and
// output. withApi() enforces it at run time and the OpenAPI document is generated from it.
import type { z } from 'zod';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type AuthMode = 'apiKey' | 'session' | 'none';

export interface ResponseDef {
  description: string;
  schema?: z.ZodType;
  /** Defaults to application/json when a schema is given. */
  contentType?: string;
  headers?: Record<string, { description: string }>;
}

/** A named example of a request body or a response, shown by the reference page and its "try it". */
export interface ExampleDef<T = unknown> {
  summary: string;
  value: T;
}

export interface OperationDef<
  B extends z.ZodType | undefined = z.ZodType | undefined,
  Q extends z.ZodType | undefined = z.ZodType | undefined,
  P extends z.ZodType | undefined = z.ZodType | undefined,
  A extends AuthMode = AuthMode,
> {
  method: HttpMethod;
  /** OpenAPI path under /api/v1, e.g. "/organizations/{org_id}/api-keys". */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  auth: A;
  body?: B;
  /** A multipart/form-data request, documented only: the service reads and checks the parts itself. */
  form?: z.ZodType;
  query?: Q;
  params?: P;
  responses: Record<number, ResponseDef>;
  /** Largest accepted body in bytes (default MAX_JSON_BODY_BYTES). */
  maxBodyBytes?: number;
  /**
   * Honour the Idempotency-Key header (POST): a retry with the same key and body gets the first
   * 2xx response replayed. `waitMs`: how long a concurrent duplicate waits for the first to finish.
   */
  idempotent?: { waitMs: number };
  /**
   * Named examples for the OpenAPI document: of the JSON request body and of responses by status.
   * openapi-examples.test.ts checks that each one parses with the schema it illustrates.
   */
  examples?: {
    request?: Record<string, ExampleDef<B extends z.ZodType ? z.input<B> : never>>;
    responses?: Record<number, Record<string, ExampleDef>>;
  };
  /** Marks the operation deprecated: responses carry X-Deprecated and Sunset headers. */
  deprecated?: { sunset: Date; link?: string };
}

export function defineOperation<
  B extends z.ZodType | undefined = undefined,
  Q extends z.ZodType | undefined = undefined,
  P extends z.ZodType | undefined = undefined,
  const A extends AuthMode = AuthMode,
>(op: OperationDef<B, Q, P, A>): OperationDef<B, Q, P, A> {
  return op;
}
