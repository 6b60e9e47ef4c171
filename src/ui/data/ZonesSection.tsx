import {wherePrefix, whereText} from '../../i18n/where-words';
import {useEffect, useRef, useState} from 'react';
import {createImportClient, type ImportClient} from '../../geo/import/import-client';
import type {StagedImport} from '../../geo/import/staged-import';
import {zonesFromImport} from '../../geo/zones-import';
import {importStatusText, noticeText, reasonText} from '../../i18n/reason-text';
import {todayIso} from '../../state/selectors';
import {useAppStore} from '../../state/store';
import {selectZonesSource} from '../../state/zones-slice';
import {t} from '../../i18n/messages';
import {SharedConflicts} from '../admin/SharedConflicts';

/** Notices about plot fields that mean nothing for a zone boundary. */
const PLOT_ONLY_NOTICES = new Set(['status-defaulted', 'id-generated', 'undated-claims', 'date-normalised']);

/**
 * Official zone boundaries: a file goes through the same worker, pipeline and checks as a plot
 * import, the report says what is usable, and only “Use these zones” stores them (on this
 * device) and puts them in place of the indicative outlines everywhere. Reverting forgets them.
 */
export function ZonesSection() {
  const lang = useAppStore((s) => s.lang);
  const source = useAppStore(selectZonesSource);
  const client = useRef<ImportClient | null>(null);
  const [file, setFile] = useState<{name: string; bytes: ArrayBuffer} | null>(null);
  const [report, setReport] = useState<StagedImport | null>(null);
  const [choice, setChoice] = useState('');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ok: boolean; text: string} | null>(null);

  useEffect(() => () => client.current?.dispose(), []);

  const stage = async (f: {name: string; bytes: ArrayBuffer}, options: {sourceCrs?: string; encoding?: string} = {}) => {
    setBusy(true);
    setOutcome(null);
    client.current ??= createImportClient();
    const result = await client.current.importFile(f.name, f.bytes.slice(0), options);
    setReport(result);
    setChoice(result.status === 'needs-crs' ? result.candidates[0]?.code ?? '' : result.status === 'needs-encoding' ? result.candidates[0]?.encoding ?? '' : '');
    setBusy(false);
  };

  const onFile = async (input: HTMLInputElement) => {
    const picked = input.files?.[0];
    input.value = '';
    if (!picked) return;
    const f = {name: picked.name, bytes: await picked.arrayBuffer()};
    setFile(f);
    await stage(f);
  };

  const ready = report?.status === 'ready' ? report : null;
  const zones = ready ? zonesFromImport(ready) : [];
  const discard = () => {
    setReport(null);
    setFile(null);
  };

  const use = async () => {
    if (!ready || zones.length === 0) return;
    setBusy(true);
    const result = await useAppStore.getState().applyOfficialZones({source: {kind: 'official', fileName: ready.file, date: todayIso(), zones: zones.length}, zones});
    setOutcome(result.ok ? {ok: true, text: t('zone.zonesSaved', lang)} : {ok: false, text: `${t('zone.zonesNotSaved', lang)}: ${result.message}`});
    if (result.ok) discard();
    setBusy(false);
  };

  const revert = async () => {
    setBusy(true);
    const result = await useAppStore.getState().revertToIndicativeZones();
    setOutcome(result.ok ? {ok: true, text: t('zone.zonesReverted', lang)} : {ok: false, text: `${t('zone.zonesNotSaved', lang)}: ${result.message}`});
    setBusy(false);
  };

  return (
    <section className="zones-section" aria-labelledby="zones-heading" data-testid="zones-section">
      <h3 id="zones-heading">{t('zone.zonesTitle', lang)}</h3>
      <SharedConflicts kind="zone" />
      <p data-testid="zones-source" data-kind={source.kind}>
        {source.kind === 'official' ? t('zone.zonesOfficialNow', lang, {file: source.fileName, date: source.date, n: source.zones}) : t('zone.zonesIndicativeNow', lang)}
      </p>
      <p className="hint">{t('zone.zonesFormats', lang)}</p>
      <label className="field">
        <span>{t('zone.zonesLoad', lang)}</span>
        <input type="file" aria-label={t('zone.zonesLoad', lang)} disabled={busy}
          accept=".geojson,.json,.kml,.kmz,.gpx,.zip,.csv,.txt,.gpkg"
          onChange={(e) => void onFile(e.currentTarget)} />
      </label>
      {source.kind === 'official' && <button type="button" onClick={() => void revert()} disabled={busy}>{t('zone.zonesRevert', lang)}</button>}
      {busy && <p role="status">{t('data.reading', lang)}</p>}

      {report?.status === 'unreadable' && <p role="alert" className="error">{t('data.unreadable', lang)} ({report.file}): {importStatusText(report, lang)}</p>}

      {(report?.status === 'needs-crs' || report?.status === 'needs-encoding') && file && (
        <div className="question" role="alert">
          <p>{importStatusText(report, lang)}</p>
          <label className="field">
            <span>{t(report.status === 'needs-crs' ? 'data.chooseCrs' : 'data.chooseEncoding', lang)}</span>
            <select value={choice} onChange={(e) => setChoice(e.currentTarget.value)}>
              {report.status === 'needs-crs'
                ? report.candidates.map((c) => <option key={c.code ?? c.name} value={c.code ?? ''}>{c.code} — {c.name}</option>)
                : report.candidates.map((c) => <option key={c.encoding} value={c.encoding}>{c.encoding}: {c.preview}</option>)}
            </select>
          </label>
          <div className="button-row">
            <button type="button" className="primary" disabled={!choice || busy}
              onClick={() => void stage(file, report.status === 'needs-crs' ? {sourceCrs: choice} : {encoding: choice})}>{t('data.continue', lang)}</button>
            <button type="button" onClick={discard}>{t('data.discard', lang)}</button>
          </div>
        </div>
      )}

      {ready && (
        <div className="import-report" role="region" aria-label={t('zone.zonesReport', lang)}>
          <h4>{t('zone.zonesReport', lang)}: {ready.file}</h4>
          <p className="crs-line">{ready.format} · {ready.crs.code ?? ready.crs.name}{ready.encoding ? ` · ${ready.encoding}` : ''}</p>
          <dl className="report-figures">
            <div><dt>{t('data.read', lang)}</dt><dd data-figure="read">{ready.read}</dd></div>
            <div><dt>{t('zone.zonesUsable', lang)}</dt><dd data-figure="zones">{zones.length}</dd></div>
            <div><dt>{t('data.rejected', lang)}</dt><dd data-figure="rejected">{ready.rejected.length + ready.repairable.length}</dd></div>
          </dl>
          <ul className="notices">
            {ready.notices.filter((n) => !PLOT_ONLY_NOTICES.has(n.code)).map((n, i) => <li key={i}>{wherePrefix(n.where, lang)}{noticeText(n, lang)}</li>)}
          </ul>
          {ready.rejected.length + ready.repairable.length > 0 && (
            <ul className="rejections" aria-label={t('data.rejected', lang)}>
              {[...ready.rejected, ...ready.repairable].map((r) => (
                <li key={r.index}><strong>{whereText(r.where, lang)}</strong>{lang === 'zh' ? '：' : ': '}{r.reasons.map((x) => reasonText(x, lang)).join(lang === 'zh' ? '；' : '; ')}</li>
              ))}
            </ul>
          )}
          <ul className="zone-names">{zones.map((z) => <li key={z.properties.id}>{lang === 'zh' ? z.properties.name_zh : z.properties.name_en} ({z.properties.id})</li>)}</ul>
          {zones.length === 0 && <p role="alert" className="error">{t('zone.zonesNone', lang)}</p>}
          <div className="button-row">
            <button type="button" className="primary" disabled={busy || zones.length === 0} onClick={() => void use()}>{t('zone.zonesUse', lang, {n: zones.length})}</button>
            <button type="button" onClick={discard}>{t('data.discard', lang)}</button>
          </div>
        </div>
      )}
      {outcome && <p role="status" className={outcome.ok ? 'ok' : 'error'} data-testid="zones-outcome">{outcome.text}</p>}
    </section>
  );
}
