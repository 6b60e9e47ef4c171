import {useMemo, useRef, useState} from 'react';
import {MEASURES, STATUSES} from '../../../seeds/programme';
import {plotAreaSquareMeters} from '../../state/plot-area';
import {formatArea} from '../../i18n/format';
import {STATUS_COLORS} from '../../catalogue/plots';
import {t} from '../../i18n/messages';
import {plotSearchKeeper, selectListedPlots, selectSaveState} from '../../state/selectors';
import {useMapCommands} from '../../map/MapCommandsProvider';
import {useAppStore} from '../../state/store';
import {PhotoStrip} from './PhotoStrip';
import {PlotHistory} from './PlotHistory';
import {SaveBadge} from './SaveBadge';
import {SyncBadge} from '../team/SyncBadge';
import {editBlock} from '../../state/team-slice';
import {ROWS_DRAWN_WHOLE, useRowWindow} from '../shared/useRowWindow';

/**
 * The plots on this device, newest edit first; the selected one opens with its actions. A long
 * list (10,000 plots) draws only the rows in view (useRowWindow) and offers a search by name.
 */
export function PlotList() {
  const lang = useAppStore((s) => s.lang);
  const all = useAppStore(selectListedPlots);
  const saveState = useAppStore((s) => s.saveState);
  const shown = useAppStore((s) => s.plots);
  const selectedId = useAppStore((s) => s.selectedPlotId);
  const team = useAppStore((s) => s.team);
  const map = useMapCommands();
  const {selectPlot, openForm, setTool, deletePlot} = useAppStore.getState();
  const [query, setQuery] = useState('');
  const listRef = useRef<HTMLUListElement>(null);
  const long = all.length > ROWS_DRAWN_WHOLE;
  const [search] = useState(plotSearchKeeper);
  const plots = useMemo(() => search(all, long ? query.trim().toLowerCase() : ''), [search, all, long, query]);
  const {start, end, padTopPx, padBottomPx} = useRowWindow(plots.length, listRef, {estimatePx: 52, rowSelector: ':scope > li:not(.selected)'});

  if (all.length === 0) return <p className="hint">{t('noPlots', lang)}</p>;
  return (
    <>
      {long && (
        <input type="search" className="plot-search" placeholder={t('searchPlots', lang)} aria-label={t('searchPlots', lang)} value={query}
          onChange={(e) => setQuery(e.currentTarget.value)} />
      )}
      <ul ref={listRef} className="plot-list" aria-label={t('plotList', lang)}
        style={padTopPx || padBottomPx ? {paddingTop: padTopPx, paddingBottom: `calc(0.8rem + ${padBottomPx}px)`} : undefined}>
        {plots.slice(start, end).map((plot) => {
          const p = plot.properties;
          const selected = p.id === selectedId;
          const blocked = selected ? editBlock({team}, plot) : null;
          const status = STATUSES.find((s) => s.code === p.status);
          const measure = MEASURES.find((m) => m.code === p.measure);
          return (
            <li key={p.id} className={selected ? 'selected' : undefined} data-plot-id={p.id}>
              <button type="button" className="plot-row" aria-expanded={selected}
                onClick={() => {
                  selectPlot(selected ? null : p.id);
                  if (!selected) void map.zoomToPlot(p.id);
                }}>
                <span className="status-dot" style={{background: STATUS_COLORS[p.status]}} aria-hidden="true" />
                <span className="plot-name">{p.name || '—'}</span>
                <span className="plot-area">{formatArea(plotAreaSquareMeters(plot), 'mu', lang, 2)}</span>
              </button>
              <div className="plot-meta">
                <span>{status?.[lang] ?? p.status}</span> · <span>{measure?.[lang] ?? p.measure}</span>
                {p.completed && <> · <span>{p.completed}</span></>} · <SaveBadge state={selectSaveState({plots: shown, saveState}, p.id)} /> <SyncBadge plotId={p.id} />
              </div>
              {selected && (
                <div className="plot-actions">
                  <p className="plot-team">{t('team', lang)}: {p.team}{p.notes && <> · {p.notes}</>}</p>
                  <PhotoStrip plotId={p.id} />
                  {blocked && <p className="hint" data-edit-blocked={blocked}>{t(`team.blocked.${blocked}`, lang)}</p>}
                  <div className="button-row">
                    <button type="button" disabled={!!blocked} onClick={() => openForm({plot, isNew: false})}>{t('edit', lang)}</button>
                    <button type="button" onClick={() => setTool('edit-shape', p.id)} disabled={!!blocked || plot.geometry.type !== 'Polygon'}>{t('editShape', lang)}</button>
                    <button type="button" className="danger" disabled={!!blocked}
                      onClick={() => window.confirm(t('confirmDelete', lang)) && void deletePlot(p.id)}>
                      {t('delete', lang)}
                    </button>
                  </div>
                  <PlotHistory plotId={p.id} />
                </div>
              )}
            </li>
          );
        })}
      </ul>
    </>
  );
}
