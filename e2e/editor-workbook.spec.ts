// The spreadsheet editor with a real workbook (formats, borders, conditional fills, a chart, a
// comment) embedded on another origin: the grid shows the file as it is, and bold, fill, a number
// format, a column width, an inserted row, a deleted column and a sort all reach the downloaded
// file, with formulas over the shifted cells still computing the same values.
import { expect, test, type FrameLocator, type Page } from '@playwright/test';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { renderWorkbook } from '../server/documents/workbook/render-xlsx';
import type { WorkbookInput } from '../server/documents/workbook/schema';
import { startHostApp } from './editor-host';
import { shot, signUpWithApiKey } from './helpers';

const HOST_PORT = Number(process.env.E2E_HOST_PORT ?? 3206);
let apiKey = '';
let host: Awaited<ReturnType<typeof startHostApp>>;

test.describe.configure({ mode: 'serial' });

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun'];
const AMOUNTS = [120, 340, 95, 410, 230, 180];

function seedModel(): WorkbookInput {
  const cells: NonNullable<WorkbookInput['sheets'][number]['cells']> = {
    A1: { value: 'Month', style: { bold: true, fill: '#1F4E79', color: '#FFFFFF', border: 'thin' } },
    B1: { value: 'Amount', style: { bold: true, fill: '#1F4E79', color: '#FFFFFF', border: 'thin' } },
    C1: { value: 'Share', style: { bold: true, fill: '#1F4E79', color: '#FFFFFF', border: 'thin' } },
    D1: { value: 'Double', style: { bold: true, fill: '#1F4E79', color: '#FFFFFF', border: 'thin' } },
    A9: { value: 'Total', style: { bold: true } },
    B9: { formula: 'SUM(B2:B7)', numFmt: '#,##0.00', style: { bold: true, border: { top: { style: 'double' } } } },
    F1: { value: 'Start' },
    F2: { value: 46082, numFmt: 'mmm d, yyyy' },
  };
  MONTHS.forEach((m, i) => {
    const r = i + 2;
    cells[`A${r}`] = { value: m, style: { border: 'thin' } };
    cells[`B${r}`] = { value: AMOUNTS[i]!, numFmt: '#,##0.00', style: { border: 'thin' } };
    cells[`C${r}`] = { formula: `B${r}/SUM($B$2:$B$7)`, numFmt: '0.0%', style: { border: 'thin' } };
    cells[`D${r}`] = { formula: `B${r}*2`, numFmt: '$#,##0;($#,##0)', style: { border: 'thin' } };
  });
  return {
    sheets: [
      {
        name: 'Sales',
        columns: { A: { width: 12 }, B: { width: 14 }, C: { width: 10 }, D: { width: 12 }, F: { width: 14 } },
        cells,
        conditionalFormats: [
          { range: 'B2:B7', rule: { type: 'cellIs', operator: 'greaterThan', values: [300], style: { fill: '#FFC7CE', color: '#9C0006' } } },
          { range: 'D2:D7', rule: { type: 'dataBar', color: '#638EC6' } },
        ],
        charts: [{ id: 'sales', type: 'column', title: 'Sales by month', categories: 'Sales!A2:A7', series: [{ name: 'Sales!B1', values: 'Sales!B2:B7' }], anchor: 'H2:N16' }],
      },
    ],
  };
}

/** Adds a comment on Sales!A1 to the rendered package (the renderer writes none). */
async function withComment(xlsx: Buffer): Promise<Buffer> {
  const zip = await JSZip.loadAsync(xlsx);
  zip.file(
    'xl/comments1.xml',
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><comments xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><authors><author>Ada</author></authors><commentList><comment ref="A1" authorId="0"><text><r><t>Months of the first half</t></r></text></comment></commentList></comments>',
  );
  const relsPath = 'xl/worksheets/_rels/sheet1.xml.rels';
  const rel = '<Relationship Id="rIdCmt1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="../comments1.xml"/>';
  const rels = await zip.file(relsPath)?.async('string');
  zip.file(
    relsPath,
    rels ? rels.replace('</Relationships>', `${rel}</Relationships>`) : `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rel}</Relationships>`,
  );
  const ct = (await zip.file('[Content_Types].xml')!.async('string')).replace(
    '</Types>',
    '<Override PartName="/xl/comments1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml"/></Types>',
  );
  zip.file('[Content_Types].xml', ct);
  return zip.generateAsync({ type: 'nodebuffer' });
}

test.beforeAll(async ({ browser }) => {
  host = await startHostApp(HOST_PORT);
  apiKey = await signUpWithApiKey(browser, { name: 'Workbook Tester', tag: 'wb-editor', org: 'Workbook editor tests' });
});

test.afterAll(async () => {
  await host?.close();
});

async function waitSaved(frame: FrameLocator, afterVersion: number) {
  const status = frame.getByTestId('save-status');
  await expect(status).not.toHaveAttribute('data-version', String(afterVersion), { timeout: 15_000 });
  await expect(status).toHaveText('Saved', { timeout: 15_000 });
}

const version = async (frame: FrameLocator) => Number(await frame.getByTestId('save-status').getAttribute('data-version'));

test('a real workbook: shown as it is; bold, fill, number format, width, insert row, delete column and sort reach the file', async ({ page, request }) => {
  test.setTimeout(180_000);
  const xlsx = await withComment(await renderWorkbook(seedModel()));
  const up = await request.post('/api/v1/files', { headers: { 'X-API-Key': apiKey }, multipart: { file: { name: 'sales.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: xlsx } } });
  expect(up.status()).toBe(201);
  const fileId = ((await up.json()) as { id: string }).id;
  const gen = await request.post('/api/v1/excel/generate', { headers: { 'X-API-Key': apiKey }, data: { prompt: 'Keep the attached workbook as it is', file_ids: [fileId] }, timeout: 120_000 });
  expect(gen.status()).toBe(200);
  const run = (await gen.json()) as { run_id: string; edit_url: string };

  await page.goto(host.url(run.edit_url));
  const frame = page.frameLocator('iframe[title="Document viewer"]');
  await expect(frame.getByTestId('save-status')).toHaveText(/Saved/, { timeout: 30_000 });
  const grid = frame.getByTestId('spreadsheet-editor');
  await expect(grid.locator('.fortune-sheet-canvas')).toBeVisible();
  await expect(grid.getByTestId('grid-chart')).toBeVisible();
  await page.waitForTimeout(500);
  await shot(page, 'editor-workbook-1-as-is', false);

  const area = (await grid.locator('.fortune-cell-area').boundingBox())!;
  const widths = [12, 14, 10, 12, 0, 14].map((w) => (w ? Math.round(w * 7 + 5) : 73));
  const colX = (c: number) => area.x + widths.slice(0, c).reduce((s, w) => s + w, 0) + 73 * Math.max(0, c - widths.length);
  const cellAt = (c: number, r: number) => ({ x: colX(c) + 12, y: area.y + r * 19 + 9 });
  const click = async (page_: Page, c: number, r: number, button: 'left' | 'right' = 'left') => {
    const p = cellAt(c, r);
    await page_.mouse.click(p.x, p.y, { button });
  };
  const nameBox = grid.locator('.fortune-name-box');

  // Live recalculation in the grid: a new amount in B2 changes the total in B9 at once (read from
  // the status bar, which sums the selection); then the amount goes back.
  const stat = grid.getByTestId('selection-stats');
  for (const [amount, total] of [
    [200, 1455],
    [120, 1375],
  ] as const) {
    const v0 = await version(frame);
    await click(page, 1, 1);
    await expect(nameBox).toHaveText('B2');
    await page.keyboard.type(String(amount));
    await page.keyboard.press('Enter');
    await waitSaved(frame, v0);
    await click(page, 1, 8);
    await expect(nameBox).toHaveText('B9');
    await expect(stat).toContainText(`Sum: ${total.toLocaleString('en-US')}.00`);
  }

  // Bold on A3 (Ctrl+B) and the fill colour on A4 (the toolbar's fill button applies its colour).
  let before = await version(frame);
  await click(page, 0, 2);
  await expect(nameBox).toHaveText('A3');
  await page.keyboard.press('Control+b');
  await waitSaved(frame, before);
  before = await version(frame);
  await click(page, 0, 3);
  await expect(nameBox).toHaveText('A4');
  await grid.locator('.fortune-toolbar-combo-arrow[data-tips="Fill color"]').first().click();
  await grid.locator('.fortune-toolbar-color-picker-item').nth(12).click();
  await waitSaved(frame, before);

  // A number format on B2: the percent button.
  before = await version(frame);
  await click(page, 1, 1);
  await expect(nameBox).toHaveText('B2');
  await grid.getByRole('button', { name: /Format as percent/i }).first().click();
  await waitSaved(frame, before);

  // Column F wider: the context menu's column width.
  before = await version(frame);
  // (the width, hide and delete items are offered for whole columns: select F by its header)
  await page.mouse.click(colX(5) + 20, area.y - 10);
  await page.mouse.click(colX(5) + 20, area.y - 10, { button: 'right' });
  const widthItem = grid.locator('.fortune-context-menu .luckysheet-cols-menuitem', { hasText: /Column\s*Width/i }).first();
  await widthItem.locator('input').fill('140');
  await widthItem.click({ position: { x: 4, y: 4 } });
  await waitSaved(frame, before);

  // Sort A2:B7 ascending by A (the months as text): select with a drag, then A→Z.
  before = await version(frame);
  const from = cellAt(0, 1);
  const to = cellAt(1, 6);
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(to.x, to.y, { steps: 5 });
  await page.mouse.up();
  await grid.locator('[data-tips="Sort the selected rows A → Z"]').first().click();
  await waitSaved(frame, before);

  // Insert a row above row 2, then delete column E (empty) through the context menu.
  before = await version(frame);
  await click(page, 0, 1, 'right');
  await grid.locator('.fortune-context-menu .luckysheet-cols-menuitem', { hasText: /Above/i }).first().click({ position: { x: 4, y: 4 } });
  await waitSaved(frame, before);
  before = await version(frame);
  await page.mouse.click(colX(4) + 20, area.y - 10);
  await page.mouse.click(colX(4) + 20, area.y - 10, { button: 'right' });
  await grid.locator('.fortune-context-menu .luckysheet-cols-menuitem', { hasText: /Delete selected\s*Column/i }).first().click();
  await waitSaved(frame, before);

  // The grid then shows what the stored workbook computes: D3 (Apr's double, after the sort and the
  // inserted row) is 820, not the value the cell held before the sort.
  await click(page, 3, 2);
  await expect(nameBox).toHaveText('D3');
  await expect(stat).toContainText('Sum: $820', { timeout: 15_000 });
  // and the chart reads its moved range (A3:A8): all six months
  await expect(grid.getByTestId('grid-chart').locator('svg')).toContainText('May');

  // Sheets: "+" adds one, its tab's menu renames it to Notes, and a value typed there is kept; a
  // second new sheet is deleted again from its tab's menu.
  const tabs = grid.locator('.luckysheet-sheets-item');
  before = await version(frame);
  await grid.getByRole('button', { name: 'New sheet' }).click();
  await expect(tabs).toHaveCount(2);
  await waitSaved(frame, before);
  before = await version(frame);
  await grid.locator('.luckysheet-sheets-item-active').click({ button: 'right' });
  await grid.locator('.fortune-context-menu .luckysheet-cols-menuitem', { hasText: /^\s*Rename\s*$/ }).first().click();
  await page.keyboard.press('Control+a');
  await page.keyboard.type('Notes');
  await page.keyboard.press('Enter');
  await expect(grid.locator('.luckysheet-sheets-item-active')).toContainText('Notes');
  await waitSaved(frame, before);
  before = await version(frame);
  await click(page, 0, 0);
  await expect(nameBox).toHaveText('A1');
  await page.keyboard.type('Remember the totals');
  await page.keyboard.press('Enter');
  await waitSaved(frame, before);
  before = await version(frame);
  await grid.getByRole('button', { name: 'New sheet' }).click();
  await expect(tabs).toHaveCount(3);
  await waitSaved(frame, before);
  before = await version(frame);
  await grid.locator('.luckysheet-sheets-item-active').click({ button: 'right' });
  await grid.locator('.fortune-context-menu .luckysheet-cols-menuitem', { hasText: /^\s*Delete\s*$/ }).first().click();
  await frame.getByText('OK', { exact: true }).click();
  await expect(tabs).toHaveCount(2);
  await waitSaved(frame, before);
  await shot(page, 'editor-workbook-2-edited', false);

  const runRes = await request.get(`/api/v1/runs/${run.run_id}`, { headers: { 'X-API-Key': apiKey } });
  const url = ((await runRes.json()) as { download_url: string }).download_url;
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(await (await request.get(url)).body()) as unknown as ArrayBuffer);
  expect(wb.worksheets.map((w) => w.name)).toEqual(['Sales', 'Notes']);
  expect(wb.getWorksheet('Notes')!.getCell('A1').value).toBe('Remember the totals');
  const ws = wb.getWorksheet('Sales')!;
  // The inserted row pushed everything down by one: the header is row 1, the data rows 3–8.
  expect(ws.getCell('A2').value).toBeNull();
  const months = [3, 4, 5, 6, 7, 8].map((r) => ws.getCell(`A${r}`).value);
  expect(months).toEqual([...MONTHS].sort());
  // bold (was A3 before the sort and the insert: the row that held "Feb"); fill on the row that held "Mar"
  const rowOf = (m: string) => 3 + [...MONTHS].sort().indexOf(m);
  expect(ws.getCell(`A${rowOf('Feb')}`).font?.bold).toBe(true);
  expect((ws.getCell(`A${rowOf('Mar')}`).fill as { fgColor?: { argb?: string } }).fgColor?.argb).toBeTruthy();
  // percent format on the row that held "Jan" (B2 before)
  expect(ws.getCell(`B${rowOf('Jan')}`).numFmt).toMatch(/%/);
  // column F (with the date) was widened, then column E deleted: the date is in E now
  expect(ws.getCell('E3').value).toBeInstanceOf(Date);
  expect(ws.getColumn('E').width!).toBeGreaterThan(15);
  // the total still sums the six amounts, each share and double still matches its amount
  const total = AMOUNTS.reduce((s, v) => s + v, 0);
  const b10 = ws.getCell('B10').value as { formula: string; result: number };
  expect(b10.formula).toBe('SUM(B3:B8)');
  expect(b10.result).toBe(total);
  for (const m of MONTHS) {
    const r = rowOf(m);
    const amount = ws.getCell(`B${r}`).value as number;
    expect(amount).toBe(AMOUNTS[MONTHS.indexOf(m)]);
    const d = ws.getCell(`D${r}`).value as { formula: string; result: number };
    expect(d.formula).toBe(`B${r}*2`);
    expect(d.result).toBe(amount * 2);
    expect((ws.getCell(`C${r}`).value as { result: number }).result).toBeCloseTo(amount / total, 6);
  }
});
