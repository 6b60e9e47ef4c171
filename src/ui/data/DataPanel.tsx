import {useAppStore} from '../../state/store';
import {t} from '../../i18n/messages';
import {ExportSection} from './ExportSection';
import {ImportSection} from './ImportSection';
import {ZonesSection} from './ZonesSection';

/** Data exchange with QGIS, ArcGIS, Google Earth, GPS units and Excel. */
export function DataPanel() {
  const lang = useAppStore((s) => s.lang);
  return (
    <section className="panel data-panel" aria-labelledby="data-heading">
      <h2 id="data-heading">{t('data.title', lang)}</h2>
      <ImportSection />
      <ExportSection />
      <ZonesSection />
    </section>
  );
}
