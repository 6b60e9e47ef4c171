import {describe, expect, it} from 'vitest';
import {copyRecord, setEntry, withEntry} from './record-copy';

describe('record copies', () => {
  it('copies every key in the same order, a new object that leaves the original alone', () => {
    const base: Record<string, number> = {b: 1, a: 2, 'f3c1-uuid': 3, '7': 4};
    const copy = copyRecord(base);
    expect(copy).not.toBe(base);
    expect(Object.keys(copy)).toEqual(Object.keys(base));
    expect(copy).toStrictEqual({...base});
    copy.a = 9;
    expect(base.a).toBe(2);
  });

  it('keeps "__proto__" an own key, as a spread does, and never touches the prototype', () => {
    const base = JSON.parse('{"__proto__": {"plot": 1}, "x": {"plot": 2}}') as Record<string, {plot: number}>;
    const copy = copyRecord(base);
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(Object.keys(copy)).toEqual(['__proto__', 'x']);
    expect(copy).toStrictEqual({...base});
    const next = withEntry({a: {plot: 0}} as Record<string, {plot: number}>, '__proto__', {plot: 3});
    expect(Object.getPrototypeOf(next)).toBe(Object.prototype);
    expect(Object.keys(next)).toEqual(['a', '__proto__']);
    expect(Object.values(next)).toEqual([{plot: 0}, {plot: 3}]);
    setEntry(next, '__proto__', {plot: 4});
    expect(Object.values(next)).toEqual([{plot: 0}, {plot: 4}]);
    expect((next as Record<string, unknown>).plot).toBeUndefined();
  });

  it('withEntry adds or replaces one key', () => {
    expect(withEntry({a: 1, b: 2}, 'b', 3)).toStrictEqual({a: 1, b: 3});
    expect(withEntry({a: 1}, 'c', 3)).toStrictEqual({a: 1, c: 3});
  });
});
