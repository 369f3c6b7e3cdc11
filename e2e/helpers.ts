import { mkdirSync } from 'node:fs';
import { expect, type Browser, type Page } from '@playwright/test';

export const SCREENSHOTS = 'test-results/screenshots';

export async function shot(page: Page, name: string, fullPage = true): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: `${SCREENSHOTS}/${name}.png`, fullPage });
}

export function uniqueEmail(tag: string): string {
  return `${tag}-${Date.now()}-${Math.random().toString(36).slice(2, 7)}@example.test`;
}

/** Registers a dashboard user, creates a workspace and returns its first API key. */
export async function signUpWithApiKey(browser: Browser, who: { name: string; tag: string; org: string }): Promise<string> {
  const page = await browser.newPage();
  await page.goto('/register');
  await page.getByLabel('Name').fill(who.name);
  await page.getByLabel('Email').fill(uniqueEmail(who.tag));
  await page.getByLabel('Password').fill('editor-password-1');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page).toHaveURL(/\/dashboard/, { timeout: 30_000 });
  const r = await page.request.post('/api/v1/signup', { data: { org_name: who.org } });
  expect(r.status()).toBe(201);
  const key = ((await r.json()) as { api_key: { key: string } }).api_key.key;
  await page.close();
  return key;
}
