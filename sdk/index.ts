// Docsmith TypeScript SDK: a typed client generated from /api/v1/openapi.json (openapi-typescript +
// openapi-fetch), waitForTask, and Standard Webhooks verification. See README "TypeScript SDK".
export { createDocsmithClient } from './create-client';
export type {
  CallOptions,
  DocsmithClient,
  DocsmithClientOptions,
  DownloadedFile,
  ExportRequest,
  ExportResult,
  GenerateRequest,
  GenerateResponse,
  ListRunsQuery,
  Run,
  RunList,
  SlidesGenerateRequest,
  TextGenerateRequest,
  UploadedFile,
} from './create-client';
export { DocsmithApiError, TaskWaitTimeoutError } from './errors';
export type { components, operations, paths } from './generated/openapi';
export type { Task, WaitForTaskOptions } from './wait-for-task';
export {
  signWebhook,
  verifyWebhookSignature,
  WEBHOOK_HEADERS,
  WebhookSignatureError,
  type DocsmithWebhookEvent,
} from './webhooks';
