// Shared by the specs that open one run in several browser contexts (two viewers): opening an
// edit_url in its own context, the saved version an editor shows, the run's file as the API
// serves it, and keyboard navigation in the spreadsheet grid.
import { expect, type Browser, type BrowserContext, type Locator, type Page } from '@playwright/test';

export type Run = { run_id: string; edit_url: string };
export type Viewer = { ctx: BrowserContext; page: Page };

/** The edit_url's path and query, so it is opened on the origin the test reaches (or another instance's). */
export function editPath(editUrl: string): string {
  const u = new URL(editUrl);
  return `${u.pathname}${u.search}`;
}

/**
 * Opens an edit_url in a new browser context (another person) and waits until the editor says
 * Saved; `ready` names the editor's own element to wait for as well.
 */
export async function openViewer(browser: Browser, editUrl: string, opts: { origin?: string; ready?: (page: Page) => Locator } = {}): Promise<Viewer> {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await ctx.newPage();
  await page.goto(`${opts.origin ?? ''}${editPath(editUrl)}`);
  await expect(page.getByTestId('save-status')).toHaveText('Saved', { timeout: 30_000 });
  if (opts.ready) await expect(opts.ready(page)).toBeVisible();
  return { ctx, page };
}

/** The version the editor last saved or took in. */
export const savedVersion = async (page: Page): Promise<number> => Number(await page.getByTestId('save-status').getAttribute('data-version'));

/** Another edit_url of the run: every GET /runs/{id} mints one (another viewer). */
export async function secondEditUrl(page: Page, apiKey: string, runId: string): Promise<string> {
  const r = await page.request.get(`/api/v1/runs/${runId}`, { headers: { 'X-API-Key': apiKey } });
  expect(r.status()).toBe(200);
  return ((await r.json()) as Run).edit_url;
}

/** The run's current file, through the API's download redirect. */
export async function downloadRunFile(page: Page, apiKey: string, runId: string): Promise<Buffer> {
  const d = await page.request.get(`/api/v1/runs/${runId}/download`, { headers: { 'X-API-Key': apiKey }, maxRedirects: 0 });
  expect(d.status()).toBe(302);
  const f = await page.request.get(new URL(d.headers()['location']!, page.url()).toString());
  expect(f.status()).toBe(200);
  return Buffer.from(await f.body());
}

export const grid = (page: Page) => page.getByTestId('spreadsheet-editor');
export const nameBox = (page: Page) => grid(page).locator('.fortune-name-box');

/** Selects a cell with the keyboard from A1 (column and row numbers from 0). */
export async function goToCell(page: Page, col: number, row: number, address: string): Promise<void> {
  const area = (await grid(page).locator('.fortune-cell-area').boundingBox())!;
  await page.mouse.click(area.x + 10, area.y + 8);
  await expect(nameBox(page)).toHaveText('A1');
  for (let i = 0; i < col; i++) await page.keyboard.press('ArrowRight');
  for (let i = 0; i < row; i++) await page.keyboard.press('ArrowDown');
  await expect(nameBox(page)).toHaveText(address);
}
