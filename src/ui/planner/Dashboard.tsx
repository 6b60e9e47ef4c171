import {MEASURES, STATUSES, SUBSIDENCE_TARGET} from '../../../seeds/programme';
import {STATUS_COLORS} from '../../catalogue/plots';
import {OUTSIDE_ZONES_ROW, UNDATED_MONTH, type Tally} from '../../geo/tally';
import {muToSquareMeters} from '../../geo/units';
import {formatArea, formatPercent} from '../../i18n/format';
import type {ZonesSource} from '../../geo/zones-import';
import type {Lang} from '../../i18n/lang';
import {t} from '../../i18n/messages';
import {outlookOf, progressSeries} from '../../state/dashboard';
import {summaryToCsv} from '../../state/dashboard-csv';
import {selectNotSavedPlots, selectTally, selectTeamFigures, todayIso} from '../../state/selectors';
import {useAppStore} from '../../state/store';
import {selectZonesSource} from '../../state/zones-slice';
import {downloadText} from '../shared/download';
import {BreakdownTable} from './BreakdownTable';
import {FilterBar} from './FilterBar';
import {PlotTable} from './PlotTable';
import {CumulativeChart, Gauge, MuBars} from './ProgressCharts';

/**
 * The planner's progress dashboard. Every figure comes from the one tally (src/geo/tally.ts)
 * over the filtered plots, so it equals `npm run tally` on the same plots and day.
 */
export function Dashboard({onClose}: {onClose: () => void}) {
  const lang = useAppStore((s) => s.lang);
  const tally = useAppStore((s) => selectTally(s, todayIso()));
  const teams = useAppStore((s) => selectTeamFigures(s, todayIso()));
  const filters = useAppStore((s) => s.filters);
  const notSaved = useAppStore((s) => selectNotSavedPlots(s).length);
  const zonesSource = useAppStore(selectZonesSource);
  const outlook = outlookOf(tally);
  const asOf = tally.pace.asOf;
  const muText = (m2: number, digits = 1) => formatArea(m2, 'mu', lang, digits);
  const haText = (m2: number) => formatArea(m2, 'ha', lang, 2);
  const perMonth = (muValue: number | null) => (muValue === null ? '—' : `${formatArea(muToSquareMeters(muValue), 'mu', lang, 1)}${t('perMonth', lang)}`);

  const exportSummary = () =>
    downloadText(summaryToCsv({tally, outlook, teams, filters, lang, zonesSource}), `remediation-summary-${asOf}.csv`, 'text/csv;charset=utf-8');

  return (
    <section className="dashboard" aria-labelledby="dashboard-heading" data-testid="dashboard">
      <header className="dashboard-head">
        <h2 id="dashboard-heading">{t('dashboard', lang)} · {t('asOf', lang)} <span data-testid="as-of">{asOf}</span></h2>
        <button type="button" onClick={exportSummary}>{t('exportSummaryCsv', lang)}</button>
        <button type="button" onClick={onClose} aria-label={t('closeDashboard', lang)}>✕</button>
      </header>
      {/* The headline first, above the fold at 1280 × 800: how far from the target, how fast, when (issue 12). */}
      <dl className="headline" data-testid="dash-headline" aria-label={t('progress', lang)}>
        <div className="headline-total">
          <dt>{t('remediatedArea', lang)}</dt>
          <dd>
            <strong className="big" data-testid="dash-remediated-mu" data-value={tally.remediatedMu}>{muText(tally.remediatedSquareMeters, 2)}</strong>
            <span className="headline-sub">
              <span data-testid="dash-remediated-ha" data-value={tally.remediatedHectares}>{haText(tally.remediatedSquareMeters)}</span>
              {' · '}/ {formatArea(muToSquareMeters(SUBSIDENCE_TARGET.areaMu), 'mu', lang)} ·{' '}
              <strong data-testid="dash-percent" data-value={tally.percentOfTarget}>{formatPercent(tally.percentOfTarget / 100, lang)}</strong>
            </span>
            {notSaved > 0 && <span className="not-saved-extra" data-testid="dash-not-saved" title={t('notSavedExtraHint', lang)}>+{notSaved} {t('notSavedExtra', lang)}</span>}
          </dd>
        </div>
        <div><dt>{t('remaining', lang)}</dt><dd data-testid="dash-remaining-mu" data-value={outlook.remainingMu}>{muText(outlook.remainingSquareMeters)}</dd></div>
        <div><dt>{t('paceLast', lang)}</dt><dd data-testid="dash-pace" data-value={tally.pace.muPerMonth}>{perMonth(tally.pace.muPerMonth)}</dd></div>
        <div><dt>{t('projectedDate', lang)}</dt><dd data-testid="dash-projected">{tally.pace.projectedTargetDate ?? t('notProjected', lang)}</dd></div>
        <div className="headline-verdict">
          <dt>{t('neededPace', lang)}</dt>
          <dd>
            <span data-testid="dash-needed" data-value={outlook.neededMuPerMonth ?? ''}>{perMonth(outlook.neededMuPerMonth)}</span>
            <strong data-testid="dash-verdict" className={outlook.onTrack ? 'on-track' : 'behind'}>{t(outlook.onTrack ? 'onTrack' : 'behind', lang)}</strong>
          </dd>
        </div>
      </dl>
      <FilterBar />

      <div className="kpis">
        <div className="kpi kpi-main">
          <Gauge fraction={tally.percentOfTarget / 100} label={`${t('remediatedArea', lang)} ${formatPercent(tally.percentOfTarget / 100, lang)}`} />
        </div>
        <dl className="kpi-list">
          <div><dt>{t('claimed', lang)}</dt><dd data-testid="dash-claimed-mu" data-value={tally.byStatus.remediated.areaMu}>{muText(tally.byStatus.remediated.areaSquareMeters)} · {haText(tally.byStatus.remediated.areaSquareMeters)}</dd></div>
          <div><dt>{t('verified', lang)}</dt><dd data-testid="dash-verified-mu" data-value={tally.byStatus.verified.areaMu}>{muText(tally.byStatus.verified.areaSquareMeters)} · {haText(tally.byStatus.verified.areaSquareMeters)}</dd></div>
          <div><dt>{t('remaining', lang)}</dt><dd>{muText(outlook.remainingSquareMeters)} · {haText(outlook.remainingSquareMeters)}</dd></div>
          <div><dt>{t('daysLeft', lang)}</dt><dd data-testid="dash-days-left">{outlook.daysLeft}</dd></div>
        </dl>
      </div>

      <CumulativeChart data={progressSeries(tally, asOf)} title={t('cumulative', lang)} actual={t('actual', lang)} trajectory={t('trajectory', lang)} />
      <UndatedNotes tally={tally} asOfFilter={filters.asOf} lang={lang} />
      <div className="breakdowns">
        <BreakdownTable testId="zone-rows" lang={lang} caption={zonesCaption(zonesSource, lang)}
          rows={tally.byZone.map((z) => ({key: z.id, label: zoneLabel(z, lang), plots: z.plots, areaSquareMeters: z.areaSquareMeters, areaMu: z.areaMu}))} />
        <BreakdownTable testId="month-rows" lang={lang} caption={t('zone.byMonth', lang)}
          rows={tally.byMonth.map((m) => ({key: m.month, label: m.month === UNDATED_MONTH ? t('zone.undatedBucket', lang) : m.month, plots: m.plots, areaSquareMeters: m.areaSquareMeters, areaMu: m.areaMu}))} />
      </div>
      <div className="chart-grid">
        <MuBars testId="chart-zone" title={zonesCaption(zonesSource, lang)} data={tally.byZone.map((z) => ({label: zoneLabel(z, lang), mu: z.areaMu}))} />
        <MuBars testId="chart-status" title={t('byStatus', lang)} data={STATUSES.map((s) => ({label: s[lang], mu: tally.byStatus[s.code].areaMu, color: STATUS_COLORS[s.code]}))} />
        <MuBars testId="chart-measure" title={t('byMeasure', lang)} data={MEASURES.filter((m) => (tally.byMeasure[m.code]?.plots ?? 0) > 0).map((m) => ({label: m[lang], mu: tally.byMeasure[m.code]!.areaMu}))} />
        <figure className="chart-with-note">
          <MuBars testId="chart-team" title={t('byTeam', lang)} data={teams.map((x) => ({label: x.team || t('unknownTeam', lang), mu: x.remediatedMu}))} />
          <figcaption className="hint">{t('byTeamNote', lang)}</figcaption>
        </figure>
      </div>
      <PlotTable />
    </section>
  );
}

/** Which zones the by-zone figures are by, for every by-zone caption. */
function zonesCaption(source: ZonesSource, lang: Lang): string {
  return source.kind === 'official' ? t('zone.byZoneOfficial', lang, {file: source.fileName, date: source.date}) : t('zone.byZoneIndicative', lang);
}

function zoneLabel(z: Tally['byZone'][number], lang: Lang): string {
  if (z.id === OUTSIDE_ZONES_ROW) return t('zone.outsideZones', lang);
  return lang === 'zh' ? z.nameZh.replace('大通采煤沉陷区', '') || z.nameZh : z.nameEn.replace('Datong coal-mining subsidence zone ', '');
}

/** Undated claims: where they are in the total now, or how many an as-of total left out. */
function UndatedNotes({tally, asOfFilter, lang}: {tally: Tally; asOfFilter: string | null; lang: Lang}) {
  const undated = tally.byMonth.find((m) => m.month === UNDATED_MONTH);
  const left = tally.undatedLeftOut;
  if (!undated && left.plots === 0) return null;
  return (
    <div className="undated-notes">
      {undated && <p className="hint" data-testid="dash-undated" data-plots={undated.plots} data-value={undated.areaMu}>{t('zone.undatedNote', lang, {n: undated.plots, area: formatArea(undated.areaSquareMeters, 'mu', lang, 2)})}</p>}
      {left.plots > 0 && asOfFilter && (
        <p className="warning" role="note" data-testid="dash-undated-left-out" data-plots={left.plots} data-value={left.areaMu}>
          {t('zone.asOfLeftOut', lang, {date: asOfFilter, n: left.plots, area: formatArea(left.areaSquareMeters, 'mu', lang, 2)})}
        </p>
      )}
    </div>
  );
}
