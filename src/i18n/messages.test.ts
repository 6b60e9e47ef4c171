import {describe, expect, it} from 'vitest';
import {localeOf} from './lang';
import {hasMessage, t} from './messages';

describe('the one dictionary', () => {
  it('holds the general words and, by area, the data panel, zones and geo reason words under one t', () => {
    expect(t('appTitle', 'zh')).toBe('青海矿区治理地图');
    expect(t('data.importN', 'en', {n: 12})).toBe('Import 12 plots');
    expect(t('zone.zonesUse', 'zh', {n: 3})).toBe('使用这 3 个正式沉陷区');
    expect(t('reason.zero-area', 'en')).toBe('the area is zero: all vertices are collinear or coincide');
    expect(hasMessage('data.title') && hasMessage('notice.crs-assumed') && hasMessage('import.unreadable')).toBe(true);
    expect(hasMessage('title')).toBe(false);
  });

  it('leaves a slot with no value for the caller to fill, as a few views do', () => {
    expect(t('beyondPackZoom', 'en')).toBe('Zoomed past the basemap pack’s detail (zoom {z} at most)');
    expect(t('dbVanished', 'en', {n: 2})).toMatch(/^The database on this device was cleared \(site data deleted\?\)\. Plots no longer stored on this device: 2\./);
  });

  it('maps each UI language to one locale', () => {
    expect([localeOf('zh'), localeOf('en')]).toEqual(['zh-CN', 'en']);
  });
});
