// The interactive API reference (/docs/try): Scalar's component served from the app's own bundle,
// reading /api/v1/openapi.json, showing the generate examples, and "try it" sending a real request
// with an API key to this instance. No request may leave the app's origin (no CDN, fonts or
// telemetry): the browser is kept off the network, so one would also fail to load.
import { expect, test } from '@playwright/test';
import { shot, signUpWithApiKey } from './helpers';

test('the interactive reference loads offline and "try it" generates a workbook with an API key', async ({
  browser,
  page,
  baseURL,
}) => {
  const key = await signUpWithApiKey(browser, { name: 'Try It', tag: 'try-it', org: 'Try It Labs' });
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));

  await page.goto('/docs');
  await page.getByRole('link', { name: 'Try it' }).click();
  await expect(page).toHaveURL(/\/docs\/try$/);
  await expect(page.getByRole('heading', { name: 'Docsmith API' })).toBeVisible({ timeout: 30_000 });
  expect(requests).toContain(`${baseURL}/api/v1/openapi.json`);

  await page.getByText('Generation', { exact: true }).first().click();
  await page.getByText('Generate an Excel workbook from a prompt').first().click();
  const excel = page.locator('[id$="tag/generation/POST/excel/generate"]').first();
  // the request and response examples of the OpenAPI document
  await expect(excel).toContainText('2026 sales workbook');
  await expect(excel).toContainText('Built sheets Revenue and Costs');
  await shot(page, '09-api-reference-try', false);

  await excel.getByRole('button', { name: /Test Request/ }).click();
  const client = page.getByRole('dialog');
  await expect(client.getByText('/excel/generate').first()).toBeVisible();
  await client.getByText('Value:').click();
  await page.keyboard.type(key);
  await client.getByRole('button', { name: /^Send/ }).first().click();
  await expect(client.getByText(/200 OK/)).toBeVisible({ timeout: 60_000 });
  await expect(client).toContainText('"status": "completed"');
  await shot(page, '10-api-reference-try-sent', false);

  const origin = new URL(baseURL!).origin;
  const foreign = requests.filter((u) => !u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:'));
  expect(foreign).toEqual([]);
});
