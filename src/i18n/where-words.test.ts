import {describe, expect, it} from 'vitest';
import {wherePrefix, whereText} from './where-words';

describe('import locators in the UI language', () => {
  it('words rows, features and records in Chinese with a Chinese colon', () => {
    expect(wherePrefix('row 2', 'zh')).toBe('第 2 行：');
    expect(wherePrefix('row 2', 'en')).toBe('row 2: ');
    expect(whereText('rows 3–5', 'zh')).toBe('第 3–5 行');
    expect(whereText('feature 12', 'zh')).toBe('第 12 个要素');
    expect(whereText('plots record 4', 'zh')).toBe('plots 第 4 条记录');
    expect(whereText('Placemark 2', 'en')).toBe('Placemark 2');
    expect(whereText('trk 1', 'en')).toBe('track 1');
    expect(wherePrefix(undefined, 'zh')).toBe('');
    expect(whereText('somewhere else', 'zh')).toBe('somewhere else');
  });
});
