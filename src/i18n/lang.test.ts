import {describe, expect, it} from 'vitest';
import {langFromSearch} from './lang';

describe('langFromSearch', () => {
  it('defaults to Chinese', () => {
    expect(langFromSearch('')).toBe('zh');
    expect(langFromSearch('?lang=fr')).toBe('zh');
  });
  it('switches to English for lang=en and en-GB', () => {
    expect(langFromSearch('?lang=en')).toBe('en');
    expect(langFromSearch('?x=1&lang=en-GB')).toBe('en');
  });
});
