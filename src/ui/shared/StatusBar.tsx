import {t} from '../../i18n/messages';
import {useAppStore} from '../../state/store';
import {formatLonLat} from './format-lonlat';

export function StatusBar() {
  const lang = useAppStore((s) => s.lang);
  const cursor = useAppStore((s) => s.cursor);
  const mapStatus = useAppStore((s) => s.mapStatus);
  const mapError = useAppStore((s) => s.mapError);
  const geodataError = useAppStore((s) => s.geodataError);
  const offlineReady = useAppStore((s) => s.offlineReady);
  return (
    <footer className="status-bar">
      <output className="cursor" aria-label={t('cursor', lang)} aria-live="off">
        {cursor ? formatLonLat(cursor) : '—'}
      </output>
      {geodataError && (
        <span role="alert" className="error">{t('dataLoadFailed', lang)}: {geodataError}</span>
      )}
      {mapStatus === 'error' && (
        <span role="alert" className="error">{t('mapFailed', lang)}: {mapError}</span>
      )}
      {offlineReady && <span className="ok" data-offline-ready>{t('offlineReady', lang)}</span>}
      <span className="offline-note">{t('offlineNote', lang)}</span>
    </footer>
  );
}
