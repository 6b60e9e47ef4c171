import {pick} from '../../i18n/lang';
import {t} from '../../i18n/messages';
import {useAppStore} from '../../state/store';
import {KIND_NAMES, failureText, formatBytes, problemText, pt} from './pack-messages';
import {TeamPacks} from './TeamPacks';
import {LARGE_MBTILES_BYTES} from '../../geo/packs/mbtiles';

const day = (iso: string | null) => (iso ? iso.slice(0, 10) : '—');

/** The basemap packs on this device: import from a file, list, show/outline, delete, space used. */
export function PackPanel() {
  const lang = useAppStore((s) => s.lang);
  const packs = useAppStore((s) => s.packs);
  const status = useAppStore((s) => s.packsStatus);
  const job = useAppStore((s) => s.packImport);
  const space = useAppStore((s) => s.packSpace);
  const {importPack, deletePack, setPackVisible, setPackOutline, dismissPackImport} = useAppStore.getState();
  const busy = job.state === 'checking' || job.state === 'storing';

  return (
    <section className="panel pack-panel" aria-labelledby="packs-heading">
      <h2 id="packs-heading">{pt('title', lang)}</h2>
      <p className="hint">{pt('intro', lang)}</p>
      {status === 'unavailable' && <p role="alert" className="error">{pt('unavailable', lang)}</p>}
      <label className="file-button">
        <span>{pt('importPack', lang)}</span>
        <input type="file" accept=".pmtiles,.mbtiles,application/vnd.pmtiles,application/vnd.sqlite3,application/x-sqlite3" disabled={busy || status === 'unavailable'}
          onChange={(e) => {
            const file = e.currentTarget.files?.[0];
            e.currentTarget.value = '';
            if (file) void importPack(file);
          }} />
      </label>
      <p className="hint">{pt('mbtilesNote', lang)}</p>
      {busy && <p role="status">{pt(job.state === 'checking' ? 'checking' : 'storing', lang, {file: job.fileName})}</p>}
      {job.state === 'stored' && <p role="status" className="ok">{pt('stored', lang, {name: job.name})}</p>}
      {(job.state === 'refused' || job.state === 'failed') && (
        <div role="alert" className="error pack-error">
          <p>
            <strong>{pt(job.state, lang, {file: job.fileName})}</strong>:{' '}
            {job.state === 'refused' ? problemText(job.problem, lang) : failureText(job.reason, lang)} {pt('nothingStored', lang)}
          </p>
          <button type="button" onClick={dismissPackImport}>{t('dismiss', lang)}</button>
        </div>
      )}
      {packs.length === 0 ? (
        <p className="hint">{pt('none', lang)}</p>
      ) : (
        <ul className="pack-list" aria-label={pt('title', lang)}>
          {packs.map((p) => (
            <li key={p.id} className="pack-row" data-pack-kind={p.kind}>
              <div className="pack-head">
                <strong>{p.name}</strong> <span className="pack-kind">{pick(KIND_NAMES[p.kind], lang)}</span>
              </div>
              <p className="pack-facts">
                {pt('zooms', lang, {min: p.minZoom, max: p.maxZoom})} · {formatBytes(p.sizeBytes, lang)} ·{' '}
                {pt('dataDate', lang)} {day(p.dataDate ?? p.fileDate)} · {pt('imported', lang)} {day(p.importedAt)}
              </p>
              <p className="pack-source">
                {pt('source', lang)}: {p.attribution || pt('unknownSource', lang)}
                {p.openStreetMap && <><br />{pt('osmNote', lang)}</>}
                {p.kind === 'vector' && p.schema === 'other' && <><br />{pt('genericStyle', lang)}</>}
                {p.container === 'mbtiles' && p.sizeBytes > LARGE_MBTILES_BYTES && <><br />{pt('mbtilesMemory', lang, {size: formatBytes(p.sizeBytes, lang)})}</>}
              </p>
              <div className="button-row">
                <label>
                  <input type="checkbox" checked={p.visible} onChange={(e) => setPackVisible(p.id, e.currentTarget.checked)} />
                  {' '}{pt('show', lang)}
                </label>
                <label>
                  <input type="checkbox" checked={p.outline} onChange={(e) => setPackOutline(p.id, e.currentTarget.checked)} />
                  {' '}{pt('outline', lang)}
                </label>
                <button type="button" onClick={() => void deletePack(p.id)} aria-label={`${pt('delete', lang)}: ${p.name}`}>
                  {pt('delete', lang)}
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
      <TeamPacks />
      <p className="pack-space" data-testid="pack-space">
        {space.estimate
          ? pt('storage', lang, {used: formatBytes(space.estimate.usageBytes, lang), quota: formatBytes(space.estimate.quotaBytes, lang)})
          : pt('storageUnknown', lang)}
        {space.persisted === 'granted' && <><br />{pt('persistGranted', lang)}</>}
        {space.persisted === 'denied' && <><br />{pt('persistDenied', lang)}</>}
      </p>
    </section>
  );
}
