import {describe, expect, it} from 'vitest';
import {TIANDITU_OFF, parseTiandituUrl, tiandituActive, tiandituAttribution, tiandituLayers, tiandituSources, tiandituTileUrl} from './tianditu';

const KEY = '0123456789abcdef0123456789abcdef';
const ON = {enabled: true, key: KEY, set: 'imagery', reviewNumber: 'GS(2024)0650号'} as const;

describe('Tianditu', () => {
  it('builds the WMTS GetTile address of a tile on one of the hosts t0–t7, with the key', () => {
    const url = new URL(tiandituTileUrl('img', 16, 51_280, 25_530, ` ${KEY} `));
    expect(url.host).toBe(`t${(51_280 + 25_530) % 8}.tianditu.gov.cn`);
    expect(url.pathname).toBe('/img_w/wmts');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      SERVICE: 'WMTS', REQUEST: 'GetTile', VERSION: '1.0.0', LAYER: 'img', STYLE: 'default', TILEMATRIXSET: 'w', FORMAT: 'tiles',
      TILEMATRIX: '16', TILEROW: '25530', TILECOL: '51280', tk: KEY,
    });
  });

  it('adds nothing to the style while off or without a usable key', () => {
    expect(tiandituSources(TIANDITU_OFF, 'zh')).toEqual({});
    expect(tiandituLayers({...ON, enabled: false})).toEqual([]);
    expect(tiandituActive({...ON, key: 'not a key'})).toBe(false);
    expect(tiandituSources(null, 'en')).toEqual({});
  });

  it('names base and label tiles by the app’s protocol (the key stays out of the style) with the credit and review number', () => {
    const sources = tiandituSources(ON, 'zh');
    expect(Object.keys(sources)).toEqual(['tianditu:img', 'tianditu:cia']);
    expect(JSON.stringify(sources)).not.toContain(KEY);
    expect(sources['tianditu:img']).toMatchObject({type: 'raster', tiles: ['qhtdt://img_w/{z}/{x}/{y}'], attribution: '© 天地图（国家地理信息公共服务平台） · 审图号：GS(2024)0650号'});
    expect(tiandituLayers({...ON, set: 'vector'}).map((l) => l.id)).toEqual(['tianditu:vec', 'tianditu:cva']);
    expect(parseTiandituUrl('qhtdt://cia_w/16/51280/25530')).toEqual({layer: 'cia', z: 16, x: 51_280, y: 25_530});
    expect(parseTiandituUrl('https://t0.tianditu.gov.cn/cia_w/16/1/2')).toBeNull();
  });

  it('shows the review number as text, never as markup', () => {
    expect(tiandituAttribution({...ON, reviewNumber: '<img src=x onerror=alert(1)>'}, 'en')).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(tiandituAttribution({...ON, reviewNumber: ''}, 'en')).toContain('not given');
  });
});
