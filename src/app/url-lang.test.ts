import {describe, expect, it} from 'vitest';
import {urlWithLang} from './url-lang';

describe('urlWithLang', () => {
  it('keeps the shared view in the hash when switching language', () => {
    expect(urlWithLang('http://127.0.0.1:4173/#9/36.93/101.68', 'en')).toBe('http://127.0.0.1:4173/?lang=en#9/36.93/101.68');
    expect(urlWithLang('http://127.0.0.1:4173/?lang=en#9/36.93/101.68', 'zh')).toBe('http://127.0.0.1:4173/#9/36.93/101.68');
  });
});
