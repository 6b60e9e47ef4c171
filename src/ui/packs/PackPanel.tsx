import {pick} from '../../i18n/lang';
import {t} from '../../i18n/messages';
import {useAppStore} from '../../state/store';
import {KIND_NAMES, failureText, formatBytes, problemText} from './pack-messages';
import {TeamPacks} from './TeamPacks';
import {OrthoImport} from './OrthoImport';
import {TiandituSettings} from './TiandituSettings';
import {LARGE_MBTILES_BYTES} from '../../geo/packs/mbtiles';

const day = (iso: string | null) => (iso ? iso.slice(0, 10) : '—');

/** The basemap packs on this device: import from a file, list, show/outline, delete, space used. */
export function PackPanel() {
  const lang = useAppStore((s) => s.lang);
  const packs = useAppStore((s) => s.packs);
  const status = useAppStore((s) => s.packsStatus);
  const job = useAppStore((s) => s.packImport);
  const space = useAppStore((s) => s.packSpace);
  const {importPack, deletePack, setPackVisible, setPackOutline, setPackOpacity, setPackContours, dismissPackImport} = useAppStore.getState();
  const busy = job.state === 'checking' || job.state === 'storing';

  return (
    <section className="panel pack-panel" aria-labelledby="packs-heading">
      <h2 id="packs-heading">{t('pack.title', lang)}</h2>
      <p className="hint">{t('pack.intro', lang)}</p>
      {status === 'unavailable' && <p role="alert" className="error">{t('pack.unavailable', lang)}</p>}
      <label className="file-button">
        <span>{t('pack.importPack', lang)}</span>
        <input type="file" accept=".pmtiles,.mbtiles,application/vnd.pmtiles,application/vnd.sqlite3,application/x-sqlite3" disabled={busy || status === 'unavailable'}
          onChange={(e) => {
            const file = e.currentTarget.files?.[0];
            e.currentTarget.value = '';
            if (file) void importPack(file);
          }} />
      </label>
      <p className="hint">{t('pack.mbtilesNote', lang)}</p>
      {busy && <p role="status">{t(job.state === 'checking' ? 'pack.checking' : 'pack.storing', lang, {file: job.fileName})}</p>}
      {job.state === 'stored' && <p role="status" className="ok">{t('pack.stored', lang, {name: job.name})}</p>}
      {(job.state === 'refused' || job.state === 'failed') && (
        <div role="alert" className="error pack-error">
          <p>
            <strong>{t(`pack.${job.state}`, lang, {file: job.fileName})}</strong>:{' '}
            {job.state === 'refused' ? problemText(job.problem, lang) : failureText(job.reason, lang)} {t('pack.nothingStored', lang)}
          </p>
          <button type="button" onClick={dismissPackImport}>{t('dismiss', lang)}</button>
        </div>
      )}
      <OrthoImport />
      {packs.length === 0 ? (
        <p className="hint">{t('pack.none', lang)}</p>
      ) : (
        <ul className="pack-list" aria-label={t('pack.title', lang)}>
          {packs.map((p) => (
            <li key={p.id} className="pack-row" data-pack-kind={p.kind} data-ortho={p.ortho ? 'true' : undefined}>
              <div className="pack-head">
                <strong>{p.name}</strong> <span className="pack-kind">{p.ortho ? t('pack.orthoKind', lang) : pick(KIND_NAMES[p.kind], lang)}</span>
              </div>
              <p className="pack-facts">
                {t('pack.zooms', lang, {min: p.minZoom, max: p.maxZoom})} · {formatBytes(p.sizeBytes, lang)} ·{' '}
                {t('pack.dataDate', lang)} {day(p.dataDate ?? p.fileDate)} · {t('pack.imported', lang)} {day(p.importedAt)}
              </p>
              {p.ortho && (
                <p className="pack-facts">
                  {t('pack.orthoFacts', lang, {crs: p.ortho.crsName, epsg: p.ortho.epsg, m: p.ortho.metersPerPixel.toLocaleString(lang === 'zh' ? 'zh-CN' : 'en', {maximumFractionDigits: 2})})}
                </p>
              )}
              <p className="pack-source">
                {t('pack.source', lang)}: {p.attribution || t('pack.unknownSource', lang)}
                {p.openStreetMap && <><br />{t('pack.osmNote', lang)}</>}
                {p.kind === 'vector' && p.schema === 'other' && <><br />{t('pack.genericStyle', lang)}</>}
                {p.container === 'mbtiles' && p.sizeBytes > LARGE_MBTILES_BYTES && <><br />{t('pack.mbtilesMemory', lang, {size: formatBytes(p.sizeBytes, lang)})}</>}
              </p>
              <div className="button-row">
                <label>
                  <input type="checkbox" checked={p.visible} onChange={(e) => setPackVisible(p.id, e.currentTarget.checked)} />
                  {' '}{t('pack.show', lang)}
                </label>
                <label>
                  <input type="checkbox" checked={p.outline} onChange={(e) => setPackOutline(p.id, e.currentTarget.checked)} />
                  {' '}{t('pack.outline', lang)}
                </label>
                {p.kind === 'terrain' && (
                  <label>
                    <input type="checkbox" checked={p.contours === true} onChange={(e) => setPackContours(p.id, e.currentTarget.checked)} />
                    {' '}{t('pack.contours', lang)}
                  </label>
                )}
                {p.kind === 'raster' && (
                  <label className="pack-opacity">
                    {t('pack.opacity', lang)}{' '}
                    <input type="range" min={0} max={100} step={5} value={Math.round((p.opacity ?? 1) * 100)}
                      onChange={(e) => setPackOpacity(p.id, Number(e.currentTarget.value) / 100)} />
                  </label>
                )}
                <button type="button" onClick={() => void deletePack(p.id)} aria-label={`${t('pack.delete', lang)}: ${p.name}`}>
                  {t('pack.delete', lang)}
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
      <TeamPacks />
      <TiandituSettings />
      <p className="pack-space" data-testid="pack-space">
        {space.estimate
          ? t('pack.storage', lang, {used: formatBytes(space.estimate.usageBytes, lang), quota: formatBytes(space.estimate.quotaBytes, lang)})
          : t('pack.storageUnknown', lang)}
        {space.persisted === 'granted' && <><br />{t('pack.persistGranted', lang)}</>}
        {space.persisted === 'denied' && <><br />{t('pack.persistDenied', lang)}</>}
      </p>
    </section>
  );
}
