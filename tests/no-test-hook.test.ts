import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {filesWithTestHook} from './no-test-hook';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, {recursive: true, force: true});
});

function build(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'qh-hook-check-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), {recursive: true});
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

describe('the production build check', () => {
  it('finds the browser-test hook in a built chunk', () => {
    const dir = build({'index.html': '<script src="assets/index.js"></script>', 'assets/index.js': 'a.qhMap=m', 'assets/other.js': 'x'});
    expect(filesWithTestHook(dir)).toEqual(['assets/index.js']);
  });

  it('passes a build without it, whatever its data files say', () => {
    const dir = build({'assets/index.js': 'map.on("idle")', 'geodata/notes.geojson': '{"qhMap": 1}'});
    expect(filesWithTestHook(dir)).toEqual([]);
  });
});
