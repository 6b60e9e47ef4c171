import {describe, expect, it} from 'vitest';
import {expectReady, fixtureBytes, importFixture} from './fixture-helpers';
import {importPlotFile} from './import-plot-file';
import {scanJson} from './json-scan';

/* One fixture per malformed or hostile case, each with the message the user gets. */

describe('hostile and malformed files', () => {
  it('refuses a zip whose central directory promises 4 GiB, before inflating', async () => {
    const result = await importFixture('hostile-zip-bomb.zip');
    expect(result).toMatchObject({status: 'unreadable', format: 'shapefile'});
    expect(result.status === 'unreadable' && result.cause).toMatch(/would inflate to 4294967280 bytes.*refused before inflating/);
  });

  it('refuses an XML entity bomb without expanding it', async () => {
    const result = await importFixture('hostile-entity-bomb.kml');
    expect(result.status === 'unreadable' && result.cause).toMatch(/DTD with entities; refused/);
  });

  it('imports nothing and fetches nothing from a KML that only holds NetworkLinks', async () => {
    const originalFetch = globalThis.fetch;
    let fetched = 0;
    globalThis.fetch = (() => {
      fetched++;
      return Promise.reject(new Error('no network'));
    }) as typeof fetch;
    try {
      const result = expectReady(await importFixture('hostile-network-links-only.kml'));
      expect([result.read, result.plots.length, result.rejected.length]).toEqual([0, 0, 0]);
      expect(result.notices).toEqual([{code: 'network-link-ignored', params: {n: 2}}]);
    } finally {
      globalThis.fetch = originalFetch;
    }
    expect(fetched).toBe(0);
  });

  it('follows a KMZ NetworkLink only to another entry of the same archive', async () => {
    const result = expectReady(await importFixture('datong-plots.kmz'));
    expect([result.read, result.plots.length]).toEqual([4, 4]);
    expect(result.notices.map((n) => n.code)).not.toContain('network-link-ignored');
  });

  it('keeps HTML in names and descriptions as plain text', async () => {
    const result = expectReady(await importFixture('hostile-html-names.kml'));
    const p = result.plots[0]!.plot.properties;
    expect(p.name).toBe('<img src=x onerror=alert(1)>北坡');
    expect(p.notes).toBe('<script>alert("x")</script><b>验收</b> 合格');
  });

  it('keeps __proto__ and constructor keys as data and leaves Object.prototype alone', async () => {
    const result = expectReady(await importFixture('hostile-proto-keys.geojson'));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
    const extra = result.plots[0]!.extra;
    expect(Object.getPrototypeOf(extra)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(extra, '__proto__')?.value).toEqual({polluted: 'yes'});
    expect(Object.getOwnPropertyDescriptor(extra, 'constructor')?.value).toEqual({prototype: {polluted: 'yes'}});
    expect(Object.getOwnPropertyDescriptor(result.plots[0]!.plot.properties.extra, '__proto__')?.value).toEqual({polluted: 'yes'});
    expect(result.plots[0]!.plot.properties.status).toBe('planned');
  });

  it('flags a duplicate JSON key and says which value was kept', async () => {
    const result = expectReady(await importFixture('hostile-duplicate-keys.geojson'));
    expect(result.notices.filter((n) => n.code === 'duplicate-key').map((n) => [n.where, n.params])).toEqual([
      ['feature 1', {pointer: '/features/0/properties/status'}],
    ]);
    expect(result.plots[0]!.plot.properties.status).toBe('planned');
  });

  it('keeps integer ids beyond 2^53 digit for digit, as strings', async () => {
    const result = expectReady(await importFixture('big-integer-ids.geojson'));
    expect(result.plots.map((p) => p.plot.properties.id)).toEqual(['9007199254740993', '12345678901234567890']);
    expect(result.plots[0]!.extra.parcel).toBe('123456789012345678901');
    expect(result.notices.filter((n) => n.code === 'big-integer').length).toBe(3);
  });

  it('refuses a shapefile whose .shp, .shx and .dbf disagree on the record count', async () => {
    const result = await importFixture('datong-plots-short-dbf.zip');
    expect(result.status === 'unreadable' && result.cause).toBe('record counts disagree in short: .shp 4, .shx 4, .dbf 3; attributes would pair with the wrong shapes');
  });

  it('asks for the encoding of a CSV that is neither UTF-8 nor Chinese, with previews', async () => {
    const result = await importFixture('windows-1252-names.csv');
    expect(result.status).toBe('needs-encoding');
    const candidates = result.status === 'needs-encoding' ? result.candidates : [];
    expect(candidates.find((c) => c.encoding === 'windows-1252')?.preview).toContain('Café plot');
    expect(candidates.map((c) => c.encoding)).not.toContain('utf-8');
    const read = expectReady(await importFixture('windows-1252-names.csv', {encoding: 'windows-1252'}));
    expect(read.plots[0]!.plot.properties.name).toBe('Café plot');
  });

  it('refuses a declared encoding the bytes do not decode under, instead of storing U+FFFD', async () => {
    const result = await importFixture('datong-plots-wkt-gbk.csv', {encoding: 'utf-8'});
    expect(result.status).toBe('needs-encoding');
    expect(result.status === 'needs-encoding' && result.candidates.map((c) => c.encoding)).toContain('gb18030');
  });

  it('stops at the size and time budgets', async () => {
    const big = await importPlotFile('x.geojson', fixtureBytes('datong-plots.geojson'), {budget: {maxFileBytes: 100}});
    expect(big.status === 'unreadable' && big.cause).toMatch(/more than the 100-byte limit/);
    const slow = await importPlotFile('x.kml', fixtureBytes('datong-plots.kml'), {budget: {maxMilliseconds: -1}});
    expect(slow.status === 'unreadable' && slow.cause).toMatch(/took longer than -1 ms/);
    const many = await importPlotFile('x.geojson', fixtureBytes('datong-plots.geojson'), {budget: {maxFeatures: 2}});
    expect(many.status === 'unreadable' && many.cause).toBe('more than 2 features');
  });

  it('rejects unknown statuses and measures with the reasons from validate.ts', async () => {
    const text = JSON.stringify({type: 'Feature', properties: {status: 'abandoned', measure: 'paint'}, geometry: {type: 'Polygon', coordinates: [[[101.62, 36.92], [101.626, 36.92], [101.626, 36.925], [101.62, 36.92]]]}});
    const result = expectReady(await importPlotFile('x.geojson', new TextEncoder().encode(text)));
    expect(result.rejected[0]!.reasons.map((r) => r.code)).toEqual(['unknown-status', 'unknown-measure']);
  });

  it('maps Chinese column names and labels onto the plot model', async () => {
    const csv = '名称,状态,措施,完成日期,施工单位,备注,片区,wkt\n北坡,已验收,沉陷坑覆土复绿,2024年9月15日,一队,好,桥头镇,"POLYGON ((101.62 36.92,101.626 36.92,101.626 36.925,101.62 36.92))"\n';
    const result = expectReady(await importPlotFile('x.csv', new TextEncoder().encode(csv), {newId: () => 'new-id', now: () => 'T'}));
    expect(result.plots[0]!.plot.properties).toEqual({id: 'new-id', name: '北坡', zone: '桥头镇', measure: 'cover-regreen', status: 'verified', completed: '2024-09-15', team: '一队', notes: '好', updated: 'T'});
  });
});

describe('scanJson', () => {
  it('reads what JSON.parse reads', () => {
    const text = '{"a":[1,-2.5e3,"x\\u00e9\\n",true,false,null],"b":{}}';
    const scanned = scanJson(text);
    expect(scanned.ok && scanned.scan.value).toEqual(JSON.parse(text));
  });

  it('says where invalid JSON breaks', () => {
    expect(scanJson('{"a":1,}')).toEqual({ok: false, cause: 'not valid JSON: expected a member name at position 7'});
  });
});
