import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import type {Plot} from '../geo/plot';
import {tallyPlots} from '../geo/tally';
import {daysBetween, monthsFrom, outlookOf, progressSeries, teamFigures} from './dashboard';

const fixture = JSON.parse(readFileSync(new URL('../../tests/fixtures/datong-programme-plots.geojson', import.meta.url), 'utf8')) as {features: Plot[]};
const plots = fixture.features;

describe('dashboard figures', () => {
  it('counts days and months across a year end', () => {
    expect(daysBetween('2025-06-30', '2025-12-31')).toBe(184);
    expect(monthsFrom('2024-11', '2025-02')).toEqual(['2024-11', '2024-12', '2025-01', '2025-02']);
  });

  it('adds the months up to the tally, ending at the “as of” month', () => {
    const tally = tallyPlots(plots, {asOf: '2025-12-31'});
    const series = progressSeries(tally, '2025-12-31');
    // The series may run on past the as-of month with the projection at the current pace.
    const last = series.find((p) => p.month === '2025-12')!;
    const undated = tally.byMonth.find((m) => m.month === 'unknown')?.areaMu ?? 0;
    expect(last.month).toBe('2025-12');
    expect(last.cumulativeMu! + undated).toBeCloseTo(tally.remediatedMu, 6);
    expect(last.trajectoryMu).toBeCloseTo(7300, 6);
    expect(series[0]).toMatchObject({month: '2022-02', cumulativeMu: 0});
  });

  it('leaves the line empty after the “as of” month and never lets it fall', () => {
    const tally = tallyPlots(plots, {asOf: '2025-03-31'});
    const series = progressSeries(tally, '2025-03-31');
    expect(series.find((p) => p.month === '2025-04')?.cumulativeMu).toBeNull();
    const drawn = series.map((p) => p.cumulativeMu).filter((v): v is number => v !== null);
    expect(drawn.every((v, i) => i === 0 || v >= drawn[i - 1]!)).toBe(true);
  });

  it('projects the current pace from the as-of month to the target, and gives each month its own amount', () => {
    const tally = tallyPlots(plots, {asOf: '2025-06-30'});
    const series = progressSeries(tally, '2025-06-30');
    const asOf = series.find((p) => p.month === '2025-06')!;
    expect(asOf.projectedMu).toBeCloseTo(asOf.cumulativeMu!, 6);
    expect(series.find((p) => p.month === '2025-05')!.projectedMu).toBeNull();
    const next = series.find((p) => p.month === '2025-07')!;
    expect(next.cumulativeMu).toBeNull();
    expect(next.monthMu).toBeNull();
    if (tally.pace.muPerMonth > 0) {
      expect(next.projectedMu! - asOf.cumulativeMu!).toBeCloseTo(Math.min(tally.pace.muPerMonth, 7300 - asOf.cumulativeMu!), 6);
      const projections = series.map((p) => p.projectedMu).filter((v): v is number => v !== null);
      expect(Math.max(...projections)).toBeLessThanOrEqual(7300 + 1e-9);
    }
    const dated = tally.byMonth.filter((m) => m.month !== 'unknown' && m.month <= '2025-06');
    const monthly = series.reduce((a, p) => a + (p.monthMu ?? 0), 0);
    expect(monthly).toBeCloseTo(dated.reduce((a, m) => a + m.areaMu, 0), 6);
  });

  it('works out the pace needed to reach the target on the deadline', () => {
    const tally = tallyPlots(plots, {asOf: '2025-06-30'});
    const outlook = outlookOf(tally);
    expect(outlook.daysLeft).toBe(184);
    expect(outlook.remainingMu).toBeCloseTo(7300 - tally.remediatedMu, 6);
    expect(outlook.neededMuPerMonth!).toBeCloseTo(outlook.remainingMu / (184 / (365.2425 / 12)), 6);
    expect(outlook.onTrack).toBe(tally.pace.projectedTargetDate !== null && tally.pace.projectedTargetDate <= '2025-12-31');
  });

  it("gives each team the tally of its own plots", () => {
    const figures = teamFigures(plots, '2025-06-30');
    const team = figures[0]!;
    const own = tallyPlots(plots.filter((p) => p.properties.team === team.team), {asOf: '2025-06-30'});
    expect(team.remediatedSquareMeters).toBe(own.remediatedSquareMeters);
    expect(figures.reduce((n, f) => n + f.plots, 0)).toBe(plots.length);
  });
});
