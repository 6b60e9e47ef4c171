import {STATUSES} from '../../../seeds/programme';
import {LAYERS} from '../../catalogue/layers';
import {STATUS_COLORS} from '../../catalogue/plots';
import {pick} from '../../i18n/lang';
import {t} from '../../i18n/messages';
import {useAppStore} from '../../state/store';
import {LegendSwatch} from '../shared/LegendSwatch';

/** Plot statuses and the visible layers, for the presenter overlay and the printed page. */
export function MapLegend({className}: {className: string}) {
  const lang = useAppStore((s) => s.lang);
  const layerState = useAppStore((s) => s.layerState);
  return (
    <aside className={className} aria-label={t('legend', lang)}>
      <ul>
        {STATUSES.map((st) => (
          <li key={st.code}><LegendSwatch entry={{label: st, shape: 'fill', color: STATUS_COLORS[st.code], approximate: false}} />{st[lang]}</li>
        ))}
        {LAYERS.filter((l) => layerState[l.id].visible).map((l) => (
          <li key={l.id}><LegendSwatch entry={l.legend[0]!} />{pick(l.title, lang)}</li>
        ))}
      </ul>
    </aside>
  );
}
