import {useEffect, useState} from 'react';
import {distanceMeters} from '../../geo/geodesic-distance';
import {formatArea, labelled} from '../../i18n/format';
import {t} from '../../i18n/messages';
import {newPlotAt} from '../../state/new-plot';
import {useAppStore} from '../../state/store';
import {useWakeLock} from './useWakeLock';

/**
 * Recording a boundary from the device position. Fixes go through the pure reducer in
 * geo/gps-walk.ts (spacing, accuracy gate, speed check); this view only watches the GPS,
 * keeps the screen awake and shows where things stand.
 */
export function WalkPanel() {
  const lang = useAppStore((s) => s.lang);
  const walk = useAppStore((s) => s.walk);
  const options = useAppStore((s) => s.walkOptions);
  const area = useAppStore((s) => s.draftAreaSquareMeters);
  const {walkFix, walkPause, walkUndo, walkFinish, setWalkOptions, setTool} = useAppStore.getState();
  const [gpsError, setGpsError] = useState<string | null>(null);
  const wake = useWakeLock(true);

  const hasGps = 'geolocation' in navigator;

  useEffect(() => {
    if (!hasGps) return;
    const id = navigator.geolocation.watchPosition(
      (pos) => {
        setGpsError(null);
        // GeographicLib comes with this panel's code, not with the first page (issue 11).
        useAppStore.getState().walkFix({lon: pos.coords.longitude, lat: pos.coords.latitude, accuracyMeters: pos.coords.accuracy, time: pos.timestamp}, distanceMeters);
      },
      (err) => setGpsError(err.message || String(err.code)),
      {enableHighAccuracy: true, maximumAge: 0, timeout: 30_000},
    );
    return () => navigator.geolocation.clearWatch(id);
  }, [walkFix, hasGps]);

  const accuracy = walk.lastFix?.accuracyMeters;
  const gate = options.accuracyGateMeters;
  return (
    <section className="panel walk-panel" aria-label={t('walkTitle', lang)}>
      <h2>{t('walkTitle', lang)}</h2>
      {/* First, and kept in view while the panel scrolls: Pause and Finish are always reachable. */}
      <div className="button-row walk-actions">
        <button type="button" onClick={() => walkPause(!walk.paused)}>{t(walk.paused ? 'walkResume' : 'walkPause', lang)}</button>
        <button type="button" onClick={walkUndo} disabled={walk.vertices.length === 0}>{t('walkUndo', lang)}</button>
        <button type="button" className="primary" onClick={() => walkFinish(newPlotAt(useAppStore.getState()))}>{t('walkFinish', lang)}</button>
        <button type="button" onClick={() => setTool('none')}>{t('cancel', lang)}</button>
      </div>
      <p className="warning" role="note">{t('walkLockWarning', lang)}</p>
      <p className={wake === 'on' ? 'ok' : 'warn'}>{t(wake === 'on' ? 'wakeLockOn' : 'wakeLockOff', lang)}</p>
      <dl className="walk-figures">
        <div>
          <dt>{t('walkAccuracy', lang)}</dt>
          <dd>
            <output aria-label={t('walkAccuracy', lang)} className={accuracy !== undefined && accuracy > gate ? 'warn' : 'ok'}>
              {accuracy === undefined ? t('gpsWaiting', lang) : `±${accuracy.toFixed(1)} m`}
            </output>
          </dd>
        </div>
        <div>
          <dt>{t('walkVertices', lang)}</dt>
          <dd><output aria-label={t('walkVertices', lang)}>{walk.vertices.length}</output></dd>
        </div>
        <div>
          <dt>{t('walkDropped', lang)}</dt>
          <dd>{walk.dropped.inaccurate} / {walk.dropped.jump}</dd>
        </div>
        <div>
          <dt>{t('liveArea', lang)}</dt>
          <dd><output aria-label={t('liveArea', lang)}>{area === null ? '—' : `${formatArea(area, 'mu', lang, 2)} · ${formatArea(area, 'ha', lang, 3)}`}</output></dd>
        </div>
      </dl>
      {(gpsError || !hasGps) && <p role="alert" className="error">{labelled(t('gpsError', lang), gpsError ?? t('gpsUnavailable', lang), lang)}</p>}
      <div className="walk-settings">
        <label>
          {t('walkSpacing', lang)}
          <input type="number" min={1} max={100} step={1} value={options.spacingMeters}
            onChange={(e) => setWalkOptions({spacingMeters: Number(e.currentTarget.value) || 5})} />
        </label>
        <label>
          {t('walkGate', lang)}
          <input type="number" min={1} max={100} step={1} value={options.accuracyGateMeters}
            onChange={(e) => setWalkOptions({accuracyGateMeters: Number(e.currentTarget.value) || 10})} />
        </label>
      </div>
    </section>
  );
}
