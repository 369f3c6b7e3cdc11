// @ts-check
/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Packages that load WebAssembly / data files from their own folders at run time stay unbundled.
  serverExternalPackages: ['@electric-sql/pglite', 'pglite-prisma-adapter', 'pg', 'pino', '@prisma/client', '@prisma/adapter-pg',
    // Metrics and tracing: one copy per process, loaded from node_modules (the tracing SDK only when
    // OTEL_EXPORTER_OTLP_ENDPOINT is set).
    'prom-client', '@opentelemetry/api', '@opentelemetry/sdk-trace-node', '@opentelemetry/resources',
    '@opentelemetry/exporter-trace-otlp-http', '@opentelemetry/exporter-trace-otlp-proto'],
  async headers() {
    return [
      {
        source: '/:path*',
        headers: [
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
        ],
      },
      {
        // The dashboard is never framed; the editor (added later) sets its own frame-ancestors.
        source: '/((?!api/v1/edit|edit).*)',
        headers: [{ key: 'Content-Security-Policy', value: "frame-ancestors 'none'" }],
      },
      {
        // The editor's URLs carry its token: no Referer ever leaves them (a later rule wins).
        // Its frame-ancestors depends on EDITOR_FRAME_ANCESTORS at run time: proxy.ts sets it.
        source: '/:prefix(api/v1/edit|edit)/:path*',
        headers: [{ key: 'Referrer-Policy', value: 'no-referrer' }],
      },
    ];
  },
};

module.exports = nextConfig;
