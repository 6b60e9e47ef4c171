import {afterAll, beforeAll, describe, expect, inject, it} from 'vitest';
import {fileURLToPath} from 'node:url';
import type {Page} from 'playwright-core';
import {SECURITY_HEADERS} from '../../src/app/security-headers';
import {openWatched, waitForFirstIdle} from './browser';
import type {Watched} from './browser';
import {sharedBrowser} from './suite';

/* The built app under its Content-Security-Policy: served with the headers, and nothing it does is blocked. */

const baseUrl = inject('baseUrl');
const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));

type Violation = {directive: string; blocked: string; source: string};

/** Records every CSP violation the document reports (CSP Level 3 §5.3 SecurityPolicyViolationEvent). */
async function recordViolations(w: Watched): Promise<void> {
  await w.context.addInitScript(() => {
    const list: Violation[] = [];
    (window as unknown as {__cspViolations: Violation[]}).__cspViolations = list;
    document.addEventListener('securitypolicyviolation', (e) => list.push({directive: e.effectiveDirective, blocked: e.blockedURI, source: e.sourceFile}));
  });
}
const violations = (page: Page) => page.evaluate(() => (window as unknown as {__cspViolations: Violation[]}).__cspViolations);

/** Console errors from the page's workers too (the import worker runs sql.js). */
function watchWorkers(w: Watched): void {
  w.page.on('worker', (worker) => worker.on('console', (m) => {
    if (m.type() === 'error') w.errors.push(`worker ${worker.url()}: ${m.text()}`);
  }));
}

const browser = sharedBrowser();

describe('security headers of the served app', () => {
  it('sends the whole header set with the page, its scripts, the service worker and an unknown path', async () => {
    const html = await (await fetch(baseUrl)).text();
    const script = /<script[^>]+src="([^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    for (const path of ['', script!.replace(/^\//, ''), 'sw.js', 'manifest.webmanifest', 'no/such/page']) {
      const res = await fetch(new URL(path, baseUrl));
      for (const [name, value] of Object.entries(SECURITY_HEADERS)) expect([path, name, res.headers.get(name)]).toEqual([path, name, value]);
    }
    const csp = SECURITY_HEADERS['Content-Security-Policy']!;
    for (const directive of ["default-src 'self'", "object-src 'none'", "frame-ancestors 'none'", "base-uri 'self'", "form-action 'self'"]) expect(csp).toContain(directive);
    expect(csp).not.toMatch(/unsafe-inline|'unsafe-eval'|\*/);
  });
});

describe('the built app under its CSP (Chromium)', () => {
  let w: Watched;
  beforeAll(async () => {
    w = await openWatched(browser);
    await recordViolations(w);
    watchWorkers(w);
  });
  afterAll(async () => {
    await w?.context.close();
  });

  it('loads the map, opens the import panel and the dashboard, imports a GeoPackage (sql.js WebAssembly): no violation', async () => {
    const page = w.page;
    const response = await page.goto(`${baseUrl}?lang=en#11/36.95/101.68`);
    expect(response?.headers()['content-security-policy']).toBe(SECURITY_HEADERS['Content-Security-Policy']);
    await waitForFirstIdle(page);
    await page.getByRole('tab', {name: 'Plots'}).click();
    await page.getByLabel('Import file').setInputFiles(fixture('datong-plots-epsg4522.gpkg'));
    const report = page.getByRole('region', {name: 'Import report'});
    // 4 features read means sql.js compiled its WebAssembly and read the file in the worker.
    await expect.poll(() => report.locator('[data-figure="read"]').textContent(), {timeout: 30_000}).toBe('4');
    expect(await report.textContent()).toContain('EPSG:4522');
    await page.getByRole('button', {name: 'Dashboard'}).click();
    await expect.poll(() => page.getByTestId('plots-shown').count(), {timeout: 30_000}).toBe(1);
    expect(await violations(page)).toEqual([]);
    expect(w.errors).toEqual([]);
  });

  it('keeps the policy when the service worker serves the page, and still no violation', async () => {
    const page = w.page;
    // The worker does not claim the page that installed it (a new version waits for the user,
    // issue 9), so it serves the next navigation once it is active.
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    await expect.poll(() => page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.active?.state), {timeout: 30_000}).toBe('activated');
    const response = await page.reload();
    expect(response?.fromServiceWorker()).toBe(true);
    expect(response?.headers()['content-security-policy']).toBe(SECURITY_HEADERS['Content-Security-Policy']);
    await waitForFirstIdle(page);
    expect(await violations(page)).toEqual([]);
    expect(w.errors).toEqual([]);
  });

  it('does block what it should: an injected inline script does not run and is reported', async () => {
    const page = w.page;
    await page.evaluate(() => {
      const s = document.createElement('script');
      s.textContent = 'window.__inlineRan = true';
      document.body.append(s);
    });
    await expect.poll(async () => (await violations(page)).map((v) => v.directive)).toEqual(['script-src-elem']);
    expect(await page.evaluate(() => (window as unknown as {__inlineRan?: boolean}).__inlineRan)).toBeUndefined();
  });
});
