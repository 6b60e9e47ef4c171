import {BASEMAP_LEGEND, BASEMAP_TITLE} from '../../catalogue/basemap';
import {layerById, legendOf} from '../../catalogue/layers';
import {LAYER_IDS} from '../../catalogue/types';
import {pick} from '../../i18n/lang';
import {t} from '../../i18n/messages';
import {useMapCommands} from '../../map/MapCommandsProvider';
import {useAppStore} from '../../state/store';
import {selectZonesSource} from '../../state/zones-slice';
import {LegendSwatch} from '../shared/LegendSwatch';

export function LayerPanel() {
  const lang = useAppStore((s) => s.lang);
  const layerState = useAppStore((s) => s.layerState);
  const setVisible = useAppStore((s) => s.setVisible);
  const setOpacity = useAppStore((s) => s.setOpacity);
  const map = useMapCommands();
  const zonesSource = useAppStore(selectZonesSource);

  return (
    <section className="panel layer-panel" aria-labelledby="layers-heading">
      <h2 id="layers-heading">{t('layers', lang)}</h2>
      <ul>
        {LAYER_IDS.map((id) => {
          const layer = layerById(id);
          const title = pick(layer.title, lang);
          const state = layerState[id];
          return (
            <li key={id} className="layer-row" data-layer={id}>
              <div className="layer-head">
                <input id={`layer-${id}`} type="checkbox" checked={state.visible}
                  onChange={(e) => setVisible(id, e.currentTarget.checked)} />
                <label htmlFor={`layer-${id}`}>
                  <LegendSwatch entry={layer.legend[0]!} />
                  <span>{title}</span>
                </label>
                <button type="button" className="icon-button" onClick={() => void map.zoomToLayer(id)}
                  aria-label={`${t('zoomToLayer', lang)}: ${title}`} title={t('zoomToLayer', lang)}>
                  ⤢
                </button>
              </div>
              <label className="opacity">
                <span>{t('opacity', lang)}</span>
                <input type="range" min={0} max={1} step={0.05} value={state.opacity}
                  aria-label={`${t('opacity', lang)}: ${title}`}
                  onChange={(e) => setOpacity(id, Number(e.currentTarget.value))} />
              </label>
              <ul className="legend" aria-label={`${t('legend', lang)}: ${title}`}>
                {legendOf(layer, zonesSource).map((entry) => (
                  <li key={entry.label.en}>
                    <LegendSwatch entry={entry} />
                    <span>{pick(entry.label, lang)}</span>
                  </li>
                ))}
              </ul>
            </li>
          );
        })}
      </ul>
      <ul className="legend basemap-legend" aria-label={`${t('legend', lang)}: ${pick(BASEMAP_TITLE, lang)}`}>
        {BASEMAP_LEGEND.map((entry) => (
          <li key={entry.label.en}>
            <LegendSwatch entry={entry} />
            <span>{pick(entry.label, lang)}</span>
          </li>
        ))}
      </ul>
      <p className="hint">{t('approxNote', lang)}</p>
    </section>
  );
}
