import {localeOf} from '../../i18n/lang';
import {t} from '../../i18n/messages';
import {useAppStore} from '../../state/store';

/** The header's line: who, online or not, what waits, when the last sync succeeded. */
export function TeamStatus() {
  const lang = useAppStore((s) => s.lang);
  const team = useAppStore((s) => s.team);
  const sync = useAppStore((s) => s.teamSync);
  if (team.state !== 'signed-in' && team.state !== 'revoked') return null;
  // The browser's own flag says only that some network is up: on an isolated network it reads
  // online while the team server cannot be reached, which the last sync's failure tells.
  const reachable = sync.online && sync.lastFailure !== 'offline';
  const time = sync.lastSync ? new Intl.DateTimeFormat(localeOf(lang), {timeStyle: 'short'}).format(new Date(sync.lastSync)) : null;
  return (
    <div className="team-status" role="status" aria-label={t('team.title', lang)}>
      <span className={reachable ? 'badge ok' : 'badge'} data-team-online={sync.online} data-team-reachable={reachable}>
        {t(!sync.online ? 'team.offline' : reachable ? 'team.online' : 'team.unreachable', lang)}
      </span>{' '}
      <span data-team-pending={sync.pending}>{t('team.pending', lang, {count: sync.pending})}</span>{' · '}
      <span data-team-last-sync={sync.lastSync ?? ''}>{time ? t('team.lastSync', lang, {time}) : t('team.neverSynced', lang)}</span>{' · '}
      <span>{team.user.name}</span>{' '}
      {team.state === 'signed-in' && (
        <button type="button" className="sync-now" disabled={sync.running} onClick={() => void useAppStore.getState().syncNow()}>{t('team.syncNow', lang)}</button>
      )}
    </div>
  );
}
