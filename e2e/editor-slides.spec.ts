// The slide editor as a person uses it, inside a customer page's <iframe>: slides added with the
// layout picker, duplicated and deleted; bullets split and joined with Enter / Backspace; a text
// box formatted, moved and resized; undo by meaningful steps; table cells, chart data and an
// uploaded image. After each group the run's pptx is downloaded and its XML read back, and the
// edited deck is exported to PDF with LibreOffice.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type APIRequestContext, type FrameLocator, type Page } from '@playwright/test';
import JSZip from 'jszip';
import { startHostApp } from './editor-host';
import { shot, signUpWithApiKey } from './helpers';
import { makePng } from '../server/documents/fixtures/sample-image';

const HOST_PORT = Number(process.env.E2E_HOST_PORT ?? 3206);
const EMU = 914_400;
let apiKey = '';
let host: Awaited<ReturnType<typeof startHostApp>>;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ browser }) => {
  host = await startHostApp(HOST_PORT);
  apiKey = await signUpWithApiKey(browser, { name: 'Slides Tester', tag: 'slides', org: 'Slide editor tests' });
});

test.afterAll(async () => {
  await host?.close();
});

async function generate(request: APIRequestContext, prompt: string) {
  const r = await request.post('/api/v1/slides/generate', {
    headers: { 'X-API-Key': apiKey },
    data: { prompt },
    timeout: 120_000,
  });
  expect(r.status()).toBe(200);
  return (await r.json()) as { run_id: string; edit_url: string };
}

async function download(request: APIRequestContext, runId: string) {
  const run = await request.get(`/api/v1/runs/${runId}`, { headers: { 'X-API-Key': apiKey } });
  const url = ((await run.json()) as { download_url: string }).download_url;
  const zip = await JSZip.loadAsync(Buffer.from(await (await request.get(url)).body()));
  const names = Object.keys(zip.files)
    .filter((f) => /^ppt\/slides\/slide\d+\.xml$/.test(f))
    .sort((a, b) => Number(/(\d+)\.xml$/.exec(a)![1]) - Number(/(\d+)\.xml$/.exec(b)![1]));
  return { zip, slides: await Promise.all(names.map((n) => zip.file(n)!.async('string'))) };
}

async function model(request: APIRequestContext, editUrl: string, runId: string) {
  const token = new URL(editUrl).searchParams.get('token');
  const r = await request.get(`/api/v1/edit/${runId}/document?token=${token}`);
  return (
    (await r.json()) as {
      model: {
        slides: Array<{ id: string; title?: string; bullets?: unknown[]; elements: Array<Record<string, unknown>> }>;
      };
    }
  ).model;
}

async function openEmbedded(page: Page, editUrl: string): Promise<FrameLocator> {
  await page.goto(host.url(editUrl));
  const frame = page.frameLocator('iframe[title="Document viewer"]');
  await expect(frame.getByTestId('save-status')).toHaveText(/Saved/, { timeout: 30_000 });
  return frame;
}

async function version(frame: FrameLocator) {
  return Number(await frame.getByTestId('save-status').getAttribute('data-version'));
}

async function waitSaved(frame: FrameLocator, afterVersion: number) {
  const status = frame.getByTestId('save-status');
  await expect(status).not.toHaveAttribute('data-version', String(afterVersion), { timeout: 15_000 });
  await expect(status).toHaveText('Saved', { timeout: 15_000 });
}

const stageOf = (frame: FrameLocator) => frame.getByTestId('slide-stage');

async function addSlide(frame: FrameLocator, layout: string) {
  await frame.getByRole('button', { name: /New slide/ }).click();
  await frame.getByRole('menuitem', { name: layout, exact: true }).click();
}

test('slides: add with the layout picker, duplicate, delete; Enter splits a bullet, Backspace joins; thumbnails are one tab stop', async ({
  page,
  request,
}) => {
  const run = await generate(request, 'a 4-slide deck about onboarding');
  const frame = await openEmbedded(page, run.edit_url);
  const thumbs = frame.getByRole('list', { name: 'Slides' }).getByRole('button');
  await expect(thumbs).toHaveCount(4);
  const before = await model(request, run.edit_url, run.run_id);
  const start = await version(frame);

  // one tab stop: only the current thumbnail is tabbable; arrows move, Home/End jump, Enter opens
  await expect(frame.locator('ol[aria-label="Slides"] button[tabindex="0"]')).toHaveCount(1);
  await thumbs.nth(0).focus();
  await page.keyboard.press('ArrowDown');
  await expect(frame.getByTestId('slide-position')).toHaveText('2 / 4');
  await expect(thumbs.nth(1)).toBeFocused();
  await expect(thumbs.nth(1)).toHaveAttribute('tabindex', '0');
  await expect(thumbs.nth(0)).toHaveAttribute('tabindex', '-1');
  await page.keyboard.press('End');
  await expect(frame.getByTestId('slide-position')).toHaveText('4 / 4');
  await page.keyboard.press('Home');
  await expect(frame.getByTestId('slide-position')).toHaveText('1 / 4');
  await page.keyboard.press('Enter');
  await expect(stageOf(frame).locator(':focus')).toHaveCount(1);

  // add a "Title and bullets" slide after slide 1 through the in-page layout picker
  await frame.getByRole('button', { name: /New slide/ }).click();
  const menu = frame.getByRole('menu', { name: 'Layout of the new slide' });
  await expect(menu.getByRole('menuitem')).toHaveCount(10);
  await shot(page, 'editor-slides-layout-picker', false);
  await menu.getByRole('menuitem', { name: 'Title and bullets', exact: true }).click();
  await expect(thumbs).toHaveCount(5);
  await expect(frame.getByTestId('slide-position')).toHaveText('2 / 5');
  const title = stageOf(frame).getByTestId('slide-title');
  await title.click();
  await page.keyboard.press('Control+A');
  await page.keyboard.type('Added with the layout picker');

  // Enter at the end makes a new bullet; Enter in the middle splits one; Backspace at the start joins
  const bullets = stageOf(frame).getByRole('group', { name: 'Bullets' }).getByRole('textbox');
  await bullets.first().click();
  await page.keyboard.press('End');
  await page.keyboard.press('Enter');
  await page.keyboard.type('Second point');
  await page.keyboard.press('Enter');
  await page.keyboard.type('Third');
  await expect(bullets).toHaveCount(3);
  await bullets.nth(1).click();
  await page.keyboard.press('Home');
  for (let i = 0; i < 6; i++) await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Enter');
  await expect(bullets).toHaveCount(4);
  await expect(bullets.nth(1)).toHaveText('Second');
  await expect(bullets.nth(2)).toHaveText(/^\s?point$/);
  await page.keyboard.press('Backspace');
  await expect(bullets).toHaveCount(3);
  await expect(bullets.nth(1)).toHaveText('Second point');
  await page.keyboard.type(' (joined)');
  await expect(bullets.nth(1)).toHaveText('Second (joined) point');

  // duplicate it, then delete the first slide
  await frame.getByRole('button', { name: 'Duplicate' }).click();
  await expect(thumbs).toHaveCount(6);
  await expect(frame.getByTestId('slide-position')).toHaveText('3 / 6');
  await thumbs.nth(0).click();
  await frame.getByRole('button', { name: 'Delete slide' }).click();
  await expect(thumbs).toHaveCount(5);
  await waitSaved(frame, start);
  await shot(page, 'editor-slides-added', false);

  const { slides } = await download(request, run.run_id);
  expect(slides).toHaveLength(5);
  expect(slides.filter((x) => x.includes('Added with the layout picker'))).toHaveLength(2);
  const added = slides[0]!;
  expect(added).toContain('<a:t>Second (joined) point</a:t>');
  expect(added).toContain('<a:t>Third</a:t>');
  expect(added).not.toContain('First pointSecond');
  expect((added.match(/<a:buChar /g) ?? []).length).toBe(3);
  const firstTitle = before.slides[0]!.title!;
  expect(slides.some((x) => x.includes(`>${firstTitle}<`))).toBe(false);
});

test('slides: a text box formatted, moved and resized; undo by steps', async ({ page, request }) => {
  const run = await generate(request, 'a 3-slide deck about security training');
  const frame = await openEmbedded(page, run.edit_url);
  const start = await version(frame);
  await addSlide(frame, 'Title and bullets');
  await frame.getByRole('button', { name: '+ Text box' }).click();
  // the new box's text is selected: typing replaces it
  await page.keyboard.type('Quarterly results');
  await page.keyboard.press('Enter');
  await page.keyboard.type('Revenue up');
  await page.keyboard.press('Enter');
  await page.keyboard.type('Costs down');
  const box = stageOf(frame).getByRole('group', { name: 'Text box 1 paragraphs', exact: true }).getByRole('textbox');
  await expect(box).toHaveCount(3);

  await box.nth(0).click();
  await frame.getByRole('button', { name: 'Bold' }).click();
  await frame.getByRole('button', { name: 'Italic' }).click();
  await frame.getByRole('combobox', { name: 'Font size' }).selectOption('28');
  await frame.getByLabel('Text colour').fill('#c00000');
  await frame.getByRole('button', { name: 'Align center' }).click();
  await expect(box.nth(0)).toHaveCSS('font-weight', '700');
  await expect(box.nth(0)).toHaveCSS('font-size', '28px');
  await expect(box.nth(0)).toHaveCSS('color', 'rgb(192, 0, 0)');
  await box.nth(1).click();
  await frame.getByRole('button', { name: 'Numbered list' }).click();
  await box.nth(2).click();
  await frame.getByRole('button', { name: 'Bulleted list' }).click();
  await expect(box.nth(1)).toHaveAttribute('data-num', '1.');

  // move with the keyboard: Escape leaves the text for its frame; arrows 0.1 in, Shift 0.5 in
  const el = stageOf(frame).locator('[data-element-frame="0"]');
  await box.nth(2).click();
  await page.keyboard.press('Escape');
  await expect(el).toBeFocused();
  for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Shift+ArrowDown');
  // resize with the pointer: drag the bottom-right handle 1 in right and 0.5 in down (in screen px)
  const slideBox = (await stageOf(frame).locator('[data-slide-id]').boundingBox())!;
  const pxPerIn = slideBox.width / 13.333;
  const handle = (await el.getByTestId('handle-se').boundingBox())!;
  await page.mouse.move(handle.x + handle.width / 2, handle.y + handle.height / 2);
  await page.mouse.down();
  await page.mouse.move(handle.x + handle.width / 2 + pxPerIn * 0.5, handle.y + handle.height / 2 + pxPerIn * 0.25, {
    steps: 4,
  });
  await page.mouse.move(handle.x + handle.width / 2 + pxPerIn, handle.y + handle.height / 2 + pxPerIn * 0.5, {
    steps: 4,
  });
  await page.mouse.up();
  await expect(el.getByTestId('handle-se')).toBeVisible();
  await shot(page, 'editor-slides-textbox-formatted', false);

  // undo: a typed word is one step (not one character); redo brings it back; a move is one step
  const t = stageOf(frame).getByTestId('slide-title');
  await t.click();
  await page.keyboard.press('Control+A');
  await page.keyboard.type('Typed title');
  await expect(t).toHaveText('Typed title');
  await page.keyboard.press('Control+Z');
  await expect(stageOf(frame).getByTestId('slide-title')).toHaveText('New slide');
  await page.keyboard.press('Control+Shift+Z');
  await expect(stageOf(frame).getByTestId('slide-title')).toHaveText('Typed title');
  await frame.getByRole('button', { name: 'Undo' }).click();
  await frame.getByRole('button', { name: 'Redo' }).click();
  await expect(stageOf(frame).getByTestId('slide-title')).toHaveText('Typed title');
  await waitSaved(frame, start);

  const m = await model(request, run.edit_url, run.run_id);
  const tb = m.slides[1]!.elements[0]! as { x: number; y: number; w: number; h: number };
  expect(tb.x).toBeCloseTo(1.5, 2);
  expect(tb.y).toBeCloseTo(2.5, 2);
  expect(tb.w).toBeGreaterThan(5.8);
  expect(tb.w).toBeLessThan(6.2);
  expect(tb.h).toBeGreaterThan(1.55);
  expect(tb.h).toBeLessThan(1.85);
  const { slides } = await download(request, run.run_id);
  const x = slides[1]!;
  expect(x).toContain(
    `<a:off x="${Math.round(1.5 * EMU)}" y="${Math.round(2.5 * EMU)}"/><a:ext cx="${Math.round(tb.w * EMU)}" cy="${Math.round(tb.h * EMU)}"/>`,
  );
  expect(x).toMatch(
    /<a:pPr[^>]*algn="ctr"[^>]*>(?:(?!<\/a:p>).)*<a:rPr[^>]*sz="2800"[^>]*b="1"[^>]*i="1"[^>]*><a:solidFill><a:srgbClr val="C00000"\/>(?:(?!<\/a:p>).)*Quarterly results/s,
  );
  expect(x).toMatch(/<a:buAutoNum type="arabicPeriod"[^>]*\/>(?:(?!<\/a:p>).)*Revenue up/s);
  expect(x).toMatch(/<a:buChar [^>]*\/>(?:(?!<\/a:p>).)*Costs down/s);
  expect(x).toContain('Typed title');
});

test('slides: table cells, chart data with axes and legend, an uploaded image → pptx, and LibreOffice renders it', async ({
  page,
  request,
}) => {
  const run = await generate(request, 'a 3-slide deck about quarterly sales');
  const frame = await openEmbedded(page, run.edit_url);
  const start = await version(frame);

  await addSlide(frame, 'Table');
  await stageOf(frame).getByRole('textbox', { name: 'Table 1, row 2, column 1' }).click();
  await page.keyboard.type('North');
  await stageOf(frame).getByRole('textbox', { name: 'Table 1, row 2, column 2' }).click();
  await page.keyboard.type('42');

  await addSlide(frame, 'Chart');
  const chartFrame = stageOf(frame).locator('[data-element-frame="0"]');
  await chartFrame.click();
  await frame.getByRole('button', { name: 'Edit chart data' }).click();
  const dialog = frame.getByRole('dialog', { name: 'Chart data' });
  await dialog.getByLabel('Title', { exact: true }).fill('Sales by quarter');
  await dialog.getByLabel('Category axis title').fill('Quarter');
  await dialog.getByLabel('Value axis title').fill('Units');
  await dialog.getByRole('textbox', { name: 'Category 1' }).fill('Jan');
  await dialog.getByRole('textbox', { name: 'Series 1, Jan' }).fill('12');
  await dialog.getByRole('button', { name: 'Add series' }).click();
  await dialog.getByRole('textbox', { name: 'Series 2 name' }).fill('Returns');
  for (const [i, v] of ['3', '2', '5', '1'].entries())
    await dialog
      .getByRole('textbox', { name: new RegExp(`^Returns, `) })
      .nth(i)
      .fill(v);
  await shot(page, 'editor-slides-chart-dialog', false);
  await dialog.getByRole('button', { name: 'Done' }).click();
  const chart = stageOf(frame).getByTestId('slide-chart');
  await expect(chart.getByTestId('chart-legend')).toContainText('Returns');
  await expect(chart).toContainText('Sales by quarter');
  await expect(chart).toContainText('Jan');
  await expect(chart.getByTestId('chart-axis-title')).toHaveCount(2);

  // an uploaded image through the in-page dialog
  await frame.getByRole('button', { name: '+ Image' }).click();
  const png = makePng(40, 30, (x, y) => [x * 6, y * 8, 120]);
  await frame
    .getByLabel(/Upload from your computer/)
    .setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: png });
  await expect(frame.getByTestId('image-preview')).toBeVisible();
  await frame.getByRole('button', { name: 'Insert', exact: true }).click();
  await expect(stageOf(frame).locator('[data-kind="image"] img')).toBeVisible();
  // the upload went to the organization's image library: insert it again from there
  await frame.getByRole('button', { name: '+ Image' }).click();
  await frame.getByTestId('image-dialog').getByRole('button', { name: 'logo.png' }).first().click();
  await expect(frame.getByTestId('image-preview')).toBeVisible();
  await frame.getByRole('button', { name: 'Insert', exact: true }).click();
  await expect(stageOf(frame).locator('[data-kind="image"] img')).toHaveCount(2);
  await waitSaved(frame, start);
  await shot(page, 'editor-slides-chart-image', false);

  const { slides, zip } = await download(request, run.run_id);
  expect(slides).toHaveLength(5);
  expect(slides[1]).toContain('<a:t>North</a:t>');
  expect(slides[1]).toContain('<a:t>42</a:t>');
  expect((slides[2]!.match(/<p:pic>/g) ?? []).length).toBe(2);
  expect(Object.keys(zip.files).some((f) => f.startsWith('ppt/media/'))).toBe(true);
  const chartFiles = Object.keys(zip.files).filter((f) => /^ppt\/charts\/chart\d+\.xml$/.test(f));
  const charts = await Promise.all(chartFiles.map((f) => zip.file(f)!.async('string')));
  const c = charts.find((x) => x.includes('Returns'))!;
  expect(c).toBeTruthy();
  expect(c).toMatch(/<c:cat>(?:(?!<\/c:cat>).)*<c:v>Jan<\/c:v>/s);
  expect(c).toMatch(/<c:val>(?:(?!<\/c:val>).)*<c:v>12<\/c:v>/s);
  expect(c).toContain('Sales by quarter');
  expect(c).toContain('<c:legend>');

  const exp = await request.post(`/api/v1/runs/${run.run_id}/export`, {
    headers: { 'X-API-Key': apiKey },
    data: { format: 'pdf' },
    timeout: 120_000,
  });
  expect(exp.status(), await exp.text()).toBe(200);
  const pdf = Buffer.from(
    await (await request.get(((await exp.json()) as { download_url: string }).download_url)).body(),
  );
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  expect(pdf.length).toBeGreaterThan(10_000);
});

test('slides: a table and a chart inserted on a bullet slide (not only with their layouts) → pptx', async ({ page, request }) => {
  const run = await generate(request, 'a 3-slide deck about hiring');
  const frame = await openEmbedded(page, run.edit_url);
  const start = await version(frame);
  await frame.getByRole('button', { name: /^Slide 2 of 3/ }).click(); // slide 2: a title-and-bullets slide

  await frame.getByRole('button', { name: '+ Table' }).click();
  const cell = stageOf(frame).getByRole('textbox', { name: /^Table \d+, row 2, column 1$/ });
  await expect(cell).toHaveCount(1);
  await cell.click();
  await page.keyboard.type('Engineers');

  await frame.getByRole('button', { name: '+ Chart' }).click();
  const dialog = frame.getByRole('dialog', { name: 'Chart data' });
  await expect(dialog).toBeVisible(); // a new chart opens on its data
  await dialog.getByLabel('Title', { exact: true }).fill('Hires by quarter');
  await dialog.getByRole('textbox', { name: 'Series 1 name' }).fill('Hires');
  await dialog.getByRole('textbox', { name: 'Hires, Q1' }).fill('7');
  await dialog.getByRole('button', { name: 'Done' }).click();
  await expect(stageOf(frame).getByTestId('slide-chart')).toContainText('Hires by quarter');
  await waitSaved(frame, start);
  await shot(page, 'editor-slides-insert-table-chart', false);
  // each went to a free place: the table, the chart and the bullet lines do not cover one another
  const boxes = await stageOf(frame).evaluate((stage) => {
    const slide = stage.querySelector('[data-slide-id]')!;
    const rect = (r: DOMRect) => ({ x: r.left, y: r.top, width: r.width, height: r.height });
    const range = document.createRange();
    const lines: Array<ReturnType<typeof rect>> = [];
    const walker = document.createTreeWalker(slide, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (!n.textContent?.trim() || n.parentElement?.closest('[data-element-frame]')) continue;
      range.selectNodeContents(n);
      for (const r of range.getClientRects()) lines.push(rect(r));
    }
    return {
      table: rect(slide.querySelector('[data-kind="table"]')!.getBoundingClientRect()),
      chart: rect(slide.querySelector('[data-kind="chart"]')!.getBoundingClientRect()),
      lines,
    };
  });
  type R = (typeof boxes)['table'];
  const apart = (a: R, b: R) => a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;
  expect(apart(boxes.table, boxes.chart)).toBe(true);
  expect(boxes.lines.length).toBeGreaterThan(1);
  for (const line of boxes.lines) {
    expect(apart(line, boxes.table)).toBe(true);
    expect(apart(line, boxes.chart)).toBe(true);
  }

  const { slides, zip } = await download(request, run.run_id);
  expect(slides).toHaveLength(3);
  expect(slides[1]).toContain('<a:tbl>');
  expect(slides[1]).toContain('<a:t>Engineers</a:t>');
  expect(slides[1]).toContain('<c:chart ');
  const charts = await Promise.all(
    Object.keys(zip.files)
      .filter((f) => /^ppt\/charts\/chart\d+\.xml$/.test(f))
      .map((f) => zip.file(f)!.async('string')),
  );
  const c = charts.find((x) => x.includes('Hires by quarter'));
  expect(c).toBeTruthy();
  expect(c).toMatch(/<c:val>(?:(?!<\/c:val>).)*<c:v>7<\/c:v>/s);
  // the slide's own bullets are still there
  const m = await model(request, run.edit_url, run.run_id);
  expect(m.slides[1]!.bullets?.length ?? 0).toBeGreaterThan(0);
});

test('slides: mixed-format runs survive typing; a selected word is formatted on its own → pptx runs, LibreOffice renders it', async ({
  page,
  request,
}) => {
  const run = await generate(request, 'a 2-slide deck about revenue');
  const token = new URL(run.edit_url).searchParams.get('token')!;
  const doc = (await (await request.get(`/api/v1/edit/${run.run_id}/document?token=${token}`)).json()) as { version: number };
  // a customer's paragraph with mixed runs: "Revnue **grew 12%** in Q3" (with a typo), and a plain one
  const put = await request.put(`/api/v1/edit/${run.run_id}/document`, {
    data: {
      token,
      base_version: doc.version,
      edit: {
        kind: 'deck',
        ops: [
          {
            op: 'insertSlide',
            after: null,
            slide: {
              id: 'mixed',
              layout: 'blank',
              elements: [
                {
                  kind: 'text',
                  x: 1,
                  y: 1,
                  w: 10,
                  h: 2.5,
                  paragraphs: [
                    { runs: [{ text: 'Revnue ' }, { text: 'grew 12%', bold: true, color: '#C00000' }, { text: ' in Q3' }] },
                    { runs: [{ text: 'Costs fell in Q3' }] },
                  ],
                },
              ],
            },
          },
        ],
      },
    },
  });
  expect(put.status(), await put.text()).toBe(200);

  const frame = await openEmbedded(page, run.edit_url);
  const start = await version(frame);
  await expect(frame.getByTestId('slide-position')).toHaveText('1 / 3');
  const lines = stageOf(frame).getByRole('group', { name: 'Text box 1 paragraphs', exact: true }).getByRole('textbox');
  await expect(lines).toHaveCount(2);
  // the runs are shown with their formatting while editing
  const boldSpan = lines.nth(0).locator('span', { hasText: 'grew 12%' });
  await expect(boldSpan).toHaveCSS('font-weight', '700');
  await expect(boldSpan).toHaveCSS('color', 'rgb(192, 0, 0)');
  await expect(lines.nth(0).locator('span', { hasText: 'Revnue' })).toHaveCSS('font-weight', '400');

  // fix the typo in the plain part: the bold run stays bold
  await lines.nth(0).click();
  await page.keyboard.press('Home');
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
  await page.keyboard.type('e');
  await expect(lines.nth(0)).toHaveText('Revenue grew 12% in Q3');
  await expect(lines.nth(0).locator('span', { hasText: 'grew 12%' })).toHaveCSS('font-weight', '700');
  await expect(lines.nth(0).locator('span', { hasText: 'Revenue' })).toHaveCSS('font-weight', '400');
  // the toolbar shows the run at the caret: inside "grew" Bold is pressed, in "Revenue" it is not
  const bold = frame.getByRole('button', { name: 'Bold' });
  for (let i = 0; i < 7; i++) await page.keyboard.press('ArrowRight');
  await expect(bold).toHaveAttribute('aria-pressed', 'true');
  await page.keyboard.press('Home');
  await page.keyboard.press('ArrowRight');
  await expect(bold).toHaveAttribute('aria-pressed', 'false');
  // typed inside the bold run: bold
  await page.keyboard.press('End');
  for (let i = 0; i < 7; i++) await page.keyboard.press('ArrowLeft'); // after "grew 12"
  await page.keyboard.type('.5');
  await expect(lines.nth(0).locator('span', { hasText: 'grew 12.5%' })).toHaveCSS('font-weight', '700');

  // select one word and press Bold: only that word; Ctrl+I on another word; the caret alone: the paragraph
  await lines.nth(1).click();
  await page.keyboard.press('Home');
  for (let i = 0; i < 5; i++) await page.keyboard.press('Shift+ArrowRight');
  await bold.click();
  await expect(lines.nth(1).locator('span', { hasText: 'Costs' })).toHaveCSS('font-weight', '700');
  await expect(lines.nth(1).locator('span', { hasText: 'fell in Q3' })).toHaveCSS('font-weight', '400');
  await expect(bold).toHaveAttribute('aria-pressed', 'true');
  await page.keyboard.press('Home');
  for (let i = 0; i < 6; i++) await page.keyboard.press('ArrowRight');
  for (let i = 0; i < 4; i++) await page.keyboard.press('Shift+ArrowRight');
  await page.keyboard.press('Control+I');
  await expect(lines.nth(1).locator('span', { hasText: /^fell$/ })).toHaveCSS('font-style', 'italic');
  await expect(lines.nth(1).locator('span', { hasText: 'Costs' })).toHaveCSS('font-style', 'normal');
  await expect(lines.nth(1)).toHaveText('Costs fell in Q3');
  // size and colour of a selection ("Q3"): the select and the colour input take the focus, the selection is kept
  await page.keyboard.press('End');
  for (let i = 0; i < 2; i++) await page.keyboard.press('Shift+ArrowLeft');
  await frame.getByRole('combobox', { name: 'Font size' }).selectOption('28');
  await frame.getByLabel('Text colour').fill('#00b050');
  const q3 = lines.nth(1).locator('span', { hasText: /^Q3$/ });
  await expect(q3).toHaveCSS('font-size', '28px');
  await expect(q3).toHaveCSS('color', 'rgb(0, 176, 80)');
  await expect(lines.nth(1).locator('span', { hasText: /^fell$/ })).not.toHaveCSS('color', 'rgb(0, 176, 80)');
  // a paste is plain text: no markup reaches the DOM or the model
  await lines.nth(1).click();
  await page.keyboard.press('End');
  await lines.nth(1).evaluate((el) => {
    const dt = new DataTransfer();
    dt.setData('text/html', '<b onclick="alert(1)">!</b><script>alert(1)</script>');
    dt.setData('text/plain', ' (pasted)\u0000');
    el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
  });
  await expect(lines.nth(1)).toHaveText('Costs fell in Q3 (pasted)');
  await expect(lines.nth(1).locator('script, b, [onclick]')).toHaveCount(0);
  await shot(page, 'editor-slides-mixed-runs', false);
  await waitSaved(frame, start);

  const m = await model(request, run.edit_url, run.run_id);
  const paras = m.slides[0]!.elements[0]!.paragraphs as Array<{ runs: unknown[] }>;
  expect(paras[0]!.runs).toEqual([{ text: 'Revenue ' }, { text: 'grew 12.5%', bold: true, color: '#C00000' }, { text: ' in Q3' }]);
  // (the paste at the end took the formatting of the run before the caret)
  expect(paras[1]!.runs).toEqual([
    { text: 'Costs', bold: true },
    { text: ' ' },
    { text: 'fell', italic: true },
    { text: ' in ' },
    { text: 'Q3 (pasted)', size: 28, color: '#00B050' },
  ]);

  const { slides } = await download(request, run.run_id);
  const x = slides[0]!;
  const runXml = (t: string) => new RegExp(`<a:rPr([^>]*)>(?:(?!</a:r>).)*<a:t>${t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}</a:t></a:r>`, 's');
  expect(x).toMatch(runXml('grew 12.5%'));
  expect(runXml('grew 12.5%').exec(x)![1]).toContain('b="1"');
  expect(runXml('Revenue ').exec(x)![1]).not.toContain('b="1"');
  expect(runXml(' in Q3').exec(x)![1]).not.toContain('b="1"');
  expect(runXml('Costs').exec(x)![1]).toContain('b="1"');
  expect(runXml('fell').exec(x)![1]).toContain('i="1"');
  expect(runXml('fell').exec(x)![1]).not.toContain('b="1"');
  expect(x).toMatch(/<a:rPr[^>]*sz="2800"[^>]*>(?:(?!<\/a:r>).)*<a:srgbClr val="00B050"\/>(?:(?!<\/a:r>).)*<a:t>Q3 \(pasted\)<\/a:t>/s);
  const paraText = (needle: string) =>
    [...(x.match(/<a:p>(?:(?!<\/a:p>).)*<\/a:p>/gs) ?? [])]
      .find((p) => p.includes(needle))!
      .match(/<a:t>([^<]*)<\/a:t>/g)!
      .map((t) => t.slice(5, -6))
      .join('');
  expect(paraText('Revenue')).toBe('Revenue grew 12.5% in Q3');
  expect(paraText('Costs')).toBe('Costs fell in Q3 (pasted)');

  const exp = await request.post(`/api/v1/runs/${run.run_id}/export`, {
    headers: { 'X-API-Key': apiKey },
    data: { format: 'pdf' },
    timeout: 120_000,
  });
  expect(exp.status(), await exp.text()).toBe(200);
  const pdf = Buffer.from(await (await request.get(((await exp.json()) as { download_url: string }).download_url)).body());
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
});

test('slides: hostile runs in a save (100k runs, NUL bytes, bad colours) are a 400 and nothing is written', async ({ request }) => {
  const run = await generate(request, 'a 2-slide deck about onboarding');
  const token = new URL(run.edit_url).searchParams.get('token')!;
  const get = async () =>
    (await (await request.get(`/api/v1/edit/${run.run_id}/document?token=${token}`)).json()) as {
      version: number;
      model: { slides: Array<{ id: string }> };
    };
  const doc = await get();
  const id = doc.model.slides[0]!.id;
  const withRuns = (runs: unknown[]) => ({
    op: 'setElements',
    slide: id,
    elements: [{ kind: 'text', x: 1, y: 1, w: 4, h: 1, paragraphs: [{ runs }] }],
  });
  for (const op of [
    withRuns(Array.from({ length: 100_000 }, (_, i) => ({ text: 'x', bold: i % 2 === 0 }))),
    withRuns([{ text: 'nul\u0000byte' }]),
    withRuns([{ text: 'red', color: 'red; background:url(x)' }]),
  ]) {
    const r = await request.put(`/api/v1/edit/${run.run_id}/document`, {
      data: { token, base_version: doc.version, edit: { kind: 'deck', ops: [op] } },
    });
    expect(r.status()).toBe(400);
    const body = (await r.json()) as { error?: { code?: string } };
    expect(body.error).toBeTruthy();
  }
  expect((await get()).version).toBe(doc.version);
});

test('slides: a hostile image in a save is refused and nothing is written', async ({ request }) => {
  const run = await generate(request, 'a 2-slide deck about onboarding');
  const token = new URL(run.edit_url).searchParams.get('token')!;
  const doc = (await (await request.get(`/api/v1/edit/${run.run_id}/document?token=${token}`)).json()) as {
    version: number;
    model: { slides: Array<{ id: string }> };
  };
  const svg = `data:image/svg+xml;base64,${Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>').toString('base64')}`;
  const r = await request.put(`/api/v1/edit/${run.run_id}/document`, {
    data: {
      token,
      base_version: doc.version,
      edit: {
        kind: 'deck',
        ops: [
          {
            op: 'setElements',
            slide: doc.model.slides[0]!.id,
            elements: [{ kind: 'image', src: svg, x: 1, y: 1, w: 2, h: 2 }],
          },
        ],
      },
    },
  });
  expect(r.status()).toBe(400);
  const after = (await (await request.get(`/api/v1/edit/${run.run_id}/document?token=${token}`)).json()) as {
    version: number;
  };
  expect(after.version).toBe(doc.version);
});

test('axe: no serious or critical violations with an element selected, the layout menu and the chart data dialog open', async ({
  page,
  request,
}) => {
  const run = await generate(request, 'a 3-slide deck about our quarterly plan');
  await page.goto(run.edit_url);
  await expect(page.getByTestId('save-status')).toHaveText(/Saved/, { timeout: 30_000 });
  await page.getByRole('button', { name: /New slide/ }).click();
  await page.getByRole('menuitem', { name: 'Chart', exact: true }).click();
  await page.getByTestId('slide-stage').locator('[data-element-frame="0"]').click();
  const check = async (what: string) => {
    const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    const severe = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(
      severe.map(
        (v) =>
          `${what}: ${v.impact} ${v.id}: ${v.nodes
            .map((n) => n.target.join(' '))
            .slice(0, 5)
            .join(' | ')}`,
      ),
    ).toEqual([]);
  };
  await check('element selected');
  await page.getByRole('button', { name: /New slide/ }).click();
  await check('layout menu');
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'Edit chart data' }).click();
  await expect(page.getByRole('dialog', { name: 'Chart data' })).toBeVisible();
  await check('chart data dialog');
  await shot(page, 'editor-slides-axe-dialog', false);
});
