// The one place that reads process.env. Every setting has a safe default for the embedded mode
// (no services): PGlite in ./data, local blobs, in-process worker, offline model.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const int = (def: number, min = 0) => z.coerce.number().int().min(min).default(def);

export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  /** Folder for the embedded database, local blobs and generated secrets. */
  DATA_DIR: z.string().min(1).default('./data'),
  /** PostgreSQL connection string. Empty: embedded PGlite in DATA_DIR/pglite. */
  DATABASE_URL: z.string().url().optional(),
  /** Apply pending migrations at start-up. Always on for the embedded database. */
  DB_AUTO_MIGRATE: bool.optional(),
  /** Pool size for PostgreSQL connections per app instance. */
  DATABASE_POOL_SIZE: int(10, 1),
  /** Embedded database: run PGlite in its own worker thread (true) or in the request thread (false). */
  PGLITE_THREAD: bool.default(true),
  /** Public base URL of this instance, used in download_url / edit_url and auth callbacks (default http://localhost:$PORT). */
  APP_URL: z.string().url().optional(),
  /** CSP frame-ancestors of the embeddable editor (edit_url): `*` (any site may embed it) or space-separated origins; 'self' is always added. */
  EDITOR_FRAME_ANCESTORS: z
    .string()
    .trim()
    .min(1)
    .regex(/^[^;,]+$/, "space-separated sources such as \"https://app.example.com 'self'\" (no ; or ,)")
    .default('*'),
  /** Secret for session cookies and URL signatures. Generated into DATA_DIR when unset. */
  AUTH_SECRET: z.string().min(32).optional(),
  /** Credits granted to every new organization. */
  SIGNUP_CREDITS: int(1000),
  /** Requests per minute allowed per API key (0 disables rate limiting). */
  RATE_LIMIT_PER_MINUTE: int(300),
  /**
   * How long this process answers repeated polls of an ended task (GET /tasks/{id}) from memory, in
   * milliseconds (0 = every poll reads the database). A new version of the run drops the answer at
   * once on every instance; revoked edit sessions and retention do so at once on the instance
   * where they happen and within this time on the others.
   */
  POLL_CACHE_MS: int(1000).pipe(z.number().max(60_000)),
  /**
   * Reverse proxies in front of the app that each append the address they saw to X-Forwarded-For
   * (nginx `$proxy_add_x_forwarded_for`, Caddy, Traefik…). The client address is the entry the outermost
   * of them wrote: the max(N,1)-th from the right. With 0 (app reached directly) it is the entry Next.js
   * writes from the socket, which a client can forge by sending the header itself: put a proxy in front.
   */
  TRUSTED_PROXIES: int(0).pipe(z.number().max(10)),
  /** Failed API-key attempts (unknown, revoked, expired or malformed keys) per client address per window before 429 (0 disables). */
  API_KEY_FAILURE_LIMIT: int(50),
  API_KEY_FAILURE_WINDOW_SECONDS: int(60, 1).pipe(z.number().max(3600)),
  /** Failed dashboard sign-ins per account (email, existing or not) and per client address per window before 429 (0 disables). */
  LOGIN_FAILURES_PER_ACCOUNT: int(10),
  LOGIN_FAILURES_PER_ADDRESS: int(30),
  LOGIN_FAILURE_WINDOW_SECONDS: int(900, 1).pipe(z.number().max(3600)),
  /** Shortest accepted password; passwords from the shipped common-password list are refused whatever their length. */
  PASSWORD_MIN_LENGTH: int(10, 8).pipe(z.number().max(128)),
  /** Workspaces per user that receive the SIGNUP_CREDITS grant (the first N they create); the personal org gets it at registration. */
  SIGNUP_GRANTED_WORKSPACES: int(1),
  /** Largest JSON request body accepted, in bytes. */
  MAX_JSON_BODY_BYTES: int(1_048_576, 1024),
  /** Deepest nesting of arrays/objects accepted in a request (JSON body, editor documents); deeper answers 400. */
  MAX_JSON_DEPTH: int(64, 8),
  /** CSV exports prefix text cells beginning with = + - @ tab or CR with ' (formula injection); false writes them verbatim. */
  CSV_NEUTRALIZE_FORMULAS: bool.default(true),
  /** Limits of every document parse (uploads, imports, editor loads, exports); over one → 413/422 or the task fails unreadable_file. */
  MAX_UNZIPPED_BYTES: int(536_870_912, 1_048_576),
  MAX_ZIP_PART_BYTES: int(268_435_456, 1_048_576),
  MAX_ZIP_PARTS: int(10_000, 16),
  MAX_COMPRESSION_RATIO: int(1000, 10),
  MAX_XML_DEPTH: int(256, 32),
  MAX_WORKBOOK_CELLS: int(1_000_000, 1000),
  MAX_DECK_SLIDES: int(300, 1),
  MAX_PDF_PAGES: int(500, 1),
  /**
   * Worker threads that read uploads and render files (0: in the request thread), each with this heap
   * cap and this deadline per call. Default: one per CPU beyond the first (at least 1, at most 4), so
   * that the request loop keeps a core.
   */
  DOCUMENT_WORKERS: int(Math.max(1, Math.min(4, availableParallelism() - 1)), 0),
  DOCUMENT_WORKER_MEMORY_MB: int(1536, 64),
  DOCUMENT_WORKER_TIMEOUT_MS: int(120_000, 1000),
  /** Largest image accepted (width × height); a tiny file can declare a huge canvas (decompression bomb). */
  MAX_IMAGE_PIXELS: int(50_000_000, 10_000),
  /** Largest uploaded file (POST /files, POST /images), in bytes; larger uploads answer 413. Default 25 MiB. */
  MAX_UPLOAD_BYTES: int(26_214_400, 1024),
  /** Task executor: in-process worker (default) or Inngest (production, scale-out). */
  EXECUTOR: z.enum(['local', 'inngest']).default('local'),
  /** Inngest (EXECUTOR=inngest): event key, signing key, and dev-server mode. */
  INNGEST_EVENT_KEY: z.string().optional(),
  INNGEST_SIGNING_KEY: z.string().optional(),
  INNGEST_DEV: bool.optional(),
  INNGEST_BASE_URL: z.string().url().optional(),
  /** Tasks running at once per organization under Inngest. */
  INNGEST_ORG_CONCURRENCY: int(4, 1),
  /** Tasks the local worker runs at once per app instance. */
  WORKER_CONCURRENCY: int(2, 1),
  /**
   * EXECUTOR=local: whether this instance's worker claims tasks (`off`: it only serves requests; the
   * other instances of the same PostgreSQL run its tasks). Needs DATABASE_URL when off.
   */
  WORKER: z.enum(['on', 'off']).default('on'),
  /** Lease of a running task; a task whose worker died is picked up again after it. */
  TASK_LEASE_MS: int(30_000, 1000),
  /** Times a task is started: a task whose worker died (lease expired) is run once more, then failed worker_lost (a poison file crashes at most twice). */
  TASK_MAX_ATTEMPTS: int(2, 1),
  /** How long a sync generate call waits before answering 202 (sync_timeout_upgrade_async). */
  SYNC_TIMEOUT_MS: int(300_000, 100),
  /** Days after its last task before a run expires (resume → 410). */
  RUN_RETENTION_DAYS: int(30, 1),
  /** Days after expiry before a run's stored bytes are deleted. */
  RUN_PURGE_AFTER_DAYS: int(30, 0),
  /** EXECUTOR=local: how often the retention sweep runs in the app process. */
  RETENTION_SWEEP_INTERVAL_MS: int(3_600_000, 1000),
  /** EXECUTOR=inngest: the retention sweep's cron schedule. */
  RETENTION_CRON: z.string().min(9).default('TZ=UTC 17 * * * *'),
  /**
   * Editor: quiet time after a run's last editor save before its file is rendered and its memory
   * re-indexed (downloads and exports render a missing file at once anyway). With EXECUTOR=inngest
   * it is the debounce period (whole seconds, at least 1 s).
   */
  EDITOR_SETTLE_MS: int(3_000, 0),
  /** Webhooks: timeout of one delivery attempt (connect + response), in milliseconds. */
  WEBHOOK_TIMEOUT_MS: int(10_000, 100),
  /** Webhooks: attempts per delivery (1 attempt + retries; default 8 = 1 + 7 retries). */
  WEBHOOK_MAX_ATTEMPTS: int(8, 1),
  /** Webhooks: delay before the first retry; retry n waits base × factor^(n-1), capped, ± jitter. */
  WEBHOOK_RETRY_BASE_MS: int(15_000, 1),
  WEBHOOK_RETRY_FACTOR: z.coerce.number().min(1).max(100).default(4),
  /** Webhooks: longest wait between two attempts (also caps a receiver's Retry-After). */
  WEBHOOK_RETRY_MAX_MS: int(43_200_000, 1),
  /** Webhooks: random spread of each retry delay, as a fraction (0.2 = ±20 %). */
  WEBHOOK_RETRY_JITTER: z.coerce.number().min(0).max(0.9).default(0.2),
  /** Webhooks: how often the local delivery loop looks for due deliveries (EXECUTOR=local). */
  WEBHOOK_POLL_MS: int(1_000, 10),
  /** Webhooks: allow URLs on loopback addresses (127.0.0.0/8, ::1, localhost). Off by default (SSRF guard). */
  WEBHOOK_ALLOW_LOOPBACK: bool.default(false),
  /** Webhooks: allow private-network URLs (10/8, 172.16/12, 192.168/16, fc00::/7, 100.64/10). Off by default. */
  WEBHOOK_ALLOW_PRIVATE_NETWORKS: bool.default(false),
  /** Webhooks: allow plain http:// URLs (default: allowed except when NODE_ENV=production). */
  WEBHOOK_ALLOW_HTTP: bool.optional(),
  /** Allow email + password registration (POST /api/auth/register and the sign-up page). */
  ALLOW_REGISTRATION: bool.default(true),
  /** Optional OAuth sign-in providers, enabled when both values are set. */
  GITHUB_CLIENT_ID: z.string().optional(),
  GITHUB_CLIENT_SECRET: z.string().optional(),
  GOOGLE_CLIENT_ID: z.string().optional(),
  GOOGLE_CLIENT_SECRET: z.string().optional(),
  /** Port of `npm run dev` / `npm start` (also the default APP_URL's port). */
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /**
   * Bearer token that GET /api/metrics (Prometheus text format) requires (`Authorization: Bearer …`).
   * Unset: the endpoint answers 404, as if it did not exist.
   */
  METRICS_TOKEN: z.string().min(16, 'at least 16 characters (e.g. `openssl rand -hex 24`)').optional(),
  /**
   * OpenTelemetry: base URL of an OTLP/HTTP collector (traces go to <url>/v1/traces). Unset: no
   * tracing SDK is loaded at all.
   */
  OTEL_EXPORTER_OTLP_ENDPOINT: z.string().url().regex(/^https?:\/\//, 'must start with http:// or https://').optional(),
  /** OTLP/HTTP encoding: `http/protobuf` (the OpenTelemetry default) or `http/json`. */
  OTEL_EXPORTER_OTLP_PROTOCOL: z.enum(['http/protobuf', 'http/json']).default('http/protobuf'),
  /** Headers sent with every export, `key=value` pairs separated by commas (e.g. `authorization=Bearer abc`). */
  OTEL_EXPORTER_OTLP_HEADERS: z
    .string()
    .regex(/^\s*[^=,\s]+\s*=[^,]*(,\s*[^=,\s]+\s*=[^,]*)*$/, 'comma-separated key=value pairs')
    .optional(),
  /** service.name of the exported spans. */
  OTEL_SERVICE_NAME: z.string().min(1).default('docsmith'),
  /** Share of new traces recorded (0–1); a request that arrives with a sampled traceparent is always recorded. */
  OTEL_TRACES_SAMPLER_ARG: z.coerce.number().min(0).max(1).default(1),
  /** Agent model provider: `offline` (built-in deterministic model, no key), `openai`, `anthropic` or `openai-compatible`. */
  AI_PROVIDER: z.enum(['offline', 'openai', 'anthropic', 'openai-compatible']).default('offline'),
  /** Model id (default gpt-4.1-mini for openai, claude-sonnet-4-5 for anthropic); required for openai-compatible. */
  AI_MODEL: z.string().min(1).optional(),
  /** Provider API base URL (e.g. http://127.0.0.1:11434/v1 for Ollama); required for openai-compatible, optional for openai/anthropic. */
  AI_BASE_URL: z.string().url().regex(/^https?:\/\//, 'must start with http:// or https://').optional(),
  /** Provider API key; when empty, OPENAI_API_KEY (openai, openai-compatible) or ANTHROPIC_API_KEY (anthropic) is used. */
  AI_API_KEY: z.string().optional(),
  /** Fallback API key for AI_PROVIDER=openai / openai-compatible. */
  OPENAI_API_KEY: z.string().optional(),
  /** Fallback API key for AI_PROVIDER=anthropic. */
  ANTHROPIC_API_KEY: z.string().optional(),
  /** Most model calls (agent turns) one task may make. */
  AI_MAX_TURNS: int(24, 1),
  /** Timeout of one model call, in milliseconds. */
  AI_TIMEOUT_MS: int(120_000, 1000),
  /** Review rounds after the model says it is done: the result is inspected and what is found is handed back to fix (0: no review). */
  AI_REVIEW_ROUNDS: int(2, 0),
  /** One review round also attaches PNG renders of the pages/slides (providers that accept images: openai, anthropic; needs LibreOffice). */
  AI_VISUAL_REVIEW: bool.default(false),
  /** LibreOffice `soffice` binary for pdf/odt/odp/png exports. Empty: /usr/bin/soffice, /usr/local/bin/soffice or /opt/libreoffice/program/soffice. */
  SOFFICE_PATH: z.string().min(1).optional(),
  /** Python 3 with the UNO bridge (Debian python3-uno) that drives the warm LibreOffice listeners. */
  EXPORT_PYTHON: z.string().min(1).default('/usr/bin/python3'),
  /** GET /api/ready also requires LibreOffice (set it where pdf/png/docx exports must work before traffic arrives). */
  READY_CHECK_LIBREOFFICE: bool.default(false),
  /** Production: once listening, load every API route's code (OPTIONS to itself) before GET /api/ready says ready. */
  WARM_UP: bool.default(true),
  /** Production: one full garbage collection when the process turns idle after its heap grew (memory goes back after a burst). */
  IDLE_GC: bool.default(true),
  /** Warm LibreOffice listeners (one conversion at a time each); started on the first export, not at start-up. */
  EXPORT_POOL_SIZE: int(2, 1),
  /** Longest one LibreOffice conversion may take; past it the listener is killed and restarted. */
  EXPORT_TIMEOUT_MS: int(60_000, 1000),
  /** A listener is restarted after this many conversions (LibreOffice grows with use). */
  EXPORT_RECYCLE_AFTER: int(100, 1),
  /** A LibreOffice listener idle this long is stopped (the next export starts one again); 0 keeps them running. */
  EXPORT_IDLE_MS: int(600_000, 0),
  /** Blob storage: `local` (files in DATA_DIR/blobs, served by signed app URLs) or `s3` (S3-compatible bucket). */
  STORAGE_DRIVER: z.enum(['local', 's3']).default('local'),
  /** Lifetime of signed download URLs, in seconds (default 24 h, at most 7 days). */
  SIGNED_URL_TTL_SECONDS: z.coerce.number().int().min(1).max(604_800).default(86_400),
  /** S3 bucket name; required with STORAGE_DRIVER=s3. */
  S3_BUCKET: z.string().min(3).max(63).optional(),
  /** S3 region (any value works for most S3-compatible servers). */
  S3_REGION: z.string().min(1).default('us-east-1'),
  /** S3 endpoint URL for S3-compatible services (MinIO, R2, …). Empty: AWS. */
  S3_ENDPOINT: z.string().url().regex(/^https?:\/\//, 'must start with http:// or https://').optional(),
  /** S3 credentials. Empty: the AWS default credential chain (environment, instance role, …). */
  S3_ACCESS_KEY_ID: z.string().optional(),
  S3_SECRET_ACCESS_KEY: z.string().optional(),
  /** Path-style bucket URLs (endpoint/bucket/key), needed by MinIO and most self-hosted servers. */
  S3_FORCE_PATH_STYLE: bool.default(false),
  /** Key prefix inside the bucket (e.g. `docsmith/`), so one bucket can hold several instances. */
  S3_PREFIX: z
    .string()
    .regex(/^([A-Za-z0-9_][A-Za-z0-9._-]*\/)*$/, 'slash-separated folder names ending with "/" (e.g. "docsmith/")')
    .default(''),
});

export type Env = Omit<z.infer<typeof envSchema>, 'APP_URL'> & {
  APP_URL: string;
  AUTH_SECRET: string;
  DATA_DIR: string;
  DB_AUTO_MIGRATE: boolean;
  embeddedDatabase: boolean;
};

function emptyToUndefined(source: Record<string, string | undefined>): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(source)) out[k] = v === '' ? undefined : v;
  return out;
}

/** Reads the generated secret from DATA_DIR, creating it on first start. */
function persistedSecret(dataDir: string): string {
  const file = path.join(dataDir, 'secret.key');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, secret + '\n', { mode: 0o600, flag: 'wx' });
  return secret;
}

/** Why the model provider settings cannot work, or undefined when they can. */
export function aiConfigProblem(e: z.infer<typeof envSchema>): string | undefined {
  if (e.AI_PROVIDER === 'openai' && !(e.AI_API_KEY ?? e.OPENAI_API_KEY)) return 'AI_API_KEY: required when AI_PROVIDER=openai (or set OPENAI_API_KEY)';
  if (e.AI_PROVIDER === 'anthropic' && !(e.AI_API_KEY ?? e.ANTHROPIC_API_KEY)) return 'AI_API_KEY: required when AI_PROVIDER=anthropic (or set ANTHROPIC_API_KEY)';
  if (e.AI_PROVIDER === 'openai-compatible' && !e.AI_BASE_URL) return 'AI_BASE_URL: required when AI_PROVIDER=openai-compatible (e.g. http://127.0.0.1:11434/v1)';
  if (e.AI_PROVIDER === 'openai-compatible' && !e.AI_MODEL) return 'AI_MODEL: required when AI_PROVIDER=openai-compatible';
  return undefined;
}

export function loadEnv(source: Record<string, string | undefined> = process.env): Env {
  const parsed = envSchema.safeParse(emptyToUndefined(source));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const dataDir = path.resolve(e.DATA_DIR);
  const embeddedDatabase = !e.DATABASE_URL;
  if (e.NODE_ENV === 'production' && !e.AUTH_SECRET && !embeddedDatabase) {
    throw new Error('Invalid configuration:\n  AUTH_SECRET: required in production with DATABASE_URL (shared by all instances)');
  }
  if (e.STORAGE_DRIVER === 's3' && !e.S3_BUCKET) {
    throw new Error('Invalid configuration:\n  S3_BUCKET: required when STORAGE_DRIVER=s3');
  }
  if (e.WORKER === 'off' && e.EXECUTOR === 'local' && embeddedDatabase) {
    throw new Error(
      'Invalid configuration:\n  WORKER: off needs DATABASE_URL (the embedded database serves one process, so no other instance would run the tasks)',
    );
  }
  const aiProblem = aiConfigProblem(e);
  if (aiProblem) throw new Error(`Invalid configuration:\n  ${aiProblem}`);
  if (!e.S3_ACCESS_KEY_ID !== !e.S3_SECRET_ACCESS_KEY) {
    throw new Error('Invalid configuration:\n  S3_ACCESS_KEY_ID / S3_SECRET_ACCESS_KEY: set both or neither');
  }
  return {
    ...e,
    DATA_DIR: dataDir,
    APP_URL: (e.APP_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, ''),
    AUTH_SECRET: e.AUTH_SECRET ?? persistedSecret(dataDir),
    DB_AUTO_MIGRATE: embeddedDatabase ? true : (e.DB_AUTO_MIGRATE ?? false),
    embeddedDatabase,
  };
}

let cached: Env | undefined;

/** The validated configuration (read once per process). */
export function env(): Env {
  if (!cached) {
    cached = loadEnv();
    // next-auth reads these two from process.env itself.
    process.env.NEXTAUTH_URL ??= cached.APP_URL;
    process.env.NEXTAUTH_SECRET ??= cached.AUTH_SECRET;
  }
  return cached;
}

/** Tests only: forget the cached configuration. */
export function resetEnvForTests(): void {
  cached = undefined;
}
