// Accessibility of the three editors: axe-core (WCAG 2.1 A/AA rules) reports no serious or
// critical violation on the sheet, document and slide editors, each generated through the API
// (offline model) and opened at its edit_url; and the grid is operable by keyboard — Tab reaches
// it and leaves it (never trapped), arrow keys move the selection, and the accessible mirror
// (role=grid, aria-rowindex/colindex, a live region) follows the selection.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { shot, signUpWithApiKey } from './helpers';

let apiKey = '';

test.beforeAll(async ({ browser }) => {
  apiKey = await signUpWithApiKey(browser, { name: 'A11y', tag: 'a11y', org: 'Accessibility' });
});

const EDITORS = [
  { format: 'excel', path: '/api/v1/excel/generate', prompt: 'A workbook with sheets "Revenue" and "Costs", each with columns Month, Amount' },
  { format: 'word', path: '/api/v1/word/generate', prompt: 'A short note with sections Summary, Details' },
  { format: 'slides', path: '/api/v1/slides/generate', prompt: 'A 4-slide deck about our quarterly plan' },
] as const;

async function openEditor(page: Page, request: import('@playwright/test').APIRequestContext, e: (typeof EDITORS)[number]) {
  const r = await request.post(e.path, { headers: { 'X-API-Key': apiKey }, data: { prompt: e.prompt }, timeout: 120_000 });
  expect(r.status()).toBe(200);
  const run = (await r.json()) as { run_id: string; edit_url: string };
  await page.goto(run.edit_url);
  await expect(page.getByTestId('save-status')).toHaveText(/Saved/, { timeout: 30_000 });
  return run;
}

for (const e of EDITORS) {
  test(`axe: no serious or critical violations in the ${e.format} editor`, async ({ page, request }) => {
    test.setTimeout(120_000);
    await openEditor(page, request, e);
    // let the editor settle (grid canvas, page view, thumbnails)
    await page.waitForTimeout(1_000);
    const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    const summary = result.violations.map((v) => `${v.impact} ${v.id} (${v.nodes.length}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
    console.log(`axe ${e.format}: ${result.violations.length} violations, ${result.passes.length} rules passed\n${summary.join('\n')}`);
    await shot(page, `editor-a11y-${e.format}`, false);
    const severe = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(severe.map((v) => `${v.impact} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 5).join(' | ')}`)).toEqual([]);
  });
}

test('grid: Tab reaches and leaves it, arrows move the selection, the mirror follows', async ({ page, request }) => {
  test.setTimeout(120_000);
  await openEditor(page, request, EDITORS[0]);
  const grid = page.getByTestId('spreadsheet-editor');
  const cellInput = grid.locator('.luckysheet-cell-input');
  const focusedIsCell = () => cellInput.evaluate((el) => el === document.activeElement);
  // from the page's start, Tab until the grid has the keyboard
  await page.locator('body').click({ position: { x: 2, y: 2 } });
  let presses = 0;
  while (!(await focusedIsCell()) && presses < 80) {
    await page.keyboard.press('Tab');
    presses++;
  }
  expect(await focusedIsCell(), 'Tab reaches the grid').toBe(true);
  const mirror = page.getByRole('grid', { name: /Sheet Revenue \(visible cells\)/ });
  await expect(mirror).toBeAttached();
  expect(Number(await mirror.getByRole('row').nth(1).getAttribute('aria-rowindex'))).toBeGreaterThan(1);
  const live = page.getByTestId('grid-active-cell');
  await expect(live).toHaveText(/^A1, /);
  await expect(cellInput).toHaveAttribute('aria-label', /Spreadsheet grid, A1, /);

  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowDown');
  await expect(live).toHaveText(/^B2, /);
  const active = await mirror.getAttribute('aria-activedescendant');
  expect(active).toBeTruthy();
  await expect(page.locator(`[id="${active}"]`)).toHaveAttribute('aria-selected', 'true');
  await expect(page.locator(`[id="${active}"]`)).toHaveAttribute('aria-colindex', '3');
  await expect(page.locator(`[id="${active}"]`).locator('xpath=..')).toHaveAttribute('aria-rowindex', '3');
  await shot(page, 'editor-grid-keyboard-focus', false);

  // Tab leaves the grid (the selection stays on B2); Shift+Tab comes back
  await page.keyboard.press('Tab');
  expect(await focusedIsCell(), 'Tab leaves the grid').toBe(false);
  await expect(live).toHaveText(/^B2, /);
  await page.keyboard.press('Shift+Tab');
  expect(await focusedIsCell(), 'Shift+Tab returns to the grid').toBe(true);

  // typing still edits: Enter commits, and Tab after an edit is the grid's (commit, move right)
  await page.keyboard.type('42');
  await page.keyboard.press('Enter');
  await expect(live).toHaveText(/^B3, /);
  await page.keyboard.press('ArrowUp');
  await expect(live).toHaveText('B2, 42');
});

test('grid toolbar: one tab stop, arrow keys move along its buttons', async ({ page, request }) => {
  test.setTimeout(120_000);
  await openEditor(page, request, EDITORS[0]);
  const toolbar = page.getByTestId('spreadsheet-editor').locator('.fortune-toolbar');
  await expect(toolbar).toHaveAttribute('role', 'toolbar');
  const inToolbar = () => toolbar.evaluate((bar) => bar.contains(document.activeElement));
  // Tab from the page's start until the toolbar has the keyboard
  await page.locator('body').click({ position: { x: 2, y: 2 } });
  let presses = 0;
  while (!(await inToolbar()) && presses < 40) {
    await page.keyboard.press('Tab');
    presses++;
  }
  expect(await inToolbar(), 'Tab reaches the toolbar').toBe(true);
  const tabStops = await toolbar.evaluate((bar) => [...bar.querySelectorAll<HTMLElement>('[tabindex]')].filter((el) => el.tabIndex >= 0 && el.offsetParent !== null).length);
  expect(tabStops).toBe(1);
  const first = await page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.getAttribute('data-tips'));
  await page.keyboard.press('ArrowRight');
  expect(await inToolbar(), 'ArrowRight stays in the toolbar').toBe(true);
  const second = await page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.getAttribute('data-tips'));
  expect(second).not.toBe(first);
  await page.keyboard.press('ArrowLeft');
  expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.getAttribute('data-tips'))).toBe(first);
  // one Tab leaves the whole toolbar
  await page.keyboard.press('Tab');
  expect(await inToolbar(), 'one Tab leaves the toolbar').toBe(false);
});
