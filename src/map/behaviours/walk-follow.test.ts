import {describe, expect, it} from 'vitest';
import {outsideMiddle} from './walk-follow';

describe('the walk follows the walker', () => {
  it('recentres only when the walker leaves the middle half of the view', () => {
    expect(outsideMiddle([200, 400], 400, 800)).toBe(false);
    expect(outsideMiddle([101, 201], 400, 800)).toBe(false);
    expect(outsideMiddle([99, 400], 400, 800)).toBe(true);
    expect(outsideMiddle([200, 601], 400, 800)).toBe(true);
    expect(outsideMiddle([-5, -5], 400, 800)).toBe(true);
  });
});
