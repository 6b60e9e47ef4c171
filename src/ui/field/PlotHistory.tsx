import {useEffect, useMemo, useState} from 'react';
import {historyText} from '../../i18n/history-words';
import {localeOf} from '../../i18n/lang';
import {t} from '../../i18n/messages';
import type {HistoryEntry} from '../../state/persistence/plot-repository';
import {OTHER_ZONE, subsidenceZones} from '../../state/new-plot';
import {useAppStore} from '../../state/store';

/** A plot's committed changes, newest first, each in words: when, what changed, on which device. */
export function PlotHistory({plotId}: {plotId: string}) {
  const lang = useAppStore((s) => s.lang);
  const version = useAppStore((s) => s.plots[plotId]?.version);
  const geodata = useAppStore((s) => s.geodata);
  const [entries, setEntries] = useState<HistoryEntry[]>([]);
  useEffect(() => {
    let cancelled = false;
    // A lost connection is reported by the storage panel; the history then shows nothing.
    void useAppStore.getState().loadHistory(plotId).then((h) => !cancelled && setEntries(h));
    return () => {
      cancelled = true;
    };
  }, [plotId, version]);
  const zones = useMemo(() => subsidenceZones({geodata}), [geodata]);
  if (entries.length === 0) return null;
  const zoneName = (id: string) => {
    if (id === OTHER_ZONE) return t('zoneOther', lang);
    const zone = zones.find((z) => z.properties.id === id);
    return zone ? String(lang === 'en' ? zone.properties.name_en : zone.properties.name_zh) : id;
  };
  const fmt = new Intl.DateTimeFormat(localeOf(lang), {dateStyle: 'short', timeStyle: 'short'});
  return (
    <details className="history">
      <summary>{t('history', lang)} ({entries.length})</summary>
      <ol>
        {[...entries].reverse().map((e) => (
          <li key={e.seq} data-action={e.action}>
            <time dateTime={e.at}>{fmt.format(new Date(e.at))}</time>{' '}
            <span className="history-what">{historyText(e, lang, zoneName)}</span>{' '}
            <span className="history-who">{t('historyBy', lang, {actor: e.actor})}</span>
          </li>
        ))}
      </ol>
    </details>
  );
}
