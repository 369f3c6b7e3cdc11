import { chromium } from '@playwright/test';
import { writeFileSync } from 'node:fs';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../e2e/chromium';
async function main() {
  const url = process.argv[2]!;
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await ctx.newPage();
  // warm the cache
  await page.goto(url); await page.waitForSelector('canvas.fortune-sheet-canvas', { timeout: 60000 }); await page.waitForTimeout(1500);
  const page2 = await ctx.newPage();
  const cdp = await ctx.newCDPSession(page2);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  const t0 = Date.now();
  await page2.goto(process.argv[3]!);
  await page2.waitForSelector('canvas.fortune-sheet-canvas', { timeout: 60000 });
  await page2.waitForTimeout(1200);
  const { profile } = await cdp.send('Profiler.stop');
  console.log('elapsed', Date.now() - t0);
  writeFileSync('/tmp/page.cpuprofile', JSON.stringify(profile));
  await browser.close();
}
main();
