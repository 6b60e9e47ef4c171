import {mkdirSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {launch, openWatched, waitForFirstIdle, waitForIdle} from './browser';
import {startPreview} from './preview-server';

// `npm run screenshot`: the README's pictures, taken from the real built app.
const out = fileURLToPath(new URL('./screenshots/', import.meta.url));
mkdirSync(out, {recursive: true});
const shots: {file: string; path: string; viewport: {width: number; height: number}; click?: [number, number]}[] = [
  {file: 'app-zh.png', path: '#5.3/36.9/97.6', viewport: {width: 1280, height: 800}, click: [95.6, 36.9]},
  {file: 'app-en-datong.png', path: '?lang=en#10.2/37.0/101.66', viewport: {width: 1280, height: 800}},
  {file: 'app-zh-phone.png', path: '#6/37.4/99.5', viewport: {width: 390, height: 844}},
];
const server = await startPreview(4180);
const browser = await launch();
try {
  for (const s of shots) {
    const w = await openWatched(browser, {viewport: s.viewport, deviceScaleFactor: 1});
    await w.page.goto(server.url + s.path);
    await waitForFirstIdle(w.page);
    if (s.click) {
      const p = await w.page.evaluate((ll) => (window as unknown as {qhMap: {project(l: [number, number]): {x: number; y: number}}}).qhMap.project(ll), s.click);
      const box = await w.page.locator('canvas.maplibregl-canvas').boundingBox();
      await w.page.mouse.click(box!.x + p.x, box!.y + p.y);
    }
    await waitForIdle(w.page);
    await w.page.screenshot({path: out + s.file});
    console.log(`wrote ${s.file}`);
    await w.context.close();
  }
} finally {
  await browser.close();
  await server.stop();
}
