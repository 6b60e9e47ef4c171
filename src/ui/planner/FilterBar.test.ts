import {describe, expect, it} from 'vitest';
import {addMonths} from './FilterBar';

describe('addMonths (the as-of control’s PageUp / PageDown)', () => {
  it('moves by calendar months', () => {
    expect(addMonths('2025-08-31', -1)).toBe('2025-07-31');
    expect(addMonths('2025-08-15', 1)).toBe('2025-09-15');
    expect(addMonths('2025-12-10', 1)).toBe('2026-01-10');
    expect(addMonths('2025-01-10', -1)).toBe('2024-12-10');
  });
  it('keeps to the last day of a shorter month', () => {
    expect(addMonths('2025-01-31', 1)).toBe('2025-02-28');
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2025-03-31', -1)).toBe('2025-02-28');
  });
});
