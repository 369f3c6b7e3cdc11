import { expect, test } from '@playwright/test';
import { shot, uniqueEmail } from './helpers';

test('a wrong password shows an error and a right one signs in', async ({ page, request }) => {
  const email = uniqueEmail('login');
  const res = await request.post('/api/auth/register', {
    data: { email, password: 'right-password-1', name: 'Grace' },
  });
  expect(res.status()).toBe(201);

  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('wrong-password-1');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Wrong email or password.' })).toBeVisible();
  await expect(page).toHaveURL(/\/login/);
  await shot(page, '09-login-error');

  await page.getByLabel('Password').fill('right-password-1');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByRole('heading', { name: /Grace's personal org/, level: 2 })).toBeVisible();

  // Signed-in visitors of the landing page go straight to the dashboard.
  await page.goto('/');
  await expect(page).toHaveURL(/\/dashboard$/);

  // Signing out returns to the landing page.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole('link', { name: 'Sign in' }).first()).toBeVisible();
});

test('registering an existing email shows the API error inline', async ({ page, request }) => {
  const email = uniqueEmail('dupe');
  expect((await request.post('/api/auth/register', { data: { email, password: 'password-123' } })).status()).toBe(201);
  await page.goto('/register');
  await page.getByLabel('Name').fill('Someone');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('password-456');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'already exists' })).toBeVisible();
  await expect(page).toHaveURL(/\/register$/);
});
