import {useState} from 'react';
import {canvasToBlob} from '../../map/map-export';
import {useMapCommands} from '../../map/MapCommandsProvider';
import type {Paper} from '../../map/map-export';
import {t} from '../../i18n/messages';
import {todayIso} from '../../state/selectors';
import {useAppStore} from '../../state/store';
import {downloadBlob} from '../shared/download';
import {sheetTextOf} from './sheet-text';

/** The map for a report: PNG at 1×, 2× or 4×, or one landscape A4/A3 page of PDF. */
export function ExportPanel() {
  const lang = useAppStore((s) => s.lang);
  const map = useMapCommands();
  const [scale, setScale] = useState(2);
  const [paper, setPaper] = useState<Paper>('a4');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="panel export-panel" aria-labelledby="export-heading">
      <h2 id="export-heading">{t('mapExport', lang)}</h2>
      <div className="export-row">
        <label>
          <span>{t('resolution', lang)}</span>
          <select value={scale} onChange={(e) => setScale(Number(e.currentTarget.value))}>
            {[1, 2, 4].map((k) => <option key={k} value={k}>{k}×</option>)}
          </select>
        </label>
        <button type="button" disabled={busy} onClick={() => void run(async () => {
          const now = new Date();
          const canvas = await map.exportImage(scale, sheetTextOf(useAppStore.getState(), now));
          downloadBlob(await canvasToBlob(canvas), `remediation-map-${todayIso(now)}@${scale}x.png`);
        })}>{t('exportPng', lang)}</button>
      </div>
      <div className="export-row">
        <label>
          <span>{t('paper', lang)}</span>
          <select value={paper} onChange={(e) => setPaper(e.currentTarget.value as Paper)}>
            <option value="a4">A4</option>
            <option value="a3">A3</option>
          </select>
        </label>
        <button type="button" disabled={busy} onClick={() => void run(async () => {
          const now = new Date();
          downloadBlob(await map.exportPdf(paper, sheetTextOf(useAppStore.getState(), now)), `remediation-map-${todayIso(now)}-${paper}.pdf`);
        })}>{t('exportPdf', lang)}</button>
      </div>
      {busy && <p className="hint" role="status">{t('exporting', lang)}</p>}
      {error && <p className="error" role="alert">{t('exportFailed', lang)}: {error}</p>}
    </section>
  );
}
