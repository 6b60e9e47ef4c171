import {APPROXIMATE_KEY, mapLegendRows} from '../../catalogue/legend';
import {t} from '../../i18n/messages';
import {useAppStore} from '../../state/store';
import {LegendSwatch} from '../shared/LegendSwatch';

/**
 * Plot statuses, the visible layers' legend entries and the basemap's indicative salt lakes,
 * for the presenter overlay and the printed page: indicative entries say so in their label
 * and are drawn dashed or hollow, with the key underneath.
 */
export function MapLegend({className}: {className: string}) {
  const lang = useAppStore((s) => s.lang);
  const layerState = useAppStore((s) => s.layerState);
  return (
    <aside className={className} aria-label={t('legend', lang)}>
      <ul>
        {mapLegendRows(layerState, lang).map((row) => (
          <li key={row.entry.label.en}><LegendSwatch entry={row.entry} />{row.label}</li>
        ))}
      </ul>
      <p className="legend-key">{APPROXIMATE_KEY[lang]}</p>
    </aside>
  );
}
