// The Docsmith client: typed calls over openapi-fetch, scoped to one API key and one base URL.
// Every method returns the response body of the API's 2xx answer and throws DocsmithApiError
// otherwise; `api` is the raw typed client for any other endpoint of the OpenAPI document.
import createClient, { type Client } from 'openapi-fetch';
import { DocsmithApiError } from './errors';
import type { components, paths } from './generated/openapi';
import { pollUntilDone, type Task, type WaitForTaskOptions } from './wait-for-task';

type Schemas = components['schemas'];
export type GenerateRequest = Schemas['GenerateRequest'];
export type SlidesGenerateRequest = Schemas['SlidesGenerateRequest'];
export type TextGenerateRequest = Schemas['TextGenerateRequest'];
export type GenerateResponse = Schemas['GenerateResponse'];
export type RunList = Schemas['RunList'];
export type Run = Schemas['Run'];
export type ExportRequest = Schemas['ExportRequest'];
export type ExportResult = Schemas['Export'];
export type UploadedFile = Schemas['File'];
export type ListRunsQuery = NonNullable<paths['/runs']['get']['parameters']['query']>;

export interface DocsmithClientOptions {
  /** The app's address, e.g. https://docsmith.example.com (with or without the /api/v1 suffix). */
  baseUrl: string;
  /** An API key (dsk_…), sent as X-API-Key. */
  apiKey: string;
  /** A fetch implementation (default: the global fetch). */
  fetch?: typeof fetch;
}

export interface CallOptions {
  /** Idempotency-Key: a retry with the same key and body gets the first answer; the task runs once. */
  idempotencyKey?: string;
  signal?: AbortSignal;
}

/** A downloaded file. */
export interface DownloadedFile {
  bytes: Uint8Array;
  contentType: string | null;
  /** From Content-Disposition, when the server sent one. */
  fileName: string | null;
}

function apiRoot(baseUrl: string): string {
  const trimmed = baseUrl.replace(/\/+$/, '');
  return trimmed.endsWith('/api/v1') ? trimmed : `${trimmed}/api/v1`;
}

function fileNameOf(res: Response): string | null {
  const cd = res.headers.get('content-disposition') ?? '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(cd);
  if (star?.[1]) return decodeURIComponent(star[1]);
  return /filename="([^"]*)"/i.exec(cd)?.[1] ?? null;
}

/** The body of a 2xx answer, or DocsmithApiError. */
async function unwrap<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok) throw new DocsmithApiError(response.status, error);
  return data as T;
}

export function createDocsmithClient(options: DocsmithClientOptions) {
  const fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
  const root = apiRoot(options.baseUrl);
  const api: Client<paths> = createClient<paths>({
    baseUrl: root,
    fetch: fetchImpl,
    headers: { 'X-API-Key': options.apiKey },
  });

  const headersOf = (o?: CallOptions) => (o?.idempotencyKey ? { 'Idempotency-Key': o.idempotencyKey } : {});

  /** A signed URL (download_url of a task, a run or an export): no API key is sent with it. */
  async function downloadUrl(url: string, signal?: AbortSignal): Promise<DownloadedFile> {
    const res = await fetchImpl(url, { signal });
    if (!res.ok) throw new DocsmithApiError(res.status, await res.json().catch(() => undefined));
    return {
      bytes: new Uint8Array(await res.arrayBuffer()),
      contentType: res.headers.get('content-type'),
      fileName: fileNameOf(res),
    };
  }

  const getTask = (taskId: string, o?: { signal?: AbortSignal }): Promise<Task> =>
    unwrap(api.GET('/tasks/{task_id}', { params: { path: { task_id: taskId } }, signal: o?.signal }));

  return {
    /** The raw typed openapi-fetch client (every endpoint of /api/v1/openapi.json). */
    api,
    generate: {
      /** POST /excel/generate: a new workbook, or resume one with run_id. */
      excel: (body: GenerateRequest, o?: CallOptions): Promise<GenerateResponse> =>
        unwrap(api.POST('/excel/generate', { body, headers: headersOf(o), signal: o?.signal })),
      /** POST /word/generate. */
      word: (body: GenerateRequest, o?: CallOptions): Promise<GenerateResponse> =>
        unwrap(api.POST('/word/generate', { body, headers: headersOf(o), signal: o?.signal })),
      /** POST /slides/generate (with an optional outline from POST /slides/outline). */
      slides: (body: SlidesGenerateRequest, o?: CallOptions): Promise<GenerateResponse> =>
        unwrap(api.POST('/slides/generate', { body, headers: headersOf(o), signal: o?.signal })),
      /** POST /text/generate: plain text in `text`, no file. */
      text: (body: TextGenerateRequest, o?: CallOptions): Promise<GenerateResponse> =>
        unwrap(api.POST('/text/generate', { body, headers: headersOf(o), signal: o?.signal })),
    },
    /** GET /tasks/{task_id}. */
    getTask,
    /** POST /tasks/{task_id}/cancel. */
    cancelTask: (taskId: string): Promise<Task> =>
      unwrap(api.POST('/tasks/{task_id}/cancel', { params: { path: { task_id: taskId } } })),
    /** Polls the task until it is completed, failed, cancelled or expired. */
    waitForTask: (taskId: string, o?: WaitForTaskOptions): Promise<Task> =>
      pollUntilDone((id) => getTask(id, { signal: o?.signal }), taskId, o),
    runs: {
      /** GET /runs: newest first; pass next_cursor as cursor for the next page. */
      list: (query: ListRunsQuery = {}): Promise<RunList> => unwrap(api.GET('/runs', { params: { query } })),
      /** GET /runs/{run_id}: with a fresh download_url and edit_url. */
      get: (runId: string, query: { edit_mode?: 'edit' | 'view' } = {}): Promise<Run> =>
        unwrap(api.GET('/runs/{run_id}', { params: { path: { run_id: runId }, query } })),
      /** POST /runs/{run_id}/export: the current document in another format (pdf, csv, png, html, …). */
      export: (runId: string, body: ExportRequest): Promise<ExportResult> =>
        unwrap(api.POST('/runs/{run_id}/export', { params: { path: { run_id: runId } }, body })),
      /**
       * The run's current file. GET /runs/{run_id}/download answers a redirect to a signed URL; the
       * file is fetched from there without the API key (which never goes to the storage host).
       */
      download: async (runId: string, o?: { signal?: AbortSignal }): Promise<DownloadedFile> => {
        const res = await fetchImpl(`${root}/runs/${encodeURIComponent(runId)}/download`, {
          headers: { 'X-API-Key': options.apiKey },
          redirect: 'manual',
          signal: o?.signal,
        });
        const location = res.headers.get('location');
        if (res.status >= 300 && res.status < 400 && location)
          return downloadUrl(new URL(location, root).toString(), o?.signal);
        if (res.type === 'opaqueredirect') {
          // browsers hide a manual redirect's Location: take the run's signed URL instead
          const run = await unwrap(
            api.GET('/runs/{run_id}', { params: { path: { run_id: runId }, query: { edit_mode: 'view' } } }),
          );
          if (run.download_url) return downloadUrl(run.download_url, o?.signal);
        }
        throw new DocsmithApiError(res.status, await res.json().catch(() => undefined));
      },
    },
    files: {
      /** POST /files (multipart): source material for file_ids, or a workbook for /excel/analyze. */
      upload: (file: Blob, fileName: string): Promise<UploadedFile> => {
        const form = new FormData();
        form.append('file', file, fileName);
        return unwrap(
          api.POST('/files', {
            body: form as unknown as Schemas['UploadFileForm'],
            bodySerializer: (b) => b as unknown as FormData,
          }),
        );
      },
    },
    /** Fetches a signed URL from a task result, a run or an export. */
    downloadUrl,
  };
}

export type DocsmithClient = ReturnType<typeof createDocsmithClient>;
