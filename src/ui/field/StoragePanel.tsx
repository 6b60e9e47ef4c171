import {t} from '../../i18n/messages';
import {unsavedChangesGeoJson, unsavedExportFileName} from '../../state/persistence/unsaved-export';
import {useAppStore} from '../../state/store';
import {downloadText} from '../shared/download';

/** Where the device copy stands: persistent or not, the database open or not, unsaved work. */
export function StoragePanel() {
  const lang = useAppStore((s) => s.lang);
  const storage = useAppStore((s) => s.storage);
  const unsaved = useAppStore((s) => s.unsaved);
  const {retryUnsaved} = useAppStore.getState();

  const exportUnsaved = () => {
    const at = new Date().toISOString();
    const team = useAppStore.getState().lastValues?.team || 'device';
    downloadText(unsavedChangesGeoJson(unsaved, {exportedAt: at, actor: team}), unsavedExportFileName(at), 'application/geo+json');
  };

  return (
    <div className="storage-panel">
      {storage.db === 'reload-required' && (
        <p role="alert" className="error">
          {t('reloadRequired', lang)} <button type="button" onClick={() => window.location.reload()}>{t('reload', lang)}</button>
        </p>
      )}
      {storage.db === 'lost' && <p role="alert" className="error">{t('dbLost', lang)}</p>}
      {(storage.vanished ?? 0) > 0 && (
        <p role="alert" className="error vanished" data-vanished={storage.vanished}>{t('dbVanished', lang).replace('{n}', String(storage.vanished))}</p>
      )}
      {storage.db === 'unavailable' && <p role="alert" className="error">{t('dbUnavailable', lang)}{storage.error && `: ${storage.error}`}</p>}
      {unsaved.length > 0 && (
        <div role="alert" className="unsaved">
          <p><strong>{t('notSaved', lang)}</strong>: {unsaved.length} {t('unsavedCount', lang)}</p>
          <div className="button-row">
            <button type="button" className="primary" onClick={exportUnsaved}>{t('exportUnsaved', lang)}</button>
            <button type="button" onClick={() => void retryUnsaved()}>{t('retrySave', lang)}</button>
          </div>
        </div>
      )}
      <p className={`persist ${storage.persisted}`} data-persisted={storage.persisted}>
        {storage.persisted === 'granted' ? t('persistGranted', lang) : storage.persisted === 'denied' ? t('persistDenied', lang) : storage.persisted === 'unsupported' ? t('persistUnsupported', lang) : ''}
      </p>
    </div>
  );
}
