// The process's Prometheus registry and every Docsmith metric in it. Next's production build
// compiles instrumentation.ts (which starts the task worker) and each route handler into separate
// bundles, each with its own copy of this module: a registry kept in a module variable would exist
// once per bundle, and /api/metrics would see only its own bundle's counts. So the registry lives on
// globalThis under a registered Symbol and every bundle of the process records into the same one.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { readDatabaseGauges } from './database-gauges';

/** What the export pool reports when scraped (see export-metrics.ts). */
export interface ExportPoolReading {
  maxListeners: number;
  busy: number;
  idle: number;
  queued: number;
}

export interface DocsmithMetrics {
  registry: Registry;
  httpRequests: Counter<'method' | 'route' | 'status'>;
  httpDuration: Histogram<'method' | 'route' | 'status'>;
  tasksEnded: Counter<'kind' | 'state'>;
  taskDuration: Histogram<'kind' | 'state'>;
  creditsDebited: Counter<'kind'>;
  webhookAttempts: Counter<'outcome'>;
  exportConversions: Counter<'converter'>;
  /** Set by the export pool's module (any bundle's: the pool itself is process-wide). */
  exportPool: { read: (() => ExportPoolReading) | undefined };
}

const KEY = Symbol.for('docsmith.metrics');

function create(): DocsmithMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const exportPool: DocsmithMetrics['exportPool'] = { read: undefined };

  // Deployment-wide gauges read from the database at scrape time (indexed counts); NaN when it
  // does not answer.
  new Gauge({
    name: 'docsmith_task_queue_depth',
    help: 'Tasks queued and not yet started (whole deployment, read from the database)',
    registers: [registry],
    async collect() {
      const g = await readDatabaseGauges();
      this.set(g ? g.queued : NaN);
    },
  });
  new Gauge({
    name: 'docsmith_task_queue_oldest_age_seconds',
    help: 'Age of the oldest queued task, 0 when none is queued (whole deployment)',
    registers: [registry],
    async collect() {
      const g = await readDatabaseGauges();
      this.set(g ? g.oldestQueuedSeconds : NaN);
    },
  });
  new Gauge({
    name: 'docsmith_tasks_running',
    help: 'Tasks running now (whole deployment, read from the database)',
    registers: [registry],
    async collect() {
      const g = await readDatabaseGauges();
      this.set(g ? g.running : NaN);
    },
  });
  new Gauge({
    name: 'docsmith_webhook_deliveries_pending',
    help: 'Webhook deliveries waiting for their next attempt (whole deployment)',
    registers: [registry],
    async collect() {
      const g = await readDatabaseGauges();
      this.set(g ? g.webhooksPending : NaN);
    },
  });

  // This instance's LibreOffice pool (started by the first pdf/odt/odp/png export).
  new Gauge({
    name: 'docsmith_export_pool_max_listeners',
    help: 'Largest number of warm LibreOffice listeners (EXPORT_POOL_SIZE); 0 before the first export',
    registers: [registry],
    collect() {
      this.set(exportPool.read?.().maxListeners ?? 0);
    },
  });
  new Gauge({
    name: 'docsmith_export_pool_listeners',
    help: 'Live LibreOffice listeners of this instance, by state',
    labelNames: ['state'] as const,
    registers: [registry],
    collect() {
      const r = exportPool.read?.();
      this.set({ state: 'busy' }, r?.busy ?? 0);
      this.set({ state: 'idle' }, r?.idle ?? 0);
    },
  });
  new Gauge({
    name: 'docsmith_export_pool_queue',
    help: 'Conversions waiting for a LibreOffice listener on this instance',
    registers: [registry],
    collect() {
      this.set(exportPool.read?.().queued ?? 0);
    },
  });

  return {
    registry,
    exportPool,
    httpRequests: new Counter({
      name: 'docsmith_http_requests_total',
      help: 'API requests answered, by route pattern and status',
      labelNames: ['method', 'route', 'status'] as const,
      registers: [registry],
    }),
    httpDuration: new Histogram({
      name: 'docsmith_http_request_duration_seconds',
      help: 'Time from request to response (headers) of API requests, by route pattern and status',
      labelNames: ['method', 'route', 'status'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
      registers: [registry],
    }),
    tasksEnded: new Counter({
      name: 'docsmith_tasks_ended_total',
      help: 'Tasks that reached a final state on this instance, by kind and state',
      labelNames: ['kind', 'state'] as const,
      registers: [registry],
    }),
    taskDuration: new Histogram({
      name: 'docsmith_task_duration_seconds',
      help: 'Time from start to final state of the tasks ended on this instance',
      labelNames: ['kind', 'state'] as const,
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800],
      registers: [registry],
    }),
    creditsDebited: new Counter({
      name: 'docsmith_credits_debited_total',
      help: 'Credits debited for completed tasks on this instance, by task kind',
      labelNames: ['kind'] as const,
      registers: [registry],
    }),
    webhookAttempts: new Counter({
      name: 'docsmith_webhook_delivery_attempts_total',
      help: 'Webhook delivery attempts by outcome: delivered, retrying (another attempt is scheduled) or failed (given up)',
      labelNames: ['outcome'] as const,
      registers: [registry],
    }),
    exportConversions: new Counter({
      name: 'docsmith_export_conversions_total',
      help: 'Export conversions run on this instance (cache hits run none), by converter',
      labelNames: ['converter'] as const,
      registers: [registry],
    }),
  };
}

/** The process's metrics (created on first use, shared by every bundle of the process). */
export function metrics(): DocsmithMetrics {
  const g = globalThis as unknown as Record<symbol, DocsmithMetrics | undefined>;
  return (g[KEY] ??= create());
}
