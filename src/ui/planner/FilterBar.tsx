import {MEASURES, POLICY_SOURCE, STATUSES, SUBSIDENCE_TARGET} from '../../../seeds/programme';
import type {MeasureCode, PlotStatus} from '../../../seeds/programme';
import {t} from '../../i18n/messages';
import {daysBetween} from '../../state/dashboard';
import {filtersAreActive} from '../../state/filters-slice';
import {selectFilteredPlots, selectPlotList, todayIso} from '../../state/selectors';
import {useAppStore} from '../../state/store';
import {useShallow} from 'zustand/react/shallow';
import {lt} from '../shared/layout-messages';

const MS_PER_DAY = 86_400_000;
const dayAt = (start: string, offset: number) => new Date(Date.parse(start) + offset * MS_PER_DAY).toISOString().slice(0, 10);

/** `day` moved by `months` calendar months, kept to the month's last day (31 Jan + 1 → 28/29 Feb). */
export function addMonths(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const first = new Date(Date.UTC(y, m - 1 + months, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  first.setUTCDate(Math.min(d, last));
  return first.toISOString().slice(0, 10);
}

function toggle<T>(list: readonly T[], value: T, on: boolean): T[] {
  return on ? [...new Set([...list, value])] : list.filter((v) => v !== value);
}

/** Status, measure, team, completion dates and the “as of” timeline: they narrow the map, the dashboard and the exports alike. */
export function FilterBar() {
  const lang = useAppStore((s) => s.lang);
  const filters = useAppStore((s) => s.filters);
  const setFilters = useAppStore((s) => s.setFilters);
  const resetFilters = useAppStore((s) => s.resetFilters);
  const teams = useAppStore(useShallow((s) => [...new Set(selectPlotList(s).map((p) => p.properties.team))].sort()));
  const shown = useAppStore((s) => selectFilteredPlots(s).length);
  const total = useAppStore((s) => Object.keys(s.plots).length);

  // The timeline runs from the day the target was set to the deadline (or today, if later).
  const start = POLICY_SOURCE.published;
  const today = todayIso();
  const end = today > SUBSIDENCE_TARGET.deadline ? today : SUBSIDENCE_TARGET.deadline;
  const span = daysBetween(start, end);
  const asOf = filters.asOf ?? (today < end ? today : end);

  return (
    <section className="panel filter-bar" aria-labelledby="filters-heading">
      <div className="filter-head">
        <h2 id="filters-heading">{t('filters', lang)}</h2>
        <span className="hint" data-testid="plots-shown">{t('plotsShown', lang)}: {shown} / {total}</span>
        <button type="button" onClick={resetFilters} disabled={!filtersAreActive(filters)}>{t('clearFilters', lang)}</button>
      </div>
      <div className="timeline">
        <label>
          <span>{t('asOfSlider', lang)}</span>
          <input type="range" min={0} max={span} step={1} value={daysBetween(start, asOf)}
            aria-valuetext={asOf} aria-describedby="as-of-keys"
            onChange={(e) => setFilters({asOf: dayAt(start, Number(e.currentTarget.value))})}
            onKeyDown={(e) => {
              // A month at a time: PageUp later, PageDown earlier (a slider's larger step).
              if (e.key !== 'PageUp' && e.key !== 'PageDown') return;
              e.preventDefault();
              const next = addMonths(asOf, e.key === 'PageUp' ? 1 : -1);
              setFilters({asOf: next < start ? start : next > end ? end : next});
            }} />
        </label>
        <label>
          <span>{t('asOf', lang)}</span>
          <input type="date" value={filters.asOf ?? ''} min={start} onChange={(e) => setFilters({asOf: e.currentTarget.value || null})} />
        </label>
        <button type="button" onClick={() => setFilters({asOf: null})} disabled={filters.asOf === null}>{t('asOfNow', lang)}</button>
      </div>
      <p id="as-of-keys" className="hint timeline-keys">{lt('asOfMonthHint', lang)}</p>
      <div className="filter-groups">
        <fieldset>
          <legend>{t('status', lang)}</legend>
          {STATUSES.map((s) => (
            <label key={s.code}>
              <input type="checkbox" checked={filters.statuses.includes(s.code)}
                onChange={(e) => setFilters({statuses: toggle<PlotStatus>(filters.statuses, s.code, e.currentTarget.checked)})} />
              {s[lang]}
            </label>
          ))}
        </fieldset>
        <fieldset>
          <legend>{t('measure', lang)}</legend>
          {MEASURES.map((m) => (
            <label key={m.code}>
              <input type="checkbox" checked={filters.measures.includes(m.code)}
                onChange={(e) => setFilters({measures: toggle<MeasureCode>(filters.measures, m.code, e.currentTarget.checked)})} />
              {m[lang]}
            </label>
          ))}
        </fieldset>
        <fieldset>
          <legend>{t('team', lang)}</legend>
          {teams.map((team) => (
            <label key={team}>
              <input type="checkbox" checked={filters.teams.includes(team)}
                onChange={(e) => setFilters({teams: toggle(filters.teams, team, e.currentTarget.checked)})} />
              {team || t('unknownTeam', lang)}
            </label>
          ))}
        </fieldset>
        <fieldset className="date-range">
          <legend>{t('completed', lang)}</legend>
          <label>
            <span>{t('completedFrom', lang)}</span>
            <input type="date" value={filters.from ?? ''} onChange={(e) => setFilters({from: e.currentTarget.value || null})} />
          </label>
          <label>
            <span>{t('completedTo', lang)}</span>
            <input type="date" value={filters.to ?? ''} onChange={(e) => setFilters({to: e.currentTarget.value || null})} />
          </label>
        </fieldset>
      </div>
    </section>
  );
}
