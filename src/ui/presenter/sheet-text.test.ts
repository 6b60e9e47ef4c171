import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {MemoryStorage} from '../../state/memory-storage';
import {todayIso} from '../../state/selectors';
import {createAppStore} from '../../state/store';
import {fileStamp} from '../shared/download';
import {sheetTextOf} from './sheet-text';

/* The sheet's date and the export file names come from one local date. */

describe('export dates', () => {
  let tz: string | undefined;
  beforeEach(() => {
    tz = process.env.TZ;
    // Node re-reads TZ on assignment: Xining keeps China Standard Time, UTC+8.
    process.env.TZ = 'Asia/Shanghai';
  });
  afterEach(() => {
    if (tz === undefined) delete process.env.TZ;
    else process.env.TZ = tz;
  });

  // 00:30 on New Year's Day in Xining is still 31 December in UTC.
  const justAfterMidnight = new Date('2025-12-31T16:30:05Z');

  it('names files by the local date and time, not UTC', () => {
    expect(fileStamp(justAfterMidnight)).toBe('20260101003005');
    expect(todayIso(justAfterMidnight)).toBe('2026-01-01');
  });

  it('prints on the sheet the same local day the file is named after', () => {
    const text = sheetTextOf(createAppStore(new MemoryStorage()).getState(), justAfterMidnight);
    expect(text.dateLine.match(/\d{4}-\d{2}-\d{2}/g)).toEqual(['2026-01-01', '2026-01-01']);
    expect(fileStamp(justAfterMidnight).slice(0, 8)).toBe(text.dateLine.match(/\d{4}-\d{2}-\d{2}/)![0].replace(/-/g, ''));
  });
});
