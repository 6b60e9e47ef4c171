import {describe, expect, it} from 'vitest';
import {existsSync, readFileSync} from 'node:fs';
import {MEASURES, MEASURE_CODES, POLICY_SOURCE, STATUSES, SUBSIDENCE_TARGET, SQUARE_METERS_PER_MU} from './programme';

// The policy text sits in ../shared beside the checkout (as on developer machines and in CI).
const policyPath = new URL('../../shared/reference/000_9f79b8bcaaa70cba.txt', import.meta.url);
const hasPolicyText = existsSync(policyPath);
const policyText = hasPolicyText ? readFileSync(policyPath, 'utf8') : '';

describe('programme seeds', () => {
  it('states the 7,300 mu target due at the end of 2025', () => {
    expect(SUBSIDENCE_TARGET.areaMu).toBe(7300);
    expect(SUBSIDENCE_TARGET.deadline).toBe('2025-12-31');
    expect(SUBSIDENCE_TARGET.areaMu * SQUARE_METERS_PER_MU).toBeCloseTo(4_866_666.67, 1);
  });

  it.runIf(hasPolicyText)('quotes the policy text word for word', () => {
    const normalise = (s: string) => s.replace(/[，,]/g, ',').replace(/[。]/g, '');
    expect(normalise(policyText)).toContain(normalise(POLICY_SOURCE.quoteZh));
    for (const m of MEASURES) expect(policyText).toContain(m.zh);
  });

  it('lists each measure and status once, in order', () => {
    expect(MEASURES.map((m) => m.code)).toEqual([...MEASURE_CODES]);
    expect(STATUSES.map((s) => s.code)).toEqual(['planned', 'in_progress', 'remediated', 'verified']);
    expect(STATUSES.filter((s) => s.countsAsRemediated).map((s) => s.code)).toEqual(['remediated', 'verified']);
  });
});
