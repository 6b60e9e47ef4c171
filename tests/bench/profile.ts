import {writeFileSync} from 'node:fs';
import type {Page} from 'playwright-core';
import {launch} from '../e2e/browser';
import {startAppServer} from '../e2e/preview-server';
import {putStoredPlots} from '../e2e/seed-plots';
import {PLOTS_VIEW, plotFile} from './plot-files';

/*
 * A CPU profile of one step with N plots (not part of `npm run bench`): `tsx tests/bench/profile.ts
 * open|pan|report|import|edit [N]` prints the heaviest functions by self time and writes the .cpuprofile
 * (open it in Chromium's DevTools) to the folder in PROFILE_OUT (the temp folder by default).
 */
type Node = {id: number; callFrame: {functionName: string; url: string; lineNumber: number}; hitCount: number; children?: number[]};
const step = process.argv[2] ?? 'open';
const count = Number(process.argv[3] ?? 10_000);
const {path, plots} = plotFile(count);
const server = await startAppServer(Number(process.env.E2E_PORT ?? 4195));
const browser = await launch({gpuCompositing: true});
const url = `${server.url}?lang=en${PLOTS_VIEW}`;
const context = await browser.newContext({viewport: {width: 1280, height: 800}});
await context.addInitScript({content: 'window.__name = (f) => f;'});
const page = await context.newPage();
const idle = (p: Page) => p.waitForFunction(() => performance.getEntriesByName('qh-map-first-idle').length > 0, null, {timeout: 300_000});
try {
  await page.goto(url);
  await idle(page);
  if (step !== 'import' && step !== 'report') await putStoredPlots(page, plots);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', {interval: 1000});
  if (step === 'open') {
    await page.goto('about:blank');
    await cdp.send('Profiler.start');
    await page.goto(url);
    await idle(page);
    // With no plots stored the total stays at zero: the first idle is the end.
    if (count > 0) await page.waitForFunction(() => /[1-9]/.test(document.querySelector('[data-testid="remediated-mu"]')?.textContent ?? ''), null, {timeout: 300_000});
  } else if (step === 'pan') {
    await page.goto('about:blank');
    await page.goto(url);
    await idle(page);
    await page.waitForTimeout(2000);
    const box = (await page.locator('canvas.maplibregl-canvas').boundingBox())!;
    const cx = box.x + box.width / 2, cy = box.y + box.height / 2;
    await cdp.send('Profiler.start');
    await page.mouse.move(cx, cy);
    await page.mouse.down();
    for (let s = 1; s <= 20; s++) await page.mouse.move(cx + 15 * s, cy + 6 * s);
    await page.mouse.up();
    for (const d of [-240, -240, -240, 240, 240, 240]) {
      await page.mouse.wheel(0, d);
      await page.waitForTimeout(300);
    }
  } else if (step === 'edit') {
    // Five form saves (status planned → remediated), each until the header total changes.
    await page.goto('about:blank');
    await page.goto(url);
    await idle(page);
    await page.waitForFunction(() => /[1-9]/.test(document.querySelector('[data-testid="remediated-mu"]')?.textContent ?? ''), null, {timeout: 300_000});
    await page.getByRole('tab', {name: 'Plots'}).click();
    await cdp.send('Profiler.start');
    for (const p of plots.filter((q) => q.properties.status === 'planned').slice(0, 5)) {
      await page.locator('input.plot-search').fill(p.properties.name);
      const row = page.locator('.plot-list > li').filter({has: page.locator('.plot-name', {hasText: new RegExp(`^${p.properties.name}$`)})});
      await row.locator('.plot-row').click();
      await row.getByRole('button', {name: 'Edit details'}).click();
      const form = page.getByRole('dialog', {name: 'Plot details'});
      await form.getByLabel('Status').selectOption('remediated');
      await form.getByLabel('Completed').fill('2025-06-30');
      const before = await page.getByTestId('remediated-mu').textContent();
      await form.getByRole('button', {name: 'Save', exact: true}).click();
      await page.waitForFunction((b) => document.querySelector('[data-testid="remediated-mu"]')?.textContent !== b, before, {timeout: 60_000});
    }
  } else {
    // import: file chosen → report → "Import N" → stored + total; report: up to the report only.
    await page.getByRole('tab', {name: 'Plots'}).click();
    await cdp.send('Profiler.start');
    await page.getByLabel('Import file').setInputFiles(path);
    await page.waitForFunction(() => /^\d+$/.test(document.querySelector('[data-figure="importable"]')?.textContent ?? ''), null, {timeout: 300_000});
  }
  if (step === 'import') {
    await page.getByRole('button', {name: /^Import \d+ plots?$/}).click();
    await page.waitForFunction(() => !document.querySelector('[data-figure="importable"]'), null, {timeout: 300_000});
    await page.waitForFunction(() => /[1-9]/.test(document.querySelector('[data-testid="remediated-mu"]')?.textContent ?? ''), null, {timeout: 300_000});
  }
  const {profile} = await cdp.send('Profiler.stop') as unknown as {profile: {nodes: Node[]; startTime: number; endTime: number}};
  const out = `${process.env.PROFILE_OUT ?? '/tmp'}/qh-${step}-${count}.cpuprofile`;
  writeFileSync(out, JSON.stringify(profile));
  const self = new Map<string, number>();
  let total = 0;
  for (const n of profile.nodes) {
    const f = n.callFrame;
    const key = `${f.functionName || '(anon)'} ${f.url.split('/').pop()}:${f.lineNumber}`;
    self.set(key, (self.get(key) ?? 0) + n.hitCount);
    total += n.hitCount;
  }
  console.log(`${step} ${count}: ${((profile.endTime - profile.startTime) / 1e6).toFixed(1)} s profiled, ${out}`);
  for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 40)) console.log(`${((100 * v) / total).toFixed(1).padStart(5)} %  ${k}`);
} finally {
  await browser.close();
  await server.stop();
}
