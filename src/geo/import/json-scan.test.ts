import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {scanJson} from './json-scan';

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
