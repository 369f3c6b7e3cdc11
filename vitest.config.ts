import { defineConfig } from 'vitest/config';
import path from 'node:path';

export default defineConfig({
  resolve: { alias: { '@': path.resolve(__dirname) } },
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
