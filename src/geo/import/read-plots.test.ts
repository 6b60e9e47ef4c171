import {describe, expect, it} from 'vitest';
import {readFileSync} from 'node:fs';
import {decodePlotFile, importPlots} from './read-plots';

const fixture = (name: string) => decodePlotFile(readFileSync(new URL(`../../cli/test/${name}`, import.meta.url)));

describe('importPlots', () => {
  it('reads a FeatureCollection of valid plots', () => {
    const result = importPlots('valid.geojson', fixture('valid.geojson'));
    expect(result).toMatchObject({ok: true, features: 2, rejected: []});
    expect(result.ok && result.plots.map((p) => p.properties.status)).toEqual(['verified', 'remediated']);
  });

  it('accepts a UTF-8 byte-order mark', () => {
    const text = fixture('bom.geojson');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(importPlots('bom.geojson', text)).toMatchObject({ok: true, features: 2});
  });

  it('keeps valid plots and rejects the rest with their ids and reasons', () => {
    const result = importPlots('mixed.geojson', fixture('mixed.geojson'));
    if (!result.ok) throw new Error(result.cause);
    expect(result.plots).toHaveLength(1);
    expect(result.rejected.map((r) => [r.index, r.id, r.reasons.map((x) => x.code)])).toEqual([
      [1, 'feature-level-id', ['self-intersection']],
      [2, '0a7c3e52-1d2b-4f6a-8c9e-3b5d7f9a1c03', ['unknown-status']],
    ]);
  });

  it('says why a file cannot be parsed instead of throwing', () => {
    const result = importPlots('broken.geojson', fixture('broken.geojson'));
    expect(result.ok).toBe(false);
    expect(!result.ok && result.cause).toMatch(/not valid JSON/);
  });

  it('wraps a single Feature or a bare geometry', () => {
    const feature = JSON.parse(fixture('valid.geojson')).features[0];
    expect(importPlots('one.json', JSON.stringify(feature))).toMatchObject({ok: true, features: 1, rejected: []});
    const bare = importPlots('bare.json', JSON.stringify(feature.geometry));
    expect(bare.ok && bare.rejected[0]!.reasons.map((r) => r.code)).toEqual(['unknown-status']);
  });
});
