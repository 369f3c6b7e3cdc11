// Two people editing one run at once, in two browser contexts on two edit_urls of the same run:
// edits of different cells both land (the later save is merged on the server) and each editor
// shows the other's change without a reload; the same cell changed by both opens the conflict
// dialog for the later writer, who chooses; an API resume that adds a sheet shows up in the open
// editor within 2 s and the next edit saves. A document paragraph edited at different words by
// both keeps both words. Presence shows the other editor.
import { expect, test, type Browser, type Locator, type Page } from '@playwright/test';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { shot, signUpWithApiKey } from './helpers';
import { downloadRunFile, goToCell as goTo, grid, openViewer, savedVersion as version, secondEditUrl as editUrlFor, type Run, type Viewer } from './viewers';

let apiKey = '';
/**
 * Two app instances on one PostgreSQL: E2E_SECOND_ORIGIN (e.g. http://127.0.0.1:3812) serves the
 * second viewer and the API resume, the first viewer stays on the instance Playwright starts.
 */
const SECOND = process.env.E2E_SECOND_ORIGIN ?? '';
test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ browser }) => {
  apiKey = await signUpWithApiKey(browser, { name: 'Collab Tester', tag: 'collab', org: 'Collaboration tests' });
});

async function generate(page: Page, path: string, data: object): Promise<Run> {
  const r = await page.request.post(path, { headers: { 'X-API-Key': apiKey }, data, timeout: 120_000 });
  expect(r.status()).toBe(200);
  return (await r.json()) as Run;
}

const secondEditUrl = (page: Page, runId: string) => editUrlFor(page, apiKey, runId);
const openEditor = (browser: Browser, editUrl: string, origin = '') => openViewer(browser, editUrl, { origin });
const download = (page: Page, runId: string) => downloadRunFile(page, apiKey, runId);

// ---- the grid ----

const fx = (page: Page) => grid(page).locator('.fortune-fx-input');


async function sheetValue(page: Page, runId: string, sheet: string, cell: string) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await download(page, runId)) as unknown as ArrayBuffer);
  return wb.getWorksheet(sheet)?.getCell(cell).value;
}

test.describe('two viewers of one workbook', () => {
  let run: Run;
  let a: Viewer;
  let b: Viewer;
  let sheet = '';

  test.beforeAll(async ({ browser }) => {
    const p = await browser.newPage();
    run = await generate(p, '/api/v1/excel/generate', { prompt: 'A workbook with a sheet "Budget" with columns Item, Amount' });
    const second = await secondEditUrl(p, run.run_id);
    await p.close();
    a = await openEditor(browser, run.edit_url);
    b = await openEditor(browser, second, SECOND);
    const doc = await (await a.page.request.get(`/api/v1/edit/${run.run_id}/document?token=${new URL(run.edit_url).searchParams.get('token')}`)).json();
    sheet = (doc as { model: { sheets: Array<{ name: string }> } }).model.sheets[0]!.name;
  });

  test.afterAll(async () => {
    await a?.ctx.close();
    await b?.ctx.close();
  });

  test('presence: each editor shows the other one', async () => {
    await expect(a.page.getByTestId('presence')).toHaveAttribute('data-count', '1', { timeout: 5_000 });
    await expect(b.page.getByTestId('presence')).toHaveAttribute('data-count', '1', { timeout: 5_000 });
    await shot(a.page, 'collab-1-presence', false);
  });

  test('A edits B2 and B edits H21 at the same time: both land in the file and in both editors', async () => {
    test.setTimeout(90_000);
    const v0 = await version(a.page);
    await goTo(a.page, 1, 1, 'B2');
    await goTo(b.page, 7, 20, 'H21');
    await a.page.keyboard.type('from A');
    await b.page.keyboard.type('from B');
    await Promise.all([a.page.keyboard.press('Enter'), b.page.keyboard.press('Enter')]);
    // both saved, one of them merged onto the other; both editors catch up to the second version
    for (const x of [a, b]) {
      await expect(x.page.getByTestId('save-status')).toHaveAttribute('data-version', String(v0 + 2), { timeout: 15_000 });
      await expect(x.page.getByTestId('save-status')).toHaveText('Saved');
    }
    expect(await sheetValue(a.page, run.run_id, sheet, 'B2')).toBe('from A');
    expect(await sheetValue(a.page, run.run_id, sheet, 'H21')).toBe('from B');
    // each editor shows the other's value (after the live update, no reload)
    await a.page.waitForTimeout(2_000);
    await goTo(a.page, 7, 20, 'H21');
    await expect(fx(a.page)).toHaveText('from B', { timeout: 5_000 });
    await goTo(b.page, 1, 1, 'B2');
    await expect(fx(b.page)).toHaveText('from A', { timeout: 5_000 });
    await shot(b.page, 'collab-2-both-cells', false);
  });

  test('both edit the same cell: the later writer sees both values and chooses', async () => {
    test.setTimeout(90_000);
    const v0 = await version(a.page);
    // B is in the middle of typing into C3 (its editor does not refresh under it)…
    await goTo(b.page, 2, 2, 'C3');
    await b.page.keyboard.type('B value');
    // …while A changes the same cell and saves
    await goTo(a.page, 2, 2, 'C3');
    await a.page.keyboard.type('A value');
    await a.page.keyboard.press('Enter');
    await expect(a.page.getByTestId('save-status')).toHaveAttribute('data-version', String(v0 + 1), { timeout: 15_000 });
    await b.page.keyboard.press('Enter');
    const dialog = b.page.getByTestId('conflict-dialog');
    await expect(dialog).toBeVisible({ timeout: 15_000 });
    await expect(dialog.getByTestId('conflict')).toHaveCount(1);
    await expect(dialog.getByTestId('conflict-yours')).toHaveText('B value');
    await expect(dialog.getByTestId('conflict-theirs')).toHaveText('A value');
    await expect(dialog.getByRole('group', { name: `${sheet}!C3` })).toBeVisible();
    // no typing into the void: the editor takes no input until the choice is saved
    await expect(b.page.getByTestId('editor-blocked')).toBeVisible();
    await expect(b.page.getByTestId('save-status')).toHaveText('Conflict');
    await shot(b.page, 'collab-3-conflict', false);
    await dialog.getByRole('radio', { name: /Yours/ }).check();
    await dialog.getByRole('button', { name: 'Save my choices' }).click();
    await expect(dialog).toBeHidden();
    await expect(b.page.getByTestId('editor-blocked')).toBeHidden();
    await expect(b.page.getByTestId('save-status')).toHaveAttribute('data-version', String(v0 + 2), { timeout: 15_000 });
    expect(await sheetValue(b.page, run.run_id, sheet, 'C3')).toBe('B value');
    // A's editor shows the chosen value
    await a.page.waitForTimeout(2_000);
    await goTo(a.page, 2, 2, 'C3');
    await expect(fx(a.page)).toHaveText('B value', { timeout: 5_000 });
  });

  test('an API resume adds a sheet while the editor is open: shown within 2 s without reload; the next edit saves', async () => {
    test.setTimeout(120_000);
    const tabs = grid(a.page).locator('.fortune-sheettab-container');
    await expect(tabs.getByText('Forecast', { exact: true })).toHaveCount(0);
    const marker = await a.page.evaluate(() => ((window as unknown as { __collabMarker: number }).__collabMarker = Date.now()));
    const r = await a.page.request.post(`${SECOND}/api/v1/excel/generate`, { headers: { 'X-API-Key': apiKey }, data: { run_id: run.run_id, prompt: 'Add a sheet named "Forecast"' }, timeout: 120_000 });
    expect(r.status()).toBe(200);
    const answered = Date.now();
    await expect(tabs.getByText('Forecast', { exact: true })).toBeVisible({ timeout: 2_000 });
    const shownAfterMs = Date.now() - answered;
    // the page was not reloaded
    expect(await a.page.evaluate(() => (window as unknown as { __collabMarker?: number }).__collabMarker)).toBe(marker);
    test.info().annotations.push({ type: 'sheet shown after the resume answered (ms)', description: String(shownAfterMs) });
    console.log(`[collab] the new sheet was shown ${shownAfterMs} ms after the resume answered`);
    await shot(a.page, 'collab-4-agent-sheet', false);
    const v0 = await version(a.page);
    await goTo(a.page, 1, 4, 'B5');
    await a.page.keyboard.type('after the agent');
    await a.page.keyboard.press('Enter');
    await expect(a.page.getByTestId('save-status')).toHaveAttribute('data-version', String(v0 + 1), { timeout: 15_000 });
    await expect(a.page.getByTestId('save-status')).toHaveText('Saved');
    expect(await sheetValue(a.page, run.run_id, sheet, 'B5')).toBe('after the agent');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await download(a.page, run.run_id)) as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toContain('Forecast');
  });
});

test('presence: an editor that closes disappears from the others', async ({ browser }) => {
  const p = await browser.newPage();
  const run = await generate(p, '/api/v1/excel/generate', { prompt: 'A workbook with a sheet "Notes"' });
  const second = await secondEditUrl(p, run.run_id);
  await p.close();
  const a = await openEditor(browser, run.edit_url);
  const b = await openEditor(browser, second, SECOND);
  try {
    await expect(a.page.getByTestId('presence')).toHaveAttribute('data-count', '1', { timeout: 5_000 });
    await b.ctx.close();
    await expect(a.page.getByTestId('presence')).toHaveCount(0, { timeout: 5_000 });
  } finally {
    await a.ctx.close();
  }
});

// ---- the document ----

test('two viewers edit the same paragraph at different words: both words are in the file', async ({ browser }) => {
  test.setTimeout(120_000);
  const p = await browser.newPage();
  const run = await generate(p, '/api/v1/word/generate', { prompt: 'A memo with sections Background, Policy' });
  const second = await secondEditUrl(p, run.run_id);
  await p.close();
  const a = await openEditor(browser, run.edit_url);
  const b = await openEditor(browser, second, SECOND);
  try {
    const v0 = await version(a.page);
    const para = (page: Page): Locator => page.locator('.ProseMirror p').filter({ hasText: /\w+ \w+ \w+ \w+ \w+/ }).first();
    const text = (await para(a.page).innerText()).trim();
    // A types at the start of the paragraph, B at its end, at the same time
    // (clicks at the first line's start and the last line's end: Home/End would stop at a wrapped line)
    await para(a.page).click({ position: { x: 1, y: 4 } });
    const box = (await para(b.page).boundingBox())!;
    await para(b.page).click({ position: { x: box.width - 2, y: box.height - 4 } });
    await a.page.keyboard.type('ALPHA ');
    await b.page.keyboard.type(' OMEGA');
    for (const x of [a, b]) await expect(x.page.getByTestId('save-status')).toHaveText('Saved', { timeout: 15_000 });
    await expect
      .poll(async () => {
        const d = await download(a.page, run.run_id);
        return (await (await JSZip.loadAsync(d)).file('word/document.xml')!.async('string')).replace(/<[^>]+>/g, '');
      }, { timeout: 20_000 })
      .toContain(`ALPHA ${text} OMEGA`);
    expect(await version(b.page)).toBeGreaterThanOrEqual(v0 + 1);
    // the editors show the other's word once the person pauses (the chip shows it at once)
    for (const x of [a, b]) {
      const chip = x.page.getByTestId('show-latest');
      if (await chip.isVisible()) await chip.click();
      await expect(para(x.page)).toContainText(`ALPHA ${text} OMEGA`, { timeout: 10_000 });
    }
    await shot(b.page, 'collab-5-document', false);
  } finally {
    await a.ctx.close();
    await b.ctx.close();
  }
});

// ---- the deck ----

/** A new deck opened by two viewers (the second on the second instance when there is one). */
async function deckViewers(browser: Browser, prompt: string) {
  const p = await browser.newPage();
  const run = await generate(p, '/api/v1/slides/generate', { prompt });
  const second = await secondEditUrl(p, run.run_id);
  await p.close();
  const a = await openEditor(browser, run.edit_url);
  const b = await openEditor(browser, second, SECOND);
  return { run, a, b };
}

/** The text of the downloaded pptx's parts whose names match `parts`, tags removed. */
async function pptxText(page: Page, runId: string, parts: RegExp): Promise<string> {
  const zip = await JSZip.loadAsync(await download(page, runId));
  const names = Object.keys(zip.files).filter((f) => parts.test(f));
  return (await Promise.all(names.map((f) => zip.file(f)!.async('string')))).join('').replace(/<[^>]+>/g, '');
}

test('two viewers of a deck: one edits a slide title, the other its speaker notes, at once: both reach the pptx', async ({ browser }) => {
  test.setTimeout(120_000);
  const { run, a, b } = await deckViewers(browser, 'a 4-slide deck about onboarding');
  try {
    const title = a.page.getByTestId('slide-stage').getByTestId('slide-title');
    await title.click();
    await a.page.keyboard.press('End');
    const notes = b.page.locator('#speaker-notes');
    await notes.click();
    await notes.press('End');
    await a.page.keyboard.type(' (edited by A)');
    await b.page.keyboard.type(' Notes typed by B.');
    for (const x of [a, b]) await expect(x.page.getByTestId('save-status')).toHaveText('Saved', { timeout: 15_000 });
    const text = () => pptxText(a.page, run.run_id, /^ppt\/(slides|notesSlides)\/\w+\.xml$/);
    await expect.poll(text, { timeout: 20_000 }).toMatch(/(?=[\s\S]*\(edited by A\))(?=[\s\S]*Notes typed by B\.)/);
    await shot(b.page, 'collab-6-deck', false);
  } finally {
    await a.ctx.close();
    await b.ctx.close();
  }
});

test('two viewers of a deck edit two different elements of one slide (title and subtitle) at once: both reach the pptx', async ({ browser }) => {
  test.setTimeout(120_000);
  const { run, a, b } = await deckViewers(browser, 'a 3-slide deck about hiring');
  try {
    const title = a.page.getByTestId('slide-stage').getByTestId('slide-title');
    await title.click();
    await a.page.keyboard.press('End');
    const subtitle = b.page.getByTestId('slide-stage').getByRole('textbox', { name: 'Slide subtitle' });
    await subtitle.click();
    await b.page.keyboard.press('End');
    await a.page.keyboard.type(' (title by A)');
    await b.page.keyboard.type(' (subtitle by B)');
    for (const x of [a, b]) await expect(x.page.getByTestId('save-status')).toHaveText('Saved', { timeout: 15_000 });
    const text = () => pptxText(a.page, run.run_id, /^ppt\/slides\/slide1\.xml$/);
    await expect.poll(text, { timeout: 20_000 }).toMatch(/(?=[\s\S]*\(title by A\))(?=[\s\S]*\(subtitle by B\))/);
    // and each editor shows the other's change once its person pauses (no reload)
    await a.page.getByTestId('slide-stage').click({ position: { x: 5, y: 5 } }).catch(() => undefined);
    await expect(a.page.getByTestId('slide-stage').getByRole('textbox', { name: 'Slide subtitle' })).toContainText('(subtitle by B)', { timeout: 15_000 });
  } finally {
    await a.ctx.close();
    await b.ctx.close();
  }
});
