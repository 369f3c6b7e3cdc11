// What the agent could not fix is shown on the dashboard's run page: a one-page report the prompt
// gives eight sections cannot fit one page, the review says so, and the task's warning is listed.
import { expect, test } from '@playwright/test';
import { shot, uniqueEmail } from './helpers';

test('run page: the warnings a task left are listed under it', async ({ page }) => {
  await page.goto('/register');
  await page.getByLabel('Name').fill('Warnings e2e');
  await page.getByLabel('Email').fill(uniqueEmail('warn'));
  await page.getByLabel('Password').fill('warnings-password-1');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page).toHaveURL(/\/dashboard/, { timeout: 30_000 });
  const signup = await page.request.post('/api/v1/signup', { data: { org_name: 'Warnings Org' } });
  expect(signup.status()).toBe(201);
  const key = ((await signup.json()) as { api_key: { key: string } }).api_key.key;

  const prompt = 'A one-page report on office parking with sections Background, Demand, Supply, Costs, Options, Risks, Timeline, Recommendation';
  const r = await page.request.post('/api/v1/word/generate', { headers: { 'X-API-Key': key }, data: { prompt }, timeout: 60_000 });
  expect(r.status()).toBe(200);
  const body = (await r.json()) as { run_id: string; warnings?: Array<{ code: string; message: string; location?: string }> };
  expect(body.warnings?.map((w) => w.code)).toEqual(['page_count']);

  await page.goto('/dashboard/runs');
  // the key belongs to the workspace made by /signup, not to the personal one shown first
  await page.getByLabel('Organization').selectOption({ label: 'Warnings Org' });
  await page.locator(`[data-run-id="${body.run_id}"]`).getByRole('link').first().click();
  await expect(page).toHaveURL(new RegExp(`/dashboard/runs/${body.run_id}`));
  const warnings = page.locator('.task-warnings');
  await expect(warnings).toBeVisible({ timeout: 30_000 });
  await expect(warnings).toContainText('1 warning');
  await expect(warnings.locator('li[data-code="page_count"]')).toContainText(/fills 2 pages but the prompt asked for at most 1/);
  await shot(page, 'run-warnings');
});
