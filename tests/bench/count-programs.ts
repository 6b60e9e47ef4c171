// How many WebGL programs a page links before its first map idle, when its map is made and its layer files parsed
// (`tsx tests/bench/count-programs.ts /bare/ /`, NAMES=1 lists each program's defines). Not part of `npm run bench`.
import {launch, waitForFirstIdle} from '../e2e/browser';
import {BENCH_MOUNTS, serveStatic} from './static-server';

const probe = `(() => {
  const P = WebGL2RenderingContext.prototype;
  const stats = {links: 0, compiles: 0, ms: 0, names: []};
  window.__gl = stats;
  stats.events = [];
  new MutationObserver((_, o) => { if (document.getElementById('root')?.firstChild) { stats.events.push(['root', Math.round(performance.now()), 0]); o.disconnect(); } }).observe(document, {subtree: true, childList: true});
  const origJson = Response.prototype.json;
  Response.prototype.json = function () { const t = performance.now(); const url = this.url; return origJson.call(this).then((v) => { if (/geojson/.test(url)) stats.events.push(['json', Math.round(t), Math.round(performance.now() - t)]); return v; }); };
  const origGet = HTMLCanvasElement.prototype.getContext;
  HTMLCanvasElement.prototype.getContext = function (kind, ...rest) {
    const t = performance.now();
    try { return origGet.call(this, kind, ...rest); } finally { if (kind === 'webgl2') stats.events.push(['getContext', Math.round(t), Math.round(performance.now() - t)]); }
  };
  const src = new WeakMap();
  const origSource = P.shaderSource;
  P.shaderSource = function (sh, text) { src.set(sh, text); return origSource.call(this, sh, text); };
  const origAttach = P.attachShader;
  const attached = new WeakMap();
  P.attachShader = function (prog, sh) { (attached.get(prog) ?? attached.set(prog, []).get(prog)).push(src.get(sh) ?? ''); return origAttach.call(this, prog, sh); };
  const origLink = P.linkProgram;
  P.linkProgram = function (prog) {
    const texts = attached.get(prog) ?? [];
    const defines = [...new Set(texts.join('\\n').match(/#define [A-Z_a-z0-9]+/g) ?? [])].map((d) => d.slice(8)).filter((d) => !/^(EXTENT|PI|SDF_PX|DEVICE_PIXEL_RATIO|scale|LINE_DISTANCE_SCALE|MAX_LINE_DISTANCE|ANTIALIASING|OVERDRAW_INSPECTOR|lowp|mediump|highp|GLOBE|TERRAIN3D)$/.test(d));
    const uniforms = (texts[1] ?? '').match(/uniform [a-z0-9]+ u_[a-z_]+/g)?.slice(0, 4).map((u) => u.split(' ')[2]) ?? [];
    stats.names.push(defines.join(',') + ' | ' + uniforms.join(','));
    const t0 = performance.now();
    try { return origLink.call(this, prog); } finally { stats.events.push(['link', Math.round(t0), 0]); }
  };
  for (const name of ['compileShader', 'linkProgram', 'getProgramParameter', 'getShaderParameter']) {
    const orig = P[name];
    P[name] = function (...args) {
      const t = performance.now();
      try { return orig.apply(this, args); } finally {
        stats.ms += performance.now() - t;
        if (name === 'linkProgram') stats.links++;
        if (name === 'compileShader') stats.compiles++;
      }
    };
  }
})();`;
const server = await serveStatic(BENCH_MOUNTS);
const browser = await launch({gpuCompositing: true});
try {
  for (const path of process.argv.slice(2)) {
    const context = await browser.newContext({viewport: {width: 1280, height: 800}});
    await context.addInitScript({content: probe});
    const page = await context.newPage();
    await page.goto(server.url + path);
    const idle = await waitForFirstIdle(page);
    const s = await page.evaluate(() => (window as unknown as {__gl: {links: number; compiles: number; ms: number}}).__gl);
    console.log(`${path}: first idle ${idle.toFixed(0)} ms; ${s.links} programs linked, ${s.compiles} shaders compiled, ${s.ms.toFixed(0)} ms in compile/link/status calls`);
    const ev = (s as unknown as {events: [string, number, number][]}).events;
    const links = ev.filter((e) => e[0] === 'link');
    const res = await page.evaluate(() => performance.getEntriesByType('resource').filter((e) => /geojson/.test(e.name)).map((e) => Math.round((e as PerformanceResourceTiming).responseEnd)));
    const json = ev.filter((e) => e[0] === 'json');
    console.log(`   root rendered at ${ev.find((e) => e[0] === 'root')?.[1]} ms; json() from ${json[0]?.[1]} to ${Math.max(0, ...json.map((e) => e[1] + e[2]))} ms`);
    console.log(`   getContext at ${ev.find((e) => e[0] === 'getContext')?.slice(1).join(' ms, took ')} ms; links from ${links[0]?.[1]} to ${links.at(-1)?.[1]} ms; page-fetched geojson/fonts done by ${Math.max(0, ...res)} ms`);
    if (process.env.NAMES) for (const n of (s as unknown as {names: string[]}).names) console.log('   ', n.slice(0, 220));
    await context.close();
  }
} finally {
  await browser.close();
  await server.close();
}
