import {t} from '../../i18n/messages';
import {useAppStore} from '../../state/store';
import {orthoFailureText, orthoProblemText} from './pack-messages';

/** Import of an orthophoto GeoTIFF: the file input and where the conversion stands. */
export function OrthoImport() {
  const lang = useAppStore((s) => s.lang);
  const job = useAppStore((s) => s.orthoImport);
  const status = useAppStore((s) => s.packsStatus);
  const {importOrtho, cancelOrthoImport, dismissOrthoImport} = useAppStore.getState();
  const busy = job.state === 'checking' || job.state === 'converting' || job.state === 'storing';

  return (
    <div className="ortho-import">
      <h3>{t('pack.orthoTitle', lang)}</h3>
      <p className="hint">{t('pack.orthoIntro', lang)}</p>
      <label className="file-button">
        <span>{t('pack.importOrtho', lang)}</span>
        <input type="file" accept=".tif,.tiff,image/tiff" disabled={busy || status === 'unavailable'}
          onChange={(e) => {
            const file = e.currentTarget.files?.[0];
            e.currentTarget.value = '';
            if (file) void importOrtho(file);
          }} />
      </label>
      {job.state === 'checking' && <p role="status">{t('pack.orthoChecking', lang, {file: job.fileName})}</p>}
      {job.state === 'converting' && (
        <p role="status">
          {t('pack.orthoConverting', lang, {file: job.fileName, done: job.tilesDone, total: job.tilesTotal})}
          <progress max={job.tilesTotal} value={job.tilesDone} />
        </p>
      )}
      {(job.state === 'checking' || job.state === 'converting') && (
        <button type="button" onClick={cancelOrthoImport}>{t('pack.orthoCancel', lang)}</button>
      )}
      {job.state === 'cancelled' && (
        <p role="status">
          {t('pack.orthoCancelled', lang, {file: job.fileName})}{' '}
          <button type="button" onClick={dismissOrthoImport}>{t('dismiss', lang)}</button>
        </p>
      )}
      {job.state === 'storing' && <p role="status">{t('pack.orthoStoring', lang, {file: job.fileName})}</p>}
      {job.state === 'stored' && <p role="status" className="ok">{t('pack.orthoStored', lang, {name: job.name, tiles: job.tiles})}</p>}
      {(job.state === 'refused' || job.state === 'failed') && (
        <div role="alert" className="error pack-error">
          <p>
            <strong>{t(job.state === 'refused' ? 'pack.refused' : 'pack.failed', lang, {file: job.fileName})}</strong>:{' '}
            {job.state === 'refused' ? orthoProblemText(job.problem, lang) : orthoFailureText(job.reason, job.detail, lang)} {t('pack.nothingStored', lang)}
          </p>
          <button type="button" onClick={dismissOrthoImport}>{t('dismiss', lang)}</button>
        </div>
      )}
    </div>
  );
}
