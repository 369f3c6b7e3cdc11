import { expect, test } from '@playwright/test';
import { shot, uniqueEmail } from './helpers';

test('a new user signs up, creates an API key, sees it once, uses it and revokes it', async ({ page, request }) => {
  const email = uniqueEmail('signup');
  const password = 'correct horse battery staple';

  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Office documents');
  await shot(page, '01-landing');

  await page.getByRole('link', { name: 'Create an account' }).click();
  await expect(page).toHaveURL(/\/register$/);
  await page.getByLabel('Name').fill('Ada Lovelace');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await shot(page, '02-register');
  await page.getByRole('button', { name: 'Create account' }).click();

  await expect(page).toHaveURL(/\/dashboard$/, { timeout: 20_000 });
  await expect(page.getByRole('heading', { name: 'Dashboard', level: 1 })).toBeVisible();
  await expect(page.getByRole('heading', { name: /Ada Lovelace's personal org/, level: 2 })).toBeVisible();
  await expect(page.getByTestId('credit-balance')).toHaveText(/\d/);

  // A workspace, created through tRPC, becomes the selected org.
  await page.getByLabel('Workspace name').fill('Analytics team');
  await page.getByRole('button', { name: 'Create workspace' }).click();
  await expect(page).toHaveURL(/\/dashboard\?org=org_/);
  await expect(page.getByRole('heading', { name: /Analytics team/ })).toBeVisible();
  await shot(page, '03-dashboard');
  const orgId = new URL(page.url()).searchParams.get('org')!;

  // Keys of the selected workspace: empty at first.
  await page.getByRole('link', { name: 'Manage API keys' }).click();
  await expect(page).toHaveURL(new RegExp(`/dashboard/keys\\?org=${orgId}$`));
  await expect(page.getByText('No API keys yet')).toBeVisible();

  await page.getByLabel('Key name').fill('CI server');
  await page.getByRole('button', { name: 'Create key' }).click();
  const panel = page.getByTestId('secret-panel');
  await expect(panel).toBeVisible();
  await expect(panel).toContainText('only time the secret');
  const secret = (await page.getByTestId('secret-value').textContent())!.trim();
  expect(secret).toMatch(/^dsk_[A-Za-z0-9_-]{20,}$/);
  const row = page.getByRole('row', { name: /CI server/ });
  await expect(row).toContainText('Active');
  await shot(page, '04-keys-secret');

  // The key works against the REST API.
  const ok = await request.get('/api/v1/verify', { headers: { 'X-API-Key': secret } });
  expect(ok.status()).toBe(200);
  const verified = await ok.json();
  expect(verified.org_id).toBe(orgId);
  expect(verified.organization.name).toBe('Analytics team');

  // After a reload the secret is gone; the list shows the prefix only.
  await page.reload();
  await expect(page.getByRole('row', { name: /CI server/ })).toBeVisible();
  await expect(page.getByTestId('secret-panel')).toHaveCount(0);
  await expect(page.getByText(secret)).toHaveCount(0);
  const prefix = (await page.getByTestId('key-prefix').first().textContent())!.replace('…', '').trim();
  expect(secret.startsWith(prefix)).toBe(true);
  expect(prefix.length).toBeLessThan(secret.length);
  expect(await page.content()).not.toContain(secret);

  // Navigating away and back: still no secret.
  const nav = page.getByRole('navigation', { name: 'Dashboard' });
  await nav.getByRole('link', { name: 'Overview' }).click();
  await expect(page.getByRole('heading', { name: 'Dashboard', level: 1 })).toBeVisible();
  await nav.getByRole('link', { name: 'API keys' }).click();
  await expect(page.getByRole('row', { name: /CI server/ })).toBeVisible();
  await expect(page.getByTestId('secret-panel')).toHaveCount(0);

  // Revoke in the UI, with confirmation.
  await page.getByRole('button', { name: 'Revoke CI server' }).click();
  const dialog = page.getByRole('dialog', { name: 'Revoke this API key?' });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Revoke key' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('row', { name: /CI server/ })).toContainText('Revoked');

  const revoked = await request.get('/api/v1/verify', { headers: { 'X-API-Key': secret } });
  expect(revoked.status()).toBe(401);

  // The API reference.
  await page.goto('/docs');
  await expect(page.getByRole('heading', { name: /reference/, level: 1 })).toBeVisible();
  await expect(page.locator('#verifykey')).toContainText('/verify');
  await shot(page, '05-api-reference', false);
  await page.locator('#createapikey').scrollIntoViewIfNeeded();
  await page.locator('#createapikey').screenshot({
    path: 'test-results/screenshots/06-api-reference-operation.png',
    style: '.site-header { position: static !important; }',
  });

  // Tablet width: the dashboard header wraps and the keys table scrolls inside its card.
  await page.setViewportSize({ width: 768, height: 1024 });
  await page.goto(`/dashboard/keys?org=${orgId}`);
  await expect(page.getByRole('row', { name: /CI server/ })).toBeVisible();
  await shot(page, '07-keys-tablet');
  // Nothing overflows the viewport horizontally (wide tables scroll inside their card).
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(768);
  await page.goto('/docs');
  await shot(page, '08-api-reference-tablet', false);
});

test('signed-out visitors are sent to the sign-in page', async ({ page }) => {
  await page.goto('/dashboard/keys');
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fdashboard$/);
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
});
