// End-to-end tests: the production build in a real (system) Chromium, with a fresh embedded
// database per run. Nothing is downloaded: Chromium is /usr/bin/chromium and kept off the network.
import { defineConfig, devices } from '@playwright/test';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './e2e/chromium';

const PORT = Number(process.env.E2E_PORT ?? 3100);
const BASE_URL = `http://127.0.0.1:${PORT}`;

// The config is loaded by the runner and again by each worker: only the runner picks (and cleans)
// the data folder; workers inherit it through the environment.
if (!process.env.DOCSMITH_E2E_DATA_DIR) {
  const root = path.resolve('data');
  mkdirSync(root, { recursive: true });
  for (const name of readdirSync(root)) {
    if (name.startsWith('e2e-')) rmSync(path.join(root, name), { recursive: true, force: true });
  }
  process.env.DOCSMITH_E2E_DATA_DIR = path.join(root, `e2e-${Date.now()}`);
}
const DATA_DIR = process.env.DOCSMITH_E2E_DATA_DIR;
if (!existsSync(DATA_DIR)) mkdirSync(DATA_DIR, { recursive: true });

export default defineConfig({
  testDir: 'e2e',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  forbidOnly: Boolean(process.env.CI),
  reporter: [['list']],
  outputDir: 'test-results/artifacts',
  use: {
    baseURL: BASE_URL,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    viewport: { width: 1280, height: 800 },
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        viewport: { width: 1280, height: 800 },
        launchOptions: {
          executablePath: CHROMIUM_PATH,
          args: CHROMIUM_ARGS,
        },
      },
    },
  ],
  webServer: {
    // E2E_SKIP_BUILD=1 serves the existing production build (faster local iterations).
    command: `${process.env.E2E_SKIP_BUILD === '1' ? '' : 'npm run build && '}npx --no-install next start -H 127.0.0.1 -p ${PORT}`,
    url: `${BASE_URL}/api/v1/openapi.json`,
    reuseExistingServer: false,
    timeout: 300_000,
    stdout: 'pipe',
    stderr: 'pipe',
    env: {
      NEXT_TELEMETRY_DISABLED: '1',
      NODE_ENV: 'production',
      DATA_DIR,
      APP_URL: BASE_URL,
      LOG_LEVEL: 'warn',
      // e2e/dashboard.spec.ts receives webhooks on a plain-http 127.0.0.1 server it starts itself.
      WEBHOOK_ALLOW_LOOPBACK: 'true',
      WEBHOOK_ALLOW_HTTP: 'true',
    },
  },
});
