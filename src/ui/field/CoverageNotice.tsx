import {useShallow} from 'zustand/react/shallow';
import {t} from '../../i18n/messages';
import {selectBasemapNotice} from '../../state/pack-selectors';
import {useAppStore} from '../../state/store';

/** Over the map while a plot is drawn or walked where no basemap pack gives detail. */
export function CoverageNotice() {
  const lang = useAppStore((s) => s.lang);
  const notice = useAppStore(useShallow(selectBasemapNotice));
  if (!notice) return null;
  return (
    <p className="coverage-notice" role="note" data-testid="coverage-notice">
      {t('noDetailedBasemap', lang)}
      {notice.status === 'beyond-zoom' && <> ({t('beyondPackZoom', lang).replace('{z}', String(notice.maxZoom))})</>}
    </p>
  );
}
