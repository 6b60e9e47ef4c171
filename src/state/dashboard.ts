import {POLICY_SOURCE, SUBSIDENCE_TARGET} from '../../seeds/programme';
import type {Plot} from '../geo/plot';
import {tallyPlots} from '../geo/tally';
import type {SubsidenceZone, Tally} from '../geo/tally';
import {muToSquareMeters} from '../geo/units';

const MS_PER_DAY = 86_400_000;
const DAYS_PER_MONTH = 365.2425 / 12;

/** Whole days from `from` to `to` (YYYY-MM-DD), negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(to.slice(0, 10)) - Date.parse(from.slice(0, 10))) / MS_PER_DAY);
}

/** Every month (YYYY-MM) from `first` to `last`, both included. */
export function monthsFrom(first: string, last: string): string[] {
  const out: string[] = [];
  let [y, m] = first.split('-').map(Number) as [number, number];
  const [ly, lm] = last.split('-').map(Number) as [number, number];
  while (y < ly || (y === ly && m <= lm)) {
    out.push(`${y}-${String(m).padStart(2, '0')}`);
    m++;
    if (m > 12) {
      m = 1;
      y++;
    }
  }
  return out;
}

function monthEnd(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

export type ProgressPoint = {
  readonly month: string;
  /** Remediated mu credited up to the end of this month; null after the “as of” month. */
  readonly cumulativeMu: number | null;
  /** Where a straight line from the plan's publication (0) to the deadline (the target) stands at month end. */
  readonly trajectoryMu: number;
  /** Mu completed in this month (up to the “as of” month; null after it). */
  readonly monthMu: number | null;
  /**
   * From the “as of” month on: the cumulative area if the recent pace (tally.pace) goes on,
   * up to the target; null before the “as of” month and when there is no pace to go on.
   */
  readonly projectedMu: number | null;
};

/** How far past the deadline the series runs to show where the current pace reaches the target. */
const PROJECTION_MONTHS_PAST_DEADLINE = 36;

const monthIndex = (month: string) => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return y * 12 + (m - 1);
};
const monthOfIndex = (index: number) => `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;

/**
 * Cumulative remediated area by month against the straight-line trajectory to the target,
 * and the projection at the current pace from the “as of” month to the target. The line
 * starts at the plan's publication (2022-02-24, seeds/programme.ts): the day the target was
 * set. Plots without a completion date count in the total but on no month.
 */
export function progressSeries(tally: Tally, asOf: string, deadline = SUBSIDENCE_TARGET.deadline, start = POLICY_SOURCE.published): ProgressPoint[] {
  const known = tally.byMonth.filter((m) => m.month !== 'unknown');
  const first = [start.slice(0, 7), ...known.map((m) => m.month)].sort()[0]!;
  const asOfMonth = asOf.slice(0, 7);
  const pace = tally.pace.muPerMonth > 0 ? tally.pace.muPerMonth : 0;
  // The series reaches the month the pace meets the target, within a few years of the deadline.
  const limit = monthOfIndex(monthIndex(deadline.slice(0, 7)) + PROJECTION_MONTHS_PAST_DEADLINE);
  const projected = pace > 0 && tally.pace.projectedTargetDate ? [tally.pace.projectedTargetDate.slice(0, 7), limit].sort()[0]! : asOfMonth;
  const last = [deadline.slice(0, 7), asOfMonth, projected].sort().at(-1)!;
  const span = daysBetween(start, deadline);
  let sum = 0;
  let atAsOf = 0;
  let k = 0;
  return monthsFrom(first, last).map((month) => {
    let monthMu = 0;
    while (k < known.length && known[k]!.month <= month) {
      monthMu += known[k]!.areaMu;
      sum += known[k++]!.areaMu;
    }
    const elapsed = Math.min(span, Math.max(0, daysBetween(start, monthEnd(month))));
    const done = month <= asOfMonth;
    if (month === asOfMonth) atAsOf = sum;
    const ahead = monthIndex(month) - monthIndex(asOfMonth);
    const projectedMu = ahead < 0 || (pace === 0 && ahead > 0) ? null : Math.min(Math.max(tally.targetMu, atAsOf), atAsOf + pace * ahead);
    return {month, cumulativeMu: done ? sum : null, trajectoryMu: (tally.targetMu * elapsed) / span, monthMu: done ? monthMu : null, projectedMu};
  });
}

export type Outlook = {
  readonly remainingMu: number;
  readonly remainingSquareMeters: number;
  /** Days from the “as of” day to the deadline (negative once it has passed). */
  readonly daysLeft: number;
  /** Mu per month needed from the “as of” day to reach the target on the deadline; null once it has passed. */
  readonly neededMuPerMonth: number | null;
  readonly onTrack: boolean;
};

/** What is left and how fast it must go, from the tally's figures. */
export function outlookOf(tally: Tally, deadline = SUBSIDENCE_TARGET.deadline): Outlook {
  const remainingMu = Math.max(0, tally.targetMu - tally.remediatedMu);
  const daysLeft = daysBetween(tally.pace.asOf, deadline);
  const neededMuPerMonth = remainingMu === 0 ? 0 : daysLeft > 0 ? remainingMu / (daysLeft / DAYS_PER_MONTH) : null;
  const projected = tally.pace.projectedTargetDate;
  return {
    remainingMu,
    remainingSquareMeters: muToSquareMeters(remainingMu),
    daysLeft,
    neededMuPerMonth,
    onTrack: remainingMu === 0 || (projected !== null && projected <= deadline),
  };
}

export type TeamFigure = {readonly team: string; readonly plots: number; readonly remediatedSquareMeters: number; readonly remediatedMu: number};

/**
 * Each team's remediated land: the tally of that team's plots alone, so it equals
 * `npm run tally` on a file of just those plots. Where two teams' plots overlap, the shared
 * land counts for both, so the figures can add up to more than the total.
 */
export function teamFigures(plots: readonly Plot[], asOf: string, zones: readonly SubsidenceZone[] = []): TeamFigure[] {
  const byTeam = new Map<string, Plot[]>();
  for (const p of plots) byTeam.set(p.properties.team, [...(byTeam.get(p.properties.team) ?? []), p]);
  return [...byTeam]
    .map(([team, list]) => {
      const t = tallyPlots(list, {asOf, zones});
      return {team, plots: list.length, remediatedSquareMeters: t.remediatedSquareMeters, remediatedMu: t.remediatedMu};
    })
    .sort((a, b) => b.remediatedSquareMeters - a.remediatedSquareMeters || a.team.localeCompare(b.team));
}
