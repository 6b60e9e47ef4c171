import {readFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {launch} from './browser';

// The PWA's PNG icons, rendered from public/favicon.svg (the app's own drawing) in Chromium.
// Run: npx tsx tests/e2e/make-icons.ts
const svg = readFileSync(fileURLToPath(new URL('../../public/favicon.svg', import.meta.url)), 'utf8');
const browser = await launch();
for (const size of [192, 512]) {
  const page = await browser.newPage({viewport: {width: size, height: size}});
  await page.setContent(`<html><body style="margin:0">${svg.replace('<svg ', `<svg width="${size}" height="${size}" `)}</body></html>`);
  await page.screenshot({path: fileURLToPath(new URL(`../../public/icons/icon-${size}.png`, import.meta.url))});
  await page.close();
}
await browser.close();
