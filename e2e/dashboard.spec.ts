// The dashboard end to end in a real browser against the production build: sign up, create a key,
// start a run in the playground and watch it, open it in the editor, send a follow-up, see the new
// version, download, export a PDF, and manage webhooks with a local receiver. Screenshots of each
// page go to test-results/screenshots (laptop width, and a few at tablet width).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { shot as fullShot, uniqueEmail } from './helpers';

/** A full-page screenshot from the top (the sticky header would otherwise land mid-page). */
async function shot(page: Page, name: string) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await fullShot(page, name);
}

test.setTimeout(240_000);

interface Received {
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

async function startReceiver(): Promise<{ server: Server; url: string; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"ok":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}/hooks/docsmith`, received };
}

async function register(page: Page, email: string) {
  await page.goto('/register');
  await page.getByLabel('Name').fill('Grace Hopper');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('correct horse battery staple');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page).toHaveURL(/\/dashboard$/, { timeout: 20_000 });
}

test('dashboard: key, playground run with live progress, editor, follow-up, versions, download, export, webhooks', async ({ page, request, browser }) => {
  const receiver = await startReceiver();
  try {
    const email = uniqueEmail('dash');
    await register(page, email);
    const nav = page.getByRole('navigation', { name: 'Dashboard' });

    // Runs: empty at first.
    await nav.getByRole('link', { name: 'Runs' }).click();
    await expect(page.getByRole('heading', { name: 'Runs', level: 1 })).toBeVisible();
    await expect(page.getByText('No runs yet')).toBeVisible();
    await shot(page, 'dash-01-runs-empty');

    // API key.
    await nav.getByRole('link', { name: 'API keys' }).click();
    await page.getByLabel('Key name').fill('Dashboard e2e');
    await page.getByRole('button', { name: 'Create key' }).click();
    const secret = (await page.getByTestId('secret-value').textContent())!.trim();
    expect(secret).toMatch(/^dsk_/);
    await expect(page.getByRole('row', { name: /Dashboard e2e/ })).toContainText('Active');
    await shot(page, 'dash-02-keys');

    // Playground: an Excel workbook.
    await nav.getByRole('link', { name: 'Playground' }).click();
    await expect(page.getByRole('heading', { name: 'Playground', level: 1 })).toBeVisible();
    // Slides: outline preview first.
    await page.getByLabel('PowerPoint deck').check();
    await page.getByLabel('Prompt').fill('A 4-slide deck about onboarding new engineers');
    await page.getByRole('button', { name: 'Preview outline' }).click();
    await expect(page.getByTestId('outline-preview')).toBeVisible({ timeout: 30_000 });
    expect(await page.getByTestId('outline-preview').locator('.outline-slide').count()).toBe(4);
    await shot(page, 'dash-03-playground-outline');

    await page.getByLabel('Excel workbook').check();
    await page.getByLabel('Prompt').fill('A sales workbook with sheets "Revenue" and "Costs", columns Month, Amount, 6 rows each');
    await shot(page, 'dash-04-playground');
    await page.getByRole('button', { name: 'Generate', exact: true }).click();

    // The run page: progress while it runs, then the editor with version 1.
    await expect(page).toHaveURL(/\/dashboard\/runs\/run_[0-9A-Z]+\?org=org_/, { timeout: 20_000 });
    const runId = /\/runs\/(run_[0-9A-Z]+)/.exec(page.url())![1]!;
    const statuses = new Set<string>();
    const agentTasks = page.locator('.task-item');
    await expect
      .poll(
        async () => {
          const s = await agentTasks.first().locator('[data-status]').first().getAttribute('data-status');
          if (s) statuses.add(s);
          return s;
        },
        { timeout: 60_000, intervals: [100] },
      )
      .toBe('completed');
    // The statuses the page showed while polling (the offline model is fast: often only completed).
    console.log(`task statuses seen on the run page: ${[...statuses].join(' → ')}`);
    const download = page.getByTestId('download-link');
    await expect(download).toBeVisible();
    const frame = page.frameLocator('[data-testid="editor-frame"]');
    await expect(frame.getByTestId('save-status')).toHaveAttribute('data-version', '1', { timeout: 30_000 });
    await expect(page.locator('tr[data-version="1"]')).toContainText('Agent');
    await expect(frame.getByText(/Loading the editor/)).toHaveCount(0, { timeout: 30_000 });
    await shot(page, 'dash-05-run-v1');

    // Follow-up prompt → a new agent version; the editor reloads on it.
    await page.getByLabel('Ask the agent for a change').fill('Add a sheet named "Forecast" with columns Month, Amount');
    await page.getByRole('button', { name: 'Send to the agent' }).click();
    await expect(page.locator('tr[data-version="2"]')).toContainText('Agent', { timeout: 60_000 });
    await expect(page.locator('tr[data-version="2"]')).toContainText('Forecast');
    await expect(page.locator('tr[data-version="2"]')).toContainText('current');
    await expect(frame.getByTestId('save-status')).toHaveAttribute('data-version', '2', { timeout: 30_000 });
    await expect(frame.getByText(/Loading the editor/)).toHaveCount(0, { timeout: 30_000 });
    await shot(page, 'dash-06-run-v2');

    // Download the current file.
    const [file] = await Promise.all([page.waitForEvent('download'), download.click()]);
    expect(file.suggestedFilename()).toMatch(/\.xlsx$/);
    const bytes = readFileSync((await file.path()));
    expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');

    // Export as PDF.
    await page.getByLabel('Export format').first().selectOption('pdf');
    const [pdf] = await Promise.all([
      page.waitForEvent('download', { timeout: 90_000 }),
      page.getByRole('button', { name: 'Export as PDF' }).first().click(),
    ]);
    expect(pdf.suggestedFilename()).toMatch(/\.pdf$/);
    expect(readFileSync((await pdf.path())).subarray(0, 5).toString('latin1')).toBe('%PDF-');

    // Restore version 1 → a new version 3 from the restore.
    await page.getByRole('button', { name: 'Restore version 1' }).click();
    await page.getByRole('dialog', { name: /Restore version 1/ }).getByRole('button', { name: 'Restore' }).click();
    await expect(page.locator('tr[data-version="3"]')).toContainText('Restored from v1');
    // The editor reloads on the restored version.
    await expect(frame.getByTestId('save-status')).toHaveAttribute('data-version', '3', { timeout: 30_000 });
    await expect(frame.getByText(/Loading the editor/)).toHaveCount(0, { timeout: 30_000 });
    await shot(page, 'dash-07-run-restored');

    // Runs history: the run, searchable, with its tasks.
    await nav.getByRole('link', { name: 'Runs' }).click();
    const card = page.locator(`[data-run-id="${runId}"]`);
    await expect(card).toBeVisible();
    await expect(card).toContainText('completed');
    await page.getByLabel('Search prompts').fill('sales workbook');
    await page.getByRole('button', { name: 'Search' }).click();
    await expect(card).toBeVisible();
    await page.getByLabel('Format', { exact: true }).selectOption('word');
    await expect(page.getByText('No runs match these filters')).toBeVisible();
    await page.getByLabel('Format', { exact: true }).selectOption('');
    await expect(card).toBeVisible();
    await shot(page, 'dash-08-runs');

    // The key works against REST and sees the same run.
    const rest = await request.get(`/api/v1/runs/${runId}`, { headers: { 'X-API-Key': secret } });
    expect(rest.status()).toBe(200);
    expect((await rest.json()).current_version).toBe(3);

    // Usage: balance and ledger with the two debits.
    await nav.getByRole('link', { name: 'Usage' }).click();
    await expect(page.getByTestId('usage-chart')).toBeVisible();
    await expect(page.locator('.ledger-table tbody tr')).toHaveCount(4); // grant, outline, 2 generate tasks
    await shot(page, 'dash-09-usage');

    // Images: upload, tag, delete.
    await nav.getByRole('link', { name: 'Images' }).click();
    await expect(page.getByText('No images yet')).toBeVisible();
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
      'base64',
    );
    await page.getByLabel('Image file').setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: png });
    await page.getByLabel('Tags (comma-separated)').fill('brand, logo');
    await page.getByRole('button', { name: 'Upload' }).click();
    const tile = page.locator('.image-tile').first();
    await expect(tile).toContainText('logo.png');
    await expect(tile).toContainText('brand');
    await tile.getByRole('button', { name: 'Edit tags of logo.png' }).click();
    await tile.getByLabel('Tags').fill('brand, header');
    await tile.getByRole('button', { name: 'Save tags' }).click();
    await expect(tile).toContainText('header');
    await shot(page, 'dash-10-images');

    // Settings: rename, invite, members.
    await nav.getByRole('link', { name: 'Settings' }).click();
    await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible();
    await shot(page, 'dash-11-settings');

    await receiverFlow(page, receiver);
    await membersFlow(page, browser);
    await tabletFlow(page);
  } finally {
    receiver.server.close();
  }
});

async function receiverFlow(page: Page, receiver: Awaited<ReturnType<typeof startReceiver>>) {
  const nav = page.getByRole('navigation', { name: 'Dashboard' });
  await nav.getByRole('link', { name: 'Webhooks' }).click();
  await expect(page.getByRole('heading', { name: 'Webhooks', level: 1 })).toBeVisible();
  await expect(page.getByText('No endpoints yet')).toBeVisible();
  await page.getByLabel('Endpoint URL').fill(receiver.url);
  await page.getByLabel('Description').fill('e2e receiver');
  await page.getByRole('button', { name: 'Add endpoint' }).click();
  await expect(page.getByTestId('webhook-secret')).toHaveText(/^whsec_/);
  await expect(page.locator('.webhooks-table')).toContainText(receiver.url);
  await shot(page, 'dash-12-webhooks-created');
  await page.getByRole('button', { name: 'I have saved it' }).click();

  // A run makes a run.completed event, delivered to the receiver and shown with its attempt.
  await nav.getByRole('link', { name: 'Playground' }).click();
  // A large deck takes long enough to watch: the progress bar and phase show while it runs.
  await page.getByLabel('PowerPoint deck').check();
  await page.getByLabel('Prompt').fill('A 30-slide deck about the history of computing');
  await page.getByRole('button', { name: 'Generate', exact: true }).click();
  await expect(page).toHaveURL(/\/dashboard\/runs\/run_/, { timeout: 20_000 });
  const seen: string[] = [];
  await expect
    .poll(
      async () => {
        const bar = page.getByLabel('Progress of the running task');
        if (await bar.isVisible()) {
          // the bar goes away when the task ends: a read that races with that must not wait forever
          const value = await bar.getAttribute('value', { timeout: 500 }).catch(() => null);
          if (value !== null) seen.push(`${value}%`);
          if (seen.length === 1) await page.screenshot({ path: 'test-results/screenshots/dash-12b-run-progress.png' });
        }
        return page.getByTestId('download-link').isVisible();
      },
      { timeout: 90_000, intervals: [100] },
    )
    .toBe(true);
  console.log(`progress values seen while the deck was built: ${seen.join(' ')}`);
  expect(seen.length).toBeGreaterThan(0);
  await expect.poll(() => receiver.received.length, { timeout: 30_000 }).toBeGreaterThan(0);
  const first = receiver.received[0]!;
  expect(first.headers['webhook-id']).toBeTruthy();
  expect(String(first.headers['webhook-signature'])).toMatch(/^v1,/);
  expect(JSON.parse(first.body).type).toBe('run.completed');

  await nav.getByRole('link', { name: 'Webhooks' }).click();
  const delivery = page.locator('.delivery').first();
  await expect(delivery).toHaveAttribute('data-status', 'delivered', { timeout: 20_000 });
  await delivery.locator('summary').first().click();
  await expect(delivery.locator('.attempts-table')).toContainText('HTTP 200');
  await shot(page, 'dash-13-webhooks-deliveries');

  // Redeliver: a new delivery reaches the receiver.
  const before = receiver.received.length;
  await delivery.getByRole('button', { name: 'Redeliver' }).click();
  await expect.poll(() => receiver.received.length, { timeout: 30_000 }).toBeGreaterThan(before);
  await expect(page.locator('.delivery')).toHaveCount(2, { timeout: 20_000 });

}

/** A workspace, an invitation link accepted by a second user in another browser context, a role change. */
async function membersFlow(page: Page, browser: Browser) {
  const nav = page.getByRole('navigation', { name: 'Dashboard' });
  await nav.getByRole('link', { name: 'Overview' }).click();
  await page.getByLabel('Workspace name').fill('Design team');
  await page.getByRole('button', { name: 'Create workspace' }).click();
  await expect(page).toHaveURL(/\/dashboard\?org=org_/);
  await expect(page.getByRole('heading', { name: /Design team/, level: 2 })).toBeVisible();
  const orgId = new URL(page.url()).searchParams.get('org')!;
  await page.goto(`/dashboard/settings?org=${orgId}`);
  await expect(page.getByRole('heading', { name: 'Invite people' })).toBeVisible();
  const inviteeEmail = uniqueEmail('invitee');
  await page.getByLabel('Email').fill(inviteeEmail);
  await page.getByLabel('Role', { exact: true }).selectOption('member');
  await page.getByRole('button', { name: 'Create invitation' }).click();
  const link = (await page.getByTestId('invite-link').textContent())!.trim();
  expect(link).toMatch(/\/invite\/dsi_/);
  await shot(page, 'dash-19-settings-invite');

  const other = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const p2 = await other.newPage();
    await register(p2, inviteeEmail);
    await p2.goto(new URL(link).pathname);
    await expect(p2.getByText('You are invited to')).toContainText('Design team');
    // The header reflects the session: a signed-in invitee sees Dashboard, not Sign in / Sign up.
    await expect(p2.getByRole('banner').getByRole('link', { name: 'Dashboard' })).toBeVisible();
    await expect(p2.getByRole('banner').getByRole('link', { name: 'Sign in' })).toHaveCount(0);
    await shot(p2, 'dash-20-accept-invite');
    await p2.getByRole('button', { name: /Accept and join/ }).click();
    await expect(p2).toHaveURL(/\/dashboard\?org=org_/);
    await expect(p2.getByRole('heading', { name: /Design team/ })).toBeVisible();
  } finally {
    await other.close();
  }

  await page.reload();
  const row = page.locator(`tr[data-member-email="${inviteeEmail}"]`);
  await expect(row).toBeVisible();
  await row.getByLabel(/Role of/).selectOption('admin');
  await expect(row.getByLabel(/Role of/)).toHaveValue('admin');
  await page.reload();
  await expect(page.locator(`tr[data-member-email="${inviteeEmail}"]`).getByLabel(/Role of/)).toHaveValue('admin');
  await shot(page, 'dash-21-settings-members');
}

async function tabletFlow(page: Page) {
  const nav = page.getByRole('navigation', { name: 'Dashboard' });
  // Tablet width: a few pages (of the personal org, the default without ?org=).
  await page.setViewportSize({ width: 768, height: 1024 });
  await page.goto('/dashboard/webhooks');
  await expect(page.locator('.delivery').first()).toBeVisible();
  await shot(page, 'dash-14-webhooks-tablet');
  for (const [name, label] of [
    ['dash-15-runs-tablet', 'Runs'],
    ['dash-16-playground-tablet', 'Playground'],
    ['dash-17-usage-tablet', 'Usage'],
  ] as const) {
    await nav.getByRole('link', { name: label }).click();
    await expect(page.getByRole('heading', { name: label, level: 1 })).toBeVisible();
    await page.waitForLoadState('networkidle');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(768);
    await shot(page, name);
  }
  await nav.getByRole('link', { name: 'Runs' }).click();
  await page.locator('.run-title').first().click();
  await expect(page.getByTestId('download-link')).toBeVisible();
  await expect(page.frameLocator('[data-testid="editor-frame"]').getByTestId('save-status')).toHaveAttribute('data-version', '1', { timeout: 30_000 });
  await expect(page.frameLocator('[data-testid="editor-frame"]').getByText(/Loading the editor/)).toHaveCount(0, { timeout: 30_000 });
  await shot(page, 'dash-18-run-tablet');
}
