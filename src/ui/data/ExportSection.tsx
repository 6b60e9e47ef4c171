import {useState} from 'react';
import {PLOT_PALETTE} from '../../catalogue/plots';
import {PROJECT_GK_ZONES_3_DEGREE, WGS84, gaussKrugerCrs} from '../../geo/crs';
import type {CrsInfo} from '../../geo/crs';
import {plotsToCsv} from '../../geo/export/csv-export';
import {plotCsvWords} from '../../i18n/csv-words';
import {plotsToGeoJson} from '../../geo/export/geojson-export';
import {plotsToKml} from '../../geo/export/kml-export';
import {plotsToShapefileZip} from '../../geo/export/shapefile-export';
import {selectFilteredPlots} from '../../state/selectors';
import {useAppStore} from '../../state/store';
import {t} from '../../i18n/messages';
import {downloadBlob, downloadText, fileStamp} from '../shared/download';

const SHAPEFILE_SYSTEMS: CrsInfo[] = [
  WGS84,
  ...PROJECT_GK_ZONES_3_DEGREE.map((zone) => gaussKrugerCrs('cgcs2000', 3, zone, false)),
  ...PROJECT_GK_ZONES_3_DEGREE.map((zone) => gaussKrugerCrs('cgcs2000', 3, zone, true)),
];

/** Plots out for colleagues' tools, and the device's full backup and its restore. */
export function ExportSection() {
  const lang = useAppStore((s) => s.lang);
  const plots = useAppStore(selectFilteredPlots);
  const [crsCode, setCrsCode] = useState<string>(WGS84.code!);
  const [message, setMessage] = useState<{ok: boolean; text: string} | null>(null);
  const name = `qinghai-plots-${fileStamp()}`;
  const none = plots.length === 0;

  const shapefile = () => {
    const crs = SHAPEFILE_SYSTEMS.find((c) => c.code === crsCode) ?? WGS84;
    const {bytes, truncated} = plotsToShapefileZip(plots, {crs, layerName: 'plots'});
    downloadBlob(new Blob([bytes as BlobPart], {type: 'application/zip'}), `${name}-${(crs.code ?? 'crs').replace(':', '')}.zip`);
    setMessage(truncated.length ? {ok: false, text: `${truncated.length} ${t('data.truncated', lang)}`} : null);
  };

  const backup = async () => {
    try {
      downloadText(await useAppStore.getState().backupText(), `qinghai-backup-${fileStamp()}.json`, 'application/json');
    } catch (err) {
      setMessage({ok: false, text: err instanceof Error ? err.message : String(err)});
    }
  };

  const restore = async (input: HTMLInputElement) => {
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    const result = await useAppStore.getState().restoreBackupText(await file.text());
    if (!result.ok) return setMessage({ok: false, text: `${t('data.restoreFailed', lang)}: ${result.message}`});
    setMessage({ok: true, text: `${t('data.restored', lang)}: ${result.plots} / ${result.photos} / ${result.history}`});
  };

  return (
    <section className="export-section" aria-label={t('data.exportTitle', lang)}>
      <h3>{t('data.exportTitle', lang)}</h3>
      <p className="hint">{t('data.exportScope', lang)} ({plots.length})</p>
      <div className="button-row">
        <button type="button" disabled={none} onClick={() => downloadText(plotsToGeoJson(plots), `${name}.geojson`, 'application/geo+json')}>{t('data.exportGeoJson', lang)}</button>
        <button type="button" disabled={none} onClick={() => downloadText(plotsToKml(plots, {palette: PLOT_PALETTE, documentName: t('data.kmlDocumentName', lang)}), `${name}.kml`, 'application/vnd.google-earth.kml+xml')}>{t('data.exportKml', lang)}</button>
        <button type="button" disabled={none} onClick={() => downloadText(plotsToCsv(plots, plotCsvWords(lang)), `${name}.csv`, 'text/csv;charset=utf-8')}>{t('data.exportCsv', lang)}</button>
      </div>
      <label className="field">
        <span>{t('data.shpCrs', lang)}</span>
        <select value={crsCode} onChange={(e) => setCrsCode(e.currentTarget.value)}>
          {SHAPEFILE_SYSTEMS.map((c) => <option key={c.code} value={c.code!}>{c.code} — {c.name}</option>)}
        </select>
      </label>
      <div className="button-row">
        <button type="button" disabled={none} onClick={shapefile}>{t('data.exportShp', lang)}</button>
      </div>
      <div className="button-row">
        <button type="button" onClick={() => void backup()}>{t('data.backup', lang)}</button>
        <label className="file-button">
          <span>{t('data.restore', lang)}</span>
          <input type="file" accept=".json,application/json" aria-label={t('data.restore', lang)} onChange={(e) => void restore(e.currentTarget)} />
        </label>
      </div>
      {none && <p className="hint">{t('data.nothingToExport', lang)}</p>}
      {message && <p role={message.ok ? 'status' : 'alert'} className={message.ok ? 'ok' : 'error'}>{message.text}</p>}
    </section>
  );
}
