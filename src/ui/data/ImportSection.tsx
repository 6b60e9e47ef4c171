import {useEffect, useRef, useState} from 'react';
import {polygonAreaSquareMeters} from '../../geo/area';
import {createImportClient} from '../../geo/import/import-client';
import type {ImportClient} from '../../geo/import/import-client';
import type {RepairKind, SourceShift, StagedImport, StagedPlot} from '../../geo/import/staged-import';
import type {Plot} from '../../geo/plot';
import {formatArea} from '../../geo/units';
import {useAppStore} from '../../state/store';
import {dt, type DataMessageKey} from './data-messages';

type StageOptions = {sourceCrs?: string; encoding?: string; swapLonLat?: boolean};

const REPAIR_WORDS: Record<RepairKind, DataMessageKey> = {
  'close-ring': 'repairCloseRing', 'remove-duplicate-vertices': 'repairDuplicateVertices', 'nest-holes': 'repairNestHoles', 'new-id': 'repairNewId',
};

type Outcome = {readonly name: string; readonly ok: boolean; readonly message: string};

/**
 * Import in stages: the file is parsed in a worker, the report and a preview are shown, and
 * only “Import N plots” writes anything — each plot as a new plot, so an existing one is never
 * overwritten (a clash is reported, not applied).
 */
export function ImportSection() {
  const lang = useAppStore((s) => s.lang);
  const {setImportPreview, savePlot} = useAppStore.getState();
  const client = useRef<ImportClient | null>(null);
  const [file, setFile] = useState<{name: string; bytes: ArrayBuffer} | null>(null);
  const [shift, setShift] = useState<SourceShift>('none');
  const [busy, setBusy] = useState(false);
  const [report, setReport] = useState<StagedImport | null>(null);
  const [choice, setChoice] = useState('');
  // The answers given so far (system, encoding, swap), kept when the file is read again.
  const [answers, setAnswers] = useState<StageOptions>({});
  const [consent, setConsent] = useState<ReadonlySet<number>>(new Set());
  const [outcomes, setOutcomes] = useState<readonly Outcome[]>([]);

  useEffect(() => () => client.current?.dispose(), []);

  const stage = async (f: {name: string; bytes: ArrayBuffer}, options: StageOptions = {}) => {
    setBusy(true);
    setAnswers(options);
    setOutcomes([]);
    client.current ??= createImportClient();
    // The worker takes ownership of the bytes it is sent: send a copy, keep ours for a re-run.
    const result = await client.current.importFile(f.name, f.bytes.slice(0), {...options, sourceShift: shift});
    setReport(result);
    setConsent(new Set());
    setChoice(result.status === 'needs-crs' ? result.candidates[0]?.code ?? '' : result.status === 'needs-encoding' ? result.candidates[0]?.encoding ?? '' : '');
    setImportPreview(result.status === 'ready' ? result.plots.map((p) => p.plot) : []);
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

  const discard = () => {
    setReport(null);
    setFile(null);
    setImportPreview([]);
  };

  const commit = async (plots: readonly Plot[]) => {
    setBusy(true);
    const done: Outcome[] = [];
    for (const plot of plots) {
      const result = await savePlot(plot);
      done.push({
        name: plot.properties.name || plot.properties.id,
        ok: result.ok,
        message: result.ok ? dt('imported', lang) : result.reason === 'conflict' ? dt('existing', lang) : `${dt('importFailed', lang)}: ${result.message}`,
      });
    }
    setOutcomes(done);
    setReport(null);
    setImportPreview([]);
    setBusy(false);
  };

  const ready = report?.status === 'ready' ? report : null;
  const chosen: StagedPlot[] = ready ? [...ready.plots, ...ready.repairable.filter((r) => consent.has(r.index)).map((r) => r.repaired)] : [];
  const chosenArea = chosen.reduce((sum, p) => sum + polygonAreaSquareMeters(p.plot.geometry), 0);

  return (
    <section className="import-section">
      <p className="hint">{dt('importFormats', lang)}</p>
      <label className="field">
        <span>{dt('sourceShift', lang)}</span>
        <select value={shift} onChange={(e) => setShift(e.currentTarget.value as SourceShift)}>
          <option value="none">{dt('shiftNone', lang)}</option>
          <option value="gcj02">{dt('shiftGcj', lang)}</option>
          <option value="bd09">{dt('shiftBd', lang)}</option>
        </select>
      </label>
      <label className="field">
        <span>{dt('importFile', lang)}</span>
        <input type="file" aria-label={dt('importFile', lang)} disabled={busy}
          accept=".geojson,.json,.kml,.kmz,.gpx,.zip,.csv,.txt,.gpkg"
          onChange={(e) => void onFile(e.currentTarget)} />
      </label>
      {busy && <p role="status">{dt('reading', lang)}</p>}

      {report?.status === 'unreadable' && (
        <p role="alert" className="error">{dt('unreadable', lang)} ({report.file}): {report.message[lang]}</p>
      )}

      {(report?.status === 'needs-crs' || report?.status === 'needs-encoding') && file && (
        <div className="question" role="alert">
          <p>{report.message[lang]}</p>
          <label className="field">
            <span>{dt(report.status === 'needs-crs' ? 'chooseCrs' : 'chooseEncoding', lang)}</span>
            {report.status === 'needs-crs' ? (
              <select value={choice} onChange={(e) => setChoice(e.currentTarget.value)}>
                {report.candidates.map((c) => <option key={c.code ?? c.name} value={c.code ?? ''}>{c.code} — {c.name}</option>)}
              </select>
            ) : (
              <select value={choice} onChange={(e) => setChoice(e.currentTarget.value)}>
                {report.candidates.map((c) => <option key={c.encoding} value={c.encoding}>{c.encoding}: {c.preview}</option>)}
              </select>
            )}
          </label>
          {report.status === 'needs-encoding' && report.candidates.length > 0 && (
            <ul className="encoding-previews" aria-label={dt('encodingPreviews', lang)}>
              {report.candidates.map((c) => <li key={c.encoding}><strong>{c.encoding}</strong>: <span lang="und">{c.preview}</span></li>)}
            </ul>
          )}
          <div className="button-row">
            <button type="button" className="primary" disabled={!choice || busy}
              onClick={() => void stage(file, report.status === 'needs-crs' ? {...answers, sourceCrs: choice} : {...answers, encoding: choice})}>
              {dt('continue', lang)}
            </button>
            <button type="button" onClick={discard}>{dt('discard', lang)}</button>
          </div>
        </div>
      )}

      {ready && (
        <div className="import-report" role="region" aria-label={dt('report', lang)}>
          <h3>{dt('report', lang)}: {ready.file}</h3>
          <p className="crs-line">{ready.format} · {ready.crs.code ?? ready.crs.name}{ready.encoding ? ` · ${ready.encoding}` : ''}{ready.shift !== 'none' ? ` · ${ready.shift}` : ''}</p>
          <dl className="report-figures">
            <div><dt>{dt('read', lang)}</dt><dd data-figure="read">{ready.read}</dd></div>
            <div><dt>{dt('importable', lang)}</dt><dd data-figure="importable">{ready.plots.length}</dd></div>
            <div><dt>{dt('rejected', lang)}</dt><dd data-figure="rejected">{ready.rejected.length}</dd></div>
            <div><dt>{dt('repairable', lang)}</dt><dd data-figure="repairable">{ready.repairable.length}</dd></div>
            {ready.points.length > 0 && <div><dt>{dt('waypoints', lang)}</dt><dd>{ready.points.length}</dd></div>}
          </dl>
          {ready.notices.length > 0 && (
            <ul className="notices">
              {ready.notices.map((n, i) => <li key={i}>{n.where ? `${n.where}: ` : ''}{n.message[lang]}</li>)}
            </ul>
          )}
          {ready.swapSuggested && file && (
            <div className="question" role="alert">
              <p>{dt('swapOffer', lang)}</p>
              <button type="button" disabled={busy} onClick={() => void stage(file, {...answers, swapLonLat: true})}>{dt('swapButton', lang)}</button>
            </div>
          )}
          {ready.rejected.length > 0 && (
            <ul className="rejections" aria-label={dt('rejected', lang)}>
              {ready.rejected.map((r) => (
                <li key={r.index}>
                  <strong>{r.where}{r.id !== null ? ` (${String(r.id)})` : ''}</strong>: {r.reasons.map((x) => x.message[lang]).join('；')}
                </li>
              ))}
            </ul>
          )}
          {ready.repairable.length > 0 && (
            <ul className="repairs" aria-label={dt('repairable', lang)}>
              {ready.repairable.map((r) => (
                <li key={r.index}>
                  <label>
                    <input type="checkbox" checked={consent.has(r.index)}
                      onChange={(e) => {
                        const next = new Set(consent);
                        if (e.currentTarget.checked) next.add(r.index);
                        else next.delete(r.index);
                        setConsent(next);
                      }} />
                    {dt('repairConsent', lang)} — {r.where}: {r.reasons.map((x) => x.message[lang]).join('；')} ({r.repairs.map((k) => dt(REPAIR_WORDS[k], lang)).join(lang === 'zh' ? '、' : ', ')})
                  </label>
                </li>
              ))}
            </ul>
          )}
          <p className="hint">{dt('previewNote', lang)}</p>
          <div className="button-row">
            <button type="button" className="primary" disabled={busy || chosen.length === 0} onClick={() => void commit(chosen.map((p) => p.plot))}>
              {chosen.length === 1 ? dt('importOne', lang) : dt('importN', lang, {n: chosen.length})}
            </button>
            <button type="button" onClick={discard}>{dt('discard', lang)}</button>
          </div>
          <p className="hint">{formatArea(chosenArea, 'mu', lang, 2)}</p>
        </div>
      )}

      {outcomes.length > 0 && (
        <ul className="import-outcomes" role="status">
          {outcomes.map((o, i) => <li key={i} className={o.ok ? 'ok' : 'error'}>{o.name}: {o.message}</li>)}
        </ul>
      )}
    </section>
  );
}
