import fc from 'fast-check';
import {readdirSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import {isDeepStrictEqual} from 'node:util';
import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';
import {plainJson, readJson, scanJson} from './json-scan';
import {decodeText} from './text-decoding';

const fixtureDir = fileURLToPath(new URL('../../../tests/fixtures/', import.meta.url));
const cliTestDir = fileURLToPath(new URL('../../cli/test/', import.meta.url));

const scanned = (text: string) => {
  const result = scanJson(text);
  if (!result.ok) throw new Error(result.cause);
  return result.scan;
};

describe('scanJson', () => {
  it('reads any JSON JSON.parse reads, to the same value (integers within 2^53)', () => {
    fc.assert(fc.property(fc.jsonValue(), (value) => {
      const text = JSON.stringify(value);
      fc.pre(!/\d{16}/.test(text)); // longer integers are kept as text, below
      expect(scanned(text).value).toEqual(JSON.parse(text));
    }), {numRuns: 2_000});
  });

  it('rejects what JSON.parse rejects', () => {
    const alphabet = fc.constantFrom(...'{}[]",:-+.019eE tnul\\'.split(''));
    fc.assert(fc.property(fc.array(alphabet, {maxLength: 24}).map((a) => a.join('')), (text) => {
      let parses = true;
      try {
        JSON.parse(text);
      } catch {
        parses = false;
      }
      expect(scanJson(text).ok).toBe(parses);
    }), {numRuns: 5_000});
  });

  it('names repeated member names and integers beyond 2^53 by their JSON Pointer', () => {
    const scan = scanned('{"a":{"b/c":[1,9007199254740993,2.5e300],"x~":1,"x~":2},"a":{"q":1,"q":[18446744073709551616]}}');
    expect(scan.duplicateKeys).toEqual(['/a/x~0', '/a', '/a/q']);
    expect(scan.bigIntegers).toEqual(['/a/b~1c/1', '/a/q/0']);
    expect(scan.value).toEqual({a: {q: ['18446744073709551616']}});
  });

  it('keeps "__proto__" as an ordinary member', () => {
    const value = scanned('{"__proto__":{"polluted":true},"constructor":1}').value as Record<string, unknown>;
    expect(Object.keys(value)).toEqual(['__proto__', 'constructor']);
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('says where a number goes wrong', () => {
    expect(scanJson('[01]')).toEqual({ok: false, cause: 'not valid JSON: expected "," or "]" at position 2'});
    expect(scanJson('[1.]')).toEqual({ok: false, cause: 'not valid JSON: expected "," or "]" at position 2'});
    expect(scanJson('[-]')).toEqual({ok: false, cause: 'not valid JSON: unexpected character at position 1'});
    expect(scanJson('[1e+]')).toEqual({ok: false, cause: 'not valid JSON: expected "," or "]" at position 2'});
  });
});

/*
 * readJson is scanJson's result through JSON.parse when the text is plain. Both are compared
 * whole (value, member order, reports, error causes), and plainJson says which path ran, so a
 * check that waves a hostile text through to JSON.parse fails here.
 */
describe('readJson', () => {
  const same = (text: string) => {
    const fast = readJson(text), exact = scanJson(text);
    // node's deep strict equality: prototypes, -0, own members ("constructor" too, which
    // vitest's toStrictEqual takes for the class).
    expect(isDeepStrictEqual(fast, exact), `${JSON.stringify(fast).slice(0, 200)} vs ${JSON.stringify(exact).slice(0, 200)}`).toBe(true);
    if (fast.ok && exact.ok) expect(JSON.stringify(fast.scan.value)).toBe(JSON.stringify(exact.scan.value));
  };
  const deep = (levels: number, inner: string) => '['.repeat(levels) + inner + ']'.repeat(levels);
  const objects = (levels: number, inner: string) => '{"a":'.repeat(levels) + inner + '}'.repeat(levels);
  const longFraction = (digits: number) => `[1.${'2'.repeat(digits)}]`;

  it('gives scanJson\'s result for any JSON value, big integers and repeated names included', () => {
    const withRepeats = fc.tuple(fc.jsonValue(), fc.string(), fc.jsonValue()).map(([v, key, w]) => {
      const text = JSON.stringify({[key]: v, x: w});
      return text.replace(/^\{"((?:[^"\\]|\\.)*)":/, '{"$1":1,"$1":'); // the first name twice
    });
    const bigInts = fc.bigInt({min: -(2n ** 70n), max: 2n ** 70n}).map((n) => `{"id":${n},"v":[${n}]}`);
    fc.assert(fc.property(fc.oneof(fc.jsonValue().map((v) => JSON.stringify(v, null, 1)), withRepeats, bigInts), same), {numRuns: 2_000});
  });

  it('gives scanJson\'s result, error and position included, for any short string of JSON characters', () => {
    const alphabet = fc.constantFrom(...'{}[]",:-+.019eE tnul\\'.split(''));
    fc.assert(fc.property(fc.array(alphabet, {maxLength: 24}).map((a) => a.join('')), same), {numRuns: 5_000});
  });

  it.each([
    ['a name twice', '{"a":1,"a":2}'],
    ['"__proto__" twice', '{"__proto__":{"x":1},"__proto__":2}'],
    ['a name twice, with space before the colon', '{"a" :1, "a"\n:2}'],
    ['an escaped quote and colon inside a string', '{"a":"b\\":c"}'],
    ['a quote, space and colon inside a string', '{"a":" :"}'],
    ['an integer of 2^53', '[9007199254740992]'],
    ['an integer of 2^53 - 1', '[9007199254740991, -9007199254740991]'],
    ['1e400 and -0', '[1e400, -0, -1e-400]'],
    ['a position with an integer below -(2^53 - 1)', '{"c":[[101.5, -9007199254740993]]}'],
    ['a position with an integer above 2^53 - 1 after the first', '[[1, 2, 9007199254740993]]'],
    ['a position with -1e400 in it', '[[-1e400, 1]]'],
    ['a number after an array in a list of numbers', '[1, [2], 9007199254740993]'],
    ['256 levels of arrays, a number in the deepest', deep(256, '1')],
    ['257 levels of arrays, a number in the deepest', deep(257, '1')],
    ['257 levels of arrays, the deepest empty', deep(257, '')],
    ['258 levels of arrays', deep(258, '')],
    ['256 levels of objects', objects(256, '1')],
    ['257 levels of objects', objects(257, '1')],
    ['10,000 levels of arrays', deep(10_000, '')],
    ['a number of 400 characters', longFraction(398)],
    ['a number of 401 characters', longFraction(399)],
    ['a number of 5,000 characters', longFraction(4998)],
    ['an exponent of 450 digits', `[1e${'0'.repeat(449)}1]`],
    ['an integer of 400 digits', `[${'9'.repeat(400)}]`],
    ['a long run of digits in a string', `["${'7'.repeat(1000)}"]`],
    ['a byte-order mark', '\uFEFF{}'],
    ['nothing', ''],
  ])('agrees with scanJson on %s', (_about, text) => same(text));

  it('reads plain GeoJSON through JSON.parse and leaves hostile text to scanJson', () => {
    const plain = JSON.stringify({type: 'FeatureCollection', features: [{type: 'Feature', id: 7, properties: {name: '北坡 a: b', updated: '2025-06-30T10:00:00Z'}, geometry: {type: 'Polygon', coordinates: [[[101.35093628754184, 36.70020602462964], [101.4, 36.7], [101.4, 36.8], [101.35093628754184, 36.70020602462964]]]}}]}, null, 2);
    expect(plainJson(plain)).toEqual({value: JSON.parse(plain)});
    for (const text of ['{"a":1,"a":2}', '{"a" :1, "a"\n:2}', '[9007199254740993]', deep(257, '1'), longFraction(399), '{"a":1,}']) {
      expect(plainJson(text)).toBeNull();
    }
  });

  it('agrees with scanJson on every JSON fixture, the hostile and malformed ones included', () => {
    const files = [fixtureDir, cliTestDir].flatMap((dir) => readdirSync(dir, {recursive: true, encoding: 'utf8'}).filter((f) => /\.(geo)?json$/.test(f)).map((f) => join(dir, f)));
    expect(files.length).toBeGreaterThan(50);
    let viaParse = 0;
    for (const file of files) {
      const decoded = decodeText(readFileSync(file));
      if (!decoded.ok) continue;
      same(decoded.text);
      if (plainJson(decoded.text)) viaParse++;
    }
    // Most fixtures are plain; the duplicate-key and big-integer ones are not.
    expect(viaParse).toBeGreaterThan(files.length / 2);
    expect(plainJson(readFileSync(join(fixtureDir, 'hostile-duplicate-keys.geojson'), 'utf8'))).toBeNull();
    expect(plainJson(readFileSync(join(fixtureDir, 'big-integer-ids.geojson'), 'utf8'))).toBeNull();
  });
});
