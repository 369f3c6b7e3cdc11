import { defineConfig } from 'vitest/config';
import path from 'node:path';

export default defineConfig({
  resolve: {
    alias: {
      '@': path.resolve(__dirname),
      // `import 'server-only'` marks modules that must never reach the browser bundle; Next resolves
      // it to an empty module in server code. Tests run server code too: the same empty module here.
      'server-only': path.resolve(__dirname, 'node_modules/server-only/empty.js'),
    },
  },
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', '.next/**', 'e2e/**', 'tools/**', 'data/**'],
    environment: 'node',
    globalSetup: ['./server/test/global-setup.ts'],
    env: { DATA_DIR: './data/test', LOG_LEVEL: 'silent', EDITOR_SETTLE_MS: '3600000', AUTH_SECRET: 'test-secret-0123456789-0123456789-abcdef' },
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: true,
    maxWorkers: 2,
  },
});
