import {mkdirSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import type {Page} from 'playwright-core';
import {launch, openWatched, waitForFirstIdle, waitForIdle} from './browser';
import {startAppServer} from './preview-server';

// `npm run screenshot`: the README's pictures, taken from the real built app.
const out = fileURLToPath(new URL('./screenshots/', import.meta.url));
mkdirSync(out, {recursive: true});
type Shot = {
  file: string;
  path: string;
  viewport: {width: number; height: number};
  click?: [number, number];
  /** Import these fixture plots through the app's own import panel first. */
  plots?: string;
  outdoor?: boolean;
  /** A header button to press before the picture (e.g. the dashboard). */
  press?: string;
};
const shots: Shot[] = [
  {file: 'app-zh.png', path: '#5.3/36.9/97.6', viewport: {width: 1280, height: 800}, click: [95.6, 36.9]},
  {file: 'app-en-datong.png', path: '?lang=en#10.2/37.0/101.66', viewport: {width: 1280, height: 800}},
  {file: 'app-zh-plots.png', path: '#11.6/36.95/101.68', viewport: {width: 1280, height: 800}, plots: 'datong-plots.geojson'},
  {file: 'app-zh-phone.png', path: '#11/36.95/101.68', viewport: {width: 390, height: 844}, plots: 'datong-plots.geojson', outdoor: true},
  {file: 'app-zh-dashboard.png', path: '#11/36.95/101.68', viewport: {width: 1440, height: 900}, plots: 'datong-programme-plots.geojson', press: '进度看板'},
  {file: 'app-en-phone.png', path: '?lang=en#11/36.95/101.68', viewport: {width: 390, height: 844}, plots: 'datong-plots.geojson'},
  {file: 'app-en-dashboard.png', path: '?lang=en#11/36.95/101.68', viewport: {width: 1280, height: 800}, plots: 'datong-programme-plots.geojson', press: 'Dashboard'},
];
/** On a phone the header's buttons are behind its menu. */
async function openMenuIfNeeded(page: Page): Promise<void> {
  const menu = page.locator('.menu-button');
  if (await menu.isVisible()) await menu.click();
}
const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));
const server = await startAppServer(Number(process.env.E2E_PORT ?? 4180));
const browser = await launch();
try {
  for (const s of shots) {
    const w = await openWatched(browser, {viewport: s.viewport, deviceScaleFactor: 1});
    await w.page.goto(server.url + s.path);
    await waitForFirstIdle(w.page);
    if (s.outdoor) {
      await openMenuIfNeeded(w.page);
      await w.page.locator('.theme-toggle').click();
      await w.page.keyboard.press('Escape');
    }
    if (s.plots) {
      await w.page.getByRole('tab', {name: /地块|Plots/}).click();
      await w.page.getByLabel(/^(导入文件|Import file)$/).setInputFiles(fixture(s.plots));
      const importable = Number(await w.page.locator('.import-report [data-figure="importable"]').textContent());
      await w.page.locator('.import-report .button-row button.primary').click();
      // Every imported plot saved on the device (and so handed to the map, which waitForIdle below lets draw).
      await w.page.waitForFunction((n) => document.querySelectorAll('.plot-list [data-save="saved"]').length === n, importable);
    }
    if (s.press) {
      await openMenuIfNeeded(w.page);
      await w.page.getByRole('button', {name: s.press, exact: true}).click();
      // The dashboard is loaded on demand: wait for it and its charts (drawn without animation).
      await w.page.getByTestId('dashboard').locator('.recharts-surface').first().waitFor();
    }
    if (s.click) {
      const p = await w.page.evaluate((ll) => (window as unknown as {qhMap: {project(l: [number, number]): {x: number; y: number}}}).qhMap.project(ll), s.click);
      const box = await w.page.locator('canvas.maplibregl-canvas').boundingBox();
      await w.page.mouse.click(box!.x + p.x, box!.y + p.y);
    }
    await w.page.evaluate(() => document.querySelector('.sidebar')?.scrollTo(0, 0));
    await w.page.evaluate(() => document.querySelector('.sheet-body')?.scrollTo(0, 0));
    await waitForIdle(w.page);
    await w.page.screenshot({path: out + s.file});
    console.log(`wrote ${s.file}`);
    await w.context.close();
  }
} finally {
  await browser.close();
  await server.stop();
}
