import { expect, test } from '@playwright/test';
import { shot, uniqueEmail } from './helpers';

test('a wrong password shows an error and a right one signs in', async ({ page, request }) => {
  const email = uniqueEmail('login');
  const res = await request.post('/api/auth/register', {
    data: { email, password: 'right-password-1', name: 'Grace' },
  });
  expect(res.status()).toBe(202);

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

test('registering an existing email reveals nothing and signs nobody in', async ({ page, request }) => {
  const email = uniqueEmail('dupe');
  const first = await request.post('/api/auth/register', { data: { email, password: 'first-owner-pass-1' } });
  expect(first.status()).toBe(202);
  const again = await request.post('/api/auth/register', { data: { email, password: 'someone-else-pass-2' } });
  expect(again.status()).toBe(202);
  expect(await again.json()).toEqual(await first.json());

  // Through the form: no "already exists", and the other password does not open the account.
  await page.goto('/register');
  await page.getByLabel('Name').fill('Someone');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('someone-else-pass-2');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page).toHaveURL(/\/login/);
  await expect(page.getByText('already exists')).toHaveCount(0);
});

test('after too many wrong passwords the form says sign-in is throttled, even for the right password', async ({ page, request }) => {
  const email = uniqueEmail('throttle');
  expect((await request.post('/api/auth/register', { data: { email, password: 'right-password-1' } })).status()).toBe(202);
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  // LOGIN_FAILURES_PER_ACCOUNT (10) wrong passwords are answered "wrong"; then sign-in is throttled
  for (let i = 0; i < 10; i++) {
    await page.getByLabel('Password').fill(`wrong-password-${i}`);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'Wrong email or password.' })).toBeVisible();
  }
  await page.getByLabel('Password').fill('right-password-1');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Too many sign-in attempts' })).toBeVisible();
  await expect(page).toHaveURL(/\/login/);
  await shot(page, '09-login-throttled');
});
