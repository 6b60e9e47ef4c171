import {useState} from 'react';
import {t, type MessageKey} from '../../i18n/messages';
import {useShallow} from 'zustand/react/shallow';
import {useAppStore} from '../../state/store';
import {visibleConflicts} from '../../state/team-slice';
import {downloadText, fileStamp} from '../shared/download';
import {TeamConflicts} from './TeamConflicts';

const DEVICE_NAME_KEY = 'qh-team-device-name';

function savedDeviceName(): string {
  try {
    return globalThis.localStorage?.getItem(DEVICE_NAME_KEY) ?? '';
  } catch {
    return '';
  }
}

/** Sign in to the team server, and what the session is doing: user, sync, revoked, rejected ops, conflicts. */
export function TeamPanel() {
  const lang = useAppStore((s) => s.lang);
  const team = useAppStore((s) => s.team);
  const sync = useAppStore((s) => s.teamSync);
  const rejected = useAppStore((s) => s.teamRejected);
  const conflicts = useAppStore(useShallow(visibleConflicts));
  const {teamSignIn, teamSignOut, syncNow, unsentOpsText} = useAppStore.getState();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [deviceName, setDeviceName] = useState(savedDeviceName);
  const [server, setServer] = useState('');

  return (
    <section className="team-panel" aria-labelledby="team-heading">
      <h3 id="team-heading">{t('team.title', lang)}</h3>
      {team.state === 'signed-out' || team.state === 'signing-in' ? (
        <form
          className="team-sign-in"
          aria-label={t('team.signIn', lang)}
          onSubmit={(e) => {
            e.preventDefault();
            try {
              globalThis.localStorage?.setItem(DEVICE_NAME_KEY, deviceName);
            } catch {
              // Only a convenience for the next sign-in.
            }
            void teamSignIn({username, password, deviceName, server}).then((ok) => ok && setPassword(''));
          }}
        >
          <p className="hint">{t('team.intro', lang)}</p>
          <label>
            {t('team.username', lang)} <input name="team-username" autoComplete="username" value={username} onChange={(e) => setUsername(e.currentTarget.value)} />
          </label>
          <label>
            {t('team.password', lang)} <input name="team-password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.currentTarget.value)} />
          </label>
          <label>
            {t('team.deviceName', lang)} <input name="team-device" value={deviceName} onChange={(e) => setDeviceName(e.currentTarget.value)} />
          </label>
          <details>
            <summary>{t('team.server', lang)}</summary>
            <input name="team-server" type="url" placeholder="https://…" aria-label={t('team.server', lang)} value={server} onChange={(e) => setServer(e.currentTarget.value)} />
          </details>
          <button type="submit" disabled={team.state === 'signing-in' || !username || !password || !deviceName}>{t('team.signIn', lang)}</button>
          {team.state === 'signing-in' && <p role="status">{t('team.signingIn', lang)}</p>}
          {team.state === 'signed-out' && team.error && <p role="alert" className="error">{t(`team.error.${team.error}`, lang, {origin: window.location.origin})}</p>}
        </form>
      ) : (
        <>
          <p className="team-user" data-team-user={team.user.name}>
            {t('team.signedInAs', lang, {user: team.user.name, role: t(`team.role.${team.user.role}`, lang), device: team.deviceName})}{' '}
            <button type="button" onClick={() => void teamSignOut()}>{t('team.signOut', lang)}</button>
          </p>
          {team.state === 'revoked' ? (
            <div role="alert" className="error team-revoked">
              <p>{t('team.revoked', lang)}</p>
              <button type="button" onClick={() => void unsentOpsText().then((text) => downloadText(text, `unsent-edits-${fileStamp()}.json`, 'application/json'))}>
                {t('team.exportUnsent', lang)}
              </button>
            </div>
          ) : (
            <p>
              <button type="button" className="sync-now" disabled={sync.running} onClick={() => void syncNow()}>{t(sync.running ? 'team.syncing' : 'team.syncNow', lang)}</button>{' '}
              {sync.lastFailure && <span className="error" role="status">{t(`team.failure.${sync.lastFailure}` as MessageKey, lang)}</span>}
            </p>
          )}
          {rejected.length > 0 && (
            <details className="team-rejected" open>
              <summary>{t('team.rejectedTitle', lang)} ({rejected.length})</summary>
              <ul>
                {rejected.map((r) => (
                  <li key={r.opId} data-rejected-plot={r.plotId}>{useAppStore.getState().plots[r.plotId]?.plot.properties.name ?? r.plotId}: {r.reason ?? '—'}</li>
                ))}
              </ul>
            </details>
          )}
          {conflicts.length > 0 && <TeamConflicts />}
        </>
      )}
    </section>
  );
}
