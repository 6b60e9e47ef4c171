import {wherePrefix, whereText} from '../../i18n/where-words';
import {useRef, useState} from 'react';
import type {RepairKind, SourceShift, StagedImport} from '../../geo/import/staged-import';
import {formatArea} from '../../i18n/format';
import {MATCH_POLICIES, selectImportSelection} from '../../state/import-slice';
import type {ImportMatch, ImportOutcome, MatchPolicy} from '../../state/import-slice';
import {useAppStore} from '../../state/store';
import type {Lang} from '../../i18n/lang';
import {importStatusText, noticeText, reasonText} from '../../i18n/reason-text';
import {t, type MessageKey} from '../../i18n/messages';
import {useRowWindow} from '../shared/useRowWindow';

const REPAIR_WORDS: Record<RepairKind, MessageKey> = {
  'close-ring': 'data.repairCloseRing', 'remove-duplicate-vertices': 'data.repairDuplicateVertices', 'nest-holes': 'data.repairNestHoles', 'new-id': 'data.repairNewId',
};

type Outcome = {readonly name: string; readonly ok: boolean; readonly message: string};

const FIELD_WORDS: Record<string, MessageKey> = {
  geometry: 'data.fieldGeometry', name: 'data.fieldName', zone: 'data.fieldZone', measure: 'data.fieldMeasure', status: 'data.fieldStatus', team: 'data.fieldTeam', notes: 'data.fieldNotes',
};
const POLICY_WORDS: Record<MatchPolicy, MessageKey> = {skip: 'data.matchSkip', 'as-new': 'data.matchAsNew', update: 'data.matchUpdate'};

function outcomeOf(o: ImportOutcome, lang: Lang): Outcome {
  const name = o.plot.properties.name || o.plot.properties.id;
  if (!o.result) return {name, ok: true, message: t('data.skippedExisting', lang)};
  if (o.result.ok) return {name, ok: true, message: t(o.action === 'updated' ? 'data.updatedOk' : 'data.imported', lang)};
  if (o.result.reason === 'conflict') return {name, ok: false, message: t(o.action === 'updated' ? 'data.conflictPending' : 'data.existing', lang)};
  return {name, ok: false, message: `${t('data.importFailed', lang)}: ${o.result.message}`};
}

function firstCandidate(report: StagedImport | null): string {
  if (report?.status === 'needs-crs') return report.candidates[0]?.code ?? '';
  if (report?.status === 'needs-encoding') return report.candidates[0]?.encoding ?? '';
  return '';
}

/** The matches of a re-import, what differs in each, and the one choice for all of them. */
function MatchList({matches, policy, onPolicy}: {matches: readonly ImportMatch[]; policy: MatchPolicy; onPolicy: (p: MatchPolicy) => void}) {
  const lang = useAppStore((s) => s.lang);
  return (
    <div className="import-matches" role="group" aria-label={t('data.matchesTitle', lang)}>
      <h4>{t('data.matchesTitle', lang)}</h4>
      <p>{t('data.matchesIntro', lang, {n: matches.length})}</p>
      <ul>
        {matches.map((m) => (
          <li key={m.id} data-match-id={m.id}>
            <strong>{m.existing.plot.properties.name || m.id}</strong> ({m.id}):{' '}
            {m.differing.length === 0
              ? t('data.matchIdentical', lang)
              : `${t('data.matchDiffers', lang)} ${m.differing.map((f) => (FIELD_WORDS[f] ? t(FIELD_WORDS[f]!, lang) : f)).join(lang === 'zh' ? '、' : ', ')}`}
            {' · '}
            <span data-area-change>{t('data.matchArea', lang, {before: formatArea(m.areaBeforeSquareMeters, 'mu', lang, 2), after: formatArea(m.areaAfterSquareMeters, 'mu', lang, 2)})}</span>
          </li>
        ))}
      </ul>
      <fieldset>
        <legend>{t('data.matchPolicy', lang)}</legend>
        {MATCH_POLICIES.map((p) => (
          <label key={p} className="radio">
            <input type="radio" name="match-policy" value={p} checked={policy === p} onChange={() => onPolicy(p)} /> {t(POLICY_WORDS[p], lang)}
          </label>
        ))}
      </fieldset>
    </div>
  );
}

/** One line per plot of the last import; a long list (10,000 plots) draws only the lines in view. */
function OutcomeList({outcomes, lang}: {outcomes: readonly ImportOutcome[]; lang: Lang}) {
  const listRef = useRef<HTMLUListElement>(null);
  const {start, end, padTopPx, padBottomPx} = useRowWindow(outcomes.length, listRef, {estimatePx: 18, rowSelector: ':scope > li'});
  // The live region around the list, not on it: a list with role="status" is no list (axe: listitem).
  return (
    <div role="status">
      <ul ref={listRef} className="import-outcomes"
        style={padTopPx || padBottomPx ? {paddingTop: padTopPx, paddingBottom: padBottomPx} : undefined}>
        {outcomes.slice(start, end).map((o, i) => {
          const shown = outcomeOf(o, lang);
          return <li key={start + i} className={shown.ok ? 'ok' : 'error'}>{shown.name}: {shown.message}</li>;
        })}
      </ul>
    </div>
  );
}

/**
 * Import in stages: the file is parsed in a worker, the report and a preview are shown, and
 * only “Import N plots” writes anything (the import slice holds the workflow). Plots whose id
 * is already on this device are listed with what differs and skipped unless the user chooses
 * to import them as new or to update.
 */
export function ImportSection() {
  const lang = useAppStore((s) => s.lang);
  const session = useAppStore((s) => s.importSession);
  const {toWrite, areaSquareMeters} = useAppStore(selectImportSelection);
  const {setImportShift, stageImportFile, restageImport, setImportConsent, setImportPolicy, discardImport, runImport, cancelImport} = useAppStore.getState();
  const {file, shift, busy, report, answers, consent, matches, policy, outcomes, progress, cancelled} = session;
  // The answer picked for the report's system/encoding question; each new report starts from its first candidate.
  const [picked, setPicked] = useState<{report: typeof report; value: string} | null>(null);
  const choice = picked && picked.report === report ? picked.value : firstCandidate(report);
  const setChoice = (value: string) => setPicked({report, value});

  const onFile = async (input: HTMLInputElement) => {
    const picked = input.files?.[0];
    input.value = '';
    if (!picked) return;
    await stageImportFile({name: picked.name, bytes: await picked.arrayBuffer()});
  };

  const ready = report?.status === 'ready' ? report : null;
  const committing = busy && progress !== null;

  return (
    <section className="import-section">
      <p className="hint">{t('data.importFormats', lang)}</p>
      <label className="field">
        <span>{t('data.sourceShift', lang)}</span>
        <select value={shift} onChange={(e) => setImportShift(e.currentTarget.value as SourceShift)}>
          <option value="none">{t('data.shiftNone', lang)}</option>
          <option value="gcj02">{t('data.shiftGcj', lang)}</option>
          <option value="bd09">{t('data.shiftBd', lang)}</option>
        </select>
      </label>
      <label className="field">
        <span>{t('data.importFile', lang)}</span>
        <input type="file" aria-label={t('data.importFile', lang)} disabled={busy}
          accept=".geojson,.json,.kml,.kmz,.gpx,.zip,.csv,.txt,.gpkg"
          onChange={(e) => void onFile(e.currentTarget)} />
      </label>
      {busy && !committing && <p role="status">{t('data.reading', lang)}</p>}

      {report?.status === 'unreadable' && (
        <p role="alert" className="error">{t('data.unreadable', lang)} ({report.file}): {importStatusText(report, lang)}</p>
      )}

      {(report?.status === 'needs-crs' || report?.status === 'needs-encoding') && file && (
        <div className="question" role="alert">
          <p>{importStatusText(report, lang)}</p>
          <label className="field">
            <span>{t(report.status === 'needs-crs' ? 'data.chooseCrs' : 'data.chooseEncoding', lang)}</span>
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
            <ul className="encoding-previews" aria-label={t('data.encodingPreviews', lang)}>
              {report.candidates.map((c) => <li key={c.encoding}><strong>{c.encoding}</strong>: <span lang="und">{c.preview}</span></li>)}
            </ul>
          )}
          <div className="button-row">
            <button type="button" className="primary" disabled={!choice || busy}
              onClick={() => void restageImport(report.status === 'needs-crs' ? {...answers, sourceCrs: choice} : {...answers, encoding: choice})}>
              {t('data.continue', lang)}
            </button>
            <button type="button" onClick={discardImport}>{t('data.discard', lang)}</button>
          </div>
        </div>
      )}

      {ready && (
        <div className="import-report" role="region" aria-label={t('data.report', lang)}>
          <h3>{t('data.report', lang)}: {ready.file}</h3>
          <p className="crs-line">{ready.format} · {ready.crs.code ?? ready.crs.name}{ready.encoding ? ` · ${ready.encoding}` : ''}{ready.shift !== 'none' ? ` · ${ready.shift}` : ''}</p>
          <dl className="report-figures">
            <div><dt>{t('data.read', lang)}</dt><dd data-figure="read">{ready.read}</dd></div>
            <div><dt>{t('data.importable', lang)}</dt><dd data-figure="importable">{ready.plots.length}</dd></div>
            <div><dt>{t('data.rejected', lang)}</dt><dd data-figure="rejected">{ready.rejected.length}</dd></div>
            <div><dt>{t('data.repairable', lang)}</dt><dd data-figure="repairable">{ready.repairable.length}</dd></div>
            {ready.points.length > 0 && <div><dt>{t('data.waypoints', lang)}</dt><dd>{ready.points.length}</dd></div>}
            {matches.length > 0 && <div><dt>{t('data.matches', lang)}</dt><dd data-figure="matches">{matches.length}</dd></div>}
          </dl>
          {ready.notices.length > 0 && (
            <ul className="notices">
              {ready.notices.map((n, i) => <li key={i}>{wherePrefix(n.where, lang)}{noticeText(n, lang)}</li>)}
            </ul>
          )}
          {ready.swapSuggested && file && (
            <div className="question" role="alert">
              <p>{t('data.swapOffer', lang)}</p>
              <button type="button" disabled={busy} onClick={() => void restageImport({...answers, swapLonLat: true})}>{t('data.swapButton', lang)}</button>
            </div>
          )}
          {ready.rejected.length > 0 && (
            <ul className="rejections" aria-label={t('data.rejected', lang)}>
              {ready.rejected.map((r) => (
                <li key={r.index}>
                  <strong>{whereText(r.where, lang)}{r.id !== null ? (lang === 'zh' ? `（${String(r.id)}）` : ` (${String(r.id)})`) : ''}</strong>{lang === 'zh' ? '：' : ': '}{r.reasons.map((x) => reasonText(x, lang)).join(lang === 'zh' ? '；' : '; ')}
                </li>
              ))}
            </ul>
          )}
          {ready.repairable.length > 0 && (
            <ul className="repairs" aria-label={t('data.repairable', lang)}>
              {ready.repairable.map((r) => (
                <li key={r.index}>
                  <label>
                    <input type="checkbox" checked={consent.has(r.index)} onChange={(e) => setImportConsent(r.index, e.currentTarget.checked)} />
                    {t('data.repairConsent', lang)} — {wherePrefix(r.where, lang)}{r.reasons.map((x) => reasonText(x, lang)).join('；')} ({r.repairs.map((k) => t(REPAIR_WORDS[k], lang)).join(lang === 'zh' ? '、' : ', ')})
                  </label>
                </li>
              ))}
            </ul>
          )}
          {matches.length > 0 && <MatchList matches={matches} policy={policy} onPolicy={setImportPolicy} />}
          <p className="hint">{t('data.previewNote', lang)}</p>
          {progress && (
            <div className="import-progress" role="status">
              <progress max={progress.total} value={progress.stored} data-stored={progress.stored} data-total={progress.total} />
              <span>{t('data.importProgress', lang, {n: progress.stored, total: progress.total, area: formatArea(progress.storedSquareMeters, 'mu', lang, 2)})}</span>
            </div>
          )}
          {cancelled && <p role="status" className="import-cancelled" data-stored={cancelled.stored}>{t('data.importCancelled', lang, {n: cancelled.stored, total: cancelled.total})}</p>}
          <div className="button-row">
            {committing ? (
              <button type="button" onClick={cancelImport}>{t('data.importCancel', lang)}</button>
            ) : (
              <button type="button" className="primary" disabled={busy || toWrite.length === 0} onClick={() => void runImport()}>
                {toWrite.length === 1 ? t('data.importOne', lang) : t('data.importN', lang, {n: toWrite.length})}
              </button>
            )}
            <button type="button" disabled={committing} onClick={discardImport}>{t('data.discard', lang)}</button>
          </div>
          <p className="hint">{formatArea(areaSquareMeters, 'mu', lang, 2)}</p>
        </div>
      )}

      {outcomes.length > 0 && <OutcomeList outcomes={outcomes} lang={lang} />}
    </section>
  );
}
