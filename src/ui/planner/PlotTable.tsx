import {localeOf} from '../../i18n/lang';
import {useMemo, useRef, useState} from 'react';
import {MEASURES, STATUSES} from '../../../seeds/programme';
import {plotsToCsv} from '../../geo/export/csv-export';
import {plotCsvWords} from '../../i18n/csv-words';
import {plotAreaSquareMeters} from '../../state/plot-area';
import type {Plot} from '../../geo/plot';
import {squareMetersToMu} from '../../geo/units';
import {t} from '../../i18n/messages';
import type {MessageKey} from '../../i18n/messages';
import type {ZoneCheck} from '../../geo/zone-at';
import {subsidenceZones} from '../../state/new-plot';
import {selectFilteredPlots, selectZoneChecks} from '../../state/selectors';
import {useMapCommands} from '../../map/MapCommandsProvider';
import {useAppStore} from '../../state/store';
import {downloadText} from '../shared/download';
import {useRowWindow} from '../shared/useRowWindow';

type Column = 'name' | 'zone' | 'lies' | 'measure' | 'status' | 'completed' | 'team' | 'area';
const COLUMNS: readonly {id: Column; label: MessageKey | 'lies'}[] = [
  {id: 'name', label: 'name'}, {id: 'zone', label: 'zone'}, {id: 'lies', label: 'lies'}, {id: 'measure', label: 'measure'}, {id: 'status', label: 'status'},
  {id: 'completed', label: 'completed'}, {id: 'team', label: 'team'}, {id: 'area', label: 'area'},
];

type Row = {plot: Plot; cells: Record<Exclude<Column, 'area'>, string>; areaMu: number; check: ZoneCheck | undefined; flag: string | null};

/**
 * The filtered plots as a table: sort by any column, search, click a row to fly to its plot. A
 * long table draws only the rows in view (useRowWindow); the CSV export has every row.
 */
export function PlotTable() {
  const lang = useAppStore((s) => s.lang);
  const map = useMapCommands();
  const plots = useAppStore(selectFilteredPlots);
  const geodata = useAppStore((s) => s.geodata);
  const checks = useAppStore(selectZoneChecks);
  const selectedPlotId = useAppStore((s) => s.selectedPlotId);
  const [sort, setSort] = useState<{by: Column; dir: 1 | -1}>({by: 'completed', dir: -1});
  const [query, setQuery] = useState('');

  const rows = useMemo(() => {
    const zoneNames = new Map(subsidenceZones({geodata}).map((z) => [String(z.properties?.id), String(z.properties?.[lang === 'zh' ? 'name_zh' : 'name_en'])]));
    const all: Row[] = plots.map((plot) => {
      const p = plot.properties;
      const check = checks.get(p.id);
      const lies = check ? (check.zoneId === null ? t('zone.outsideZones', lang) : zoneNames.get(check.zoneId) ?? check.zoneId) : '';
      const flagKey = check?.agreement === 'mismatch' ? 'zone.zoneMismatch' : check?.agreement === 'unrecognised' ? 'zone.zoneUnrecognised' : check?.agreement === 'absent' ? 'zone.zoneAbsent' : null;
      return {
        plot,
        check,
        flag: flagKey && t(flagKey, lang, {attr: p.zone, zone: lies}),
        areaMu: squareMetersToMu(plotAreaSquareMeters(plot)),
        cells: {
          // The plot's own attribute, as stored: never rewritten from its location.
          name: p.name, zone: zoneNames.get(p.zone) ?? p.zone, lies, measure: MEASURES.find((m) => m.code === p.measure)?.[lang] ?? p.measure,
          status: STATUSES.find((s) => s.code === p.status)?.[lang] ?? p.status, completed: p.completed ?? '', team: p.team,
        },
      };
    });
    const q = query.trim().toLowerCase();
    const found = q ? all.filter((r) => Object.values(r.cells).some((v) => v.toLowerCase().includes(q))) : all;
    const key = (r: Row) => (sort.by === 'area' ? r.areaMu : r.cells[sort.by]);
    return found.sort((a, b) => {
      const x = key(a);
      const y = key(b);
      return (typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y), localeOf(lang))) * sort.dir;
    });
  }, [plots, geodata, checks, lang, query, sort]);

  const fly = (id: string) => {
    useAppStore.getState().selectPlot(id);
    void map.zoomToPlot(id);
  };
  const fmt = new Intl.NumberFormat(localeOf(lang), {maximumFractionDigits: 1});
  const bodyRef = useRef<HTMLTableSectionElement>(null);
  const {start, end, padTopPx, padBottomPx} = useRowWindow(rows.length, bodyRef, {estimatePx: 30, rowSelector: ':scope > tr[data-plot-id]'});
  const spacer = (heightPx: number) => heightPx > 0 && (
    <tr aria-hidden="true" className="row-spacer"><td colSpan={COLUMNS.length} style={{height: heightPx, padding: 0, border: 0}} /></tr>
  );

  return (
    <section className="plot-table-section" aria-labelledby="plot-table-heading">
      <div className="table-head">
        <h3 id="plot-table-heading">{t('plotTable', lang)}</h3>
        <input type="search" placeholder={t('searchPlots', lang)} aria-label={t('searchPlots', lang)} value={query} onChange={(e) => setQuery(e.currentTarget.value)} />
        <button type="button" onClick={() => downloadText(plotsToCsv(rows.map((r) => r.plot), plotCsvWords(lang)), 'plots-table.csv', 'text/csv;charset=utf-8')}>
          {t('exportTableCsv', lang)}
        </button>
      </div>
      <div className="table-scroll">
        <table className="plot-table">
          <thead>
            <tr>
              {COLUMNS.map((c) => (
                <th key={c.id} scope="col" aria-sort={sort.by === c.id ? (sort.dir === 1 ? 'ascending' : 'descending') : 'none'}>
                  <button type="button" onClick={() => setSort((s) => ({by: c.id, dir: s.by === c.id ? (-s.dir as 1 | -1) : 1}))}>
                    {c.label === 'lies' ? t('zone.lies', lang) : t(c.label, lang)}{sort.by === c.id ? (sort.dir === 1 ? ' ▲' : ' ▼') : ''}
                  </button>
                </th>
              ))}
            </tr>
          </thead>
          <tbody ref={bodyRef}>
            {spacer(padTopPx)}
            {rows.slice(start, end).map((r) => (
              <tr key={r.plot.properties.id} data-plot-id={r.plot.properties.id} aria-selected={r.plot.properties.id === selectedPlotId} onClick={() => fly(r.plot.properties.id)}>
                <td>
                  <button type="button" className="link" title={t('flyToPlot', lang)} onClick={(e) => { e.stopPropagation(); fly(r.plot.properties.id); }}>
                    {r.cells.name || r.plot.properties.id}
                  </button>
                </td>
                <td>{r.cells.zone}</td>
                <td data-agreement={r.check?.agreement} data-zone-id={r.check?.zoneId ?? 'outside'} title={r.flag ?? undefined}>
                  {r.flag && <span className="zone-flag" role="img" aria-label={r.flag}>⚠ </span>}{r.cells.lies}
                </td>
                <td>{r.cells.measure}</td>
                <td>{r.cells.status}</td>
                <td>{r.cells.completed}</td>
                <td>{r.cells.team}</td>
                <td className="num">{fmt.format(r.areaMu)}</td>
              </tr>
            ))}
            {spacer(padBottomPx)}
          </tbody>
        </table>
      </div>
    </section>
  );
}
