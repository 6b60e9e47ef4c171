import {describe, expect, it} from 'vitest';
import {snapScreenPoint} from './snap';

const square = [[0, 0], [100, 0], [100, 100], [0, 100], [0, 0]] as const;

describe('snapScreenPoint', () => {
  it('snaps to a corner within tolerance, preferring it to the edge', () => {
    expect(snapScreenPoint([97, 4], [square], 10)).toEqual({point: [100, 0], kind: 'vertex', ring: 0, index: 1});
  });
  it('snaps onto an edge when no corner is near', () => {
    expect(snapScreenPoint([50, 6], [square], 10)).toEqual({point: [50, 0], kind: 'edge', ring: 0, index: 0});
  });
  it('leaves a point alone when nothing is within tolerance', () => {
    expect(snapScreenPoint([50, 50], [square], 10)).toBeNull();
  });
});
