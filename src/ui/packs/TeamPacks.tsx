import {useEffect, useState} from 'react';
import {pick} from '../../i18n/lang';
import {t} from '../../i18n/messages';
import {useAppStore} from '../../state/store';
import {KIND_NAMES, downloadFailureText, formatBytes, pt} from './pack-messages';

const day = (iso: string | null) => (iso ? iso.slice(0, 10) : '—');

/** The team server's packs: sign in, list, download with a progress bar (continued after a break). */
export function TeamPacks() {
  const lang = useAppStore((s) => s.lang);
  const team = useAppStore((s) => s.teamPacks);
  const session = useAppStore((s) => s.teamSession);
  const job = useAppStore((s) => s.packDownload);
  const local = useAppStore((s) => s.packs);
  const storage = useAppStore((s) => s.packStorage);
  const {signInForPacks, loadTeamPacks, downloadTeamPack, dismissPackDownload} = useAppStore.getState();
  const [user, setUser] = useState('');
  const [password, setPassword] = useState('');
  const [partials, setPartials] = useState<Record<string, number>>({});
  const busy = job.state === 'downloading' || job.state === 'verifying';
  const listed = team.state === 'ready' ? team.packs : null;

  // Which listed packs have a partial file (a download to continue).
  useEffect(() => {
    if (!listed || busy) return;
    let live = true;
    void Promise.all(listed.map(async (p) => [p.id, await storage.partialSize(p.id)] as const)).then((sizes) => {
      if (live) setPartials(Object.fromEntries(sizes));
    });
    return () => {
      live = false;
    };
  }, [listed, busy, storage]);

  return (
    <section className="team-packs" aria-labelledby="team-packs-heading">
      <h3 id="team-packs-heading">{pt('teamTitle', lang)}</h3>
      <p className="hint">{pt('teamIntro', lang)}</p>
      {!session ? (
        <form
          className="team-sign-in"
          onSubmit={(e) => {
            e.preventDefault();
            void signInForPacks(user, password).then(() => setPassword(''));
          }}
        >
          <label>
            {pt('username', lang)} <input name="username" autoComplete="username" value={user} onChange={(e) => setUser(e.currentTarget.value)} />
          </label>
          <label>
            {pt('password', lang)} <input name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.currentTarget.value)} />
          </label>
          <button type="submit" disabled={team.state === 'signing-in' || !user || !password}>{pt('signIn', lang)}</button>
          {team.state === 'signing-in' && <p role="status">{pt('signingIn', lang)}</p>}
          {team.state === 'sign-in-failed' && <p role="alert" className="error">{pt('signInFailed', lang, {status: team.status ?? '—'})}</p>}
        </form>
      ) : (
        <p className="hint">
          {pt('signedInAs', lang, {user: session.user})}{' '}
          <button type="button" onClick={() => void loadTeamPacks()} disabled={team.state === 'loading'}>{pt('refreshList', lang)}</button>
        </p>
      )}
      {team.state === 'loading' && <p role="status">{pt('loadingList', lang)}</p>}
      {team.state === 'list-failed' && <p role="alert" className="error">{pt('listFailed', lang, {status: team.status ?? '—'})}</p>}
      {listed && listed.length === 0 && <p className="hint">{pt('noTeamPacks', lang)}</p>}
      {listed && listed.length > 0 && (
        <ul className="pack-list" aria-label={pt('teamTitle', lang)}>
          {listed.map((p) => {
            const stored = local.some((l) => l.id === p.id);
            return (
              <li key={p.id} className="pack-row" data-team-pack={p.id}>
                <div className="pack-head">
                  <strong>{p.name}</strong> <span className="pack-kind">{pick(KIND_NAMES[p.kind], lang)} · {p.container === 'mbtiles' ? 'MBTiles' : 'PMTiles'}</span>
                </div>
                <p className="pack-facts">
                  {pt('zooms', lang, {min: p.minZoom, max: p.maxZoom})} · {formatBytes(p.sizeBytes, lang)} · {pt('dataDate', lang)} {day(p.dataDate)} ·{' '}
                  {pt('uploaded', lang)} {day(p.uploadedAt)}
                </p>
                <p className="pack-source">{pt('source', lang)}: {p.source || pt('unknownSource', lang)}</p>
                {stored ? (
                  <p className="ok">{pt('onDevice', lang)}</p>
                ) : (
                  <button type="button" disabled={busy} onClick={() => void downloadTeamPack(p.id)} aria-label={`${pt((partials[p.id] ?? 0) > 0 ? 'continueDownload' : 'download', lang)}: ${p.name}`}>
                    {pt((partials[p.id] ?? 0) > 0 ? 'continueDownload' : 'download', lang)}
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {job.state === 'downloading' && (
        <div role="status" className="pack-progress">
          <progress max={job.totalBytes} value={job.receivedBytes} aria-label={pt('download', lang)} />{' '}
          {pt('downloading', lang, {name: job.name, received: formatBytes(job.receivedBytes, lang), total: formatBytes(job.totalBytes, lang)})}
        </div>
      )}
      {job.state === 'verifying' && <p role="status">{pt('verifying', lang, {name: job.name})}</p>}
      {job.state === 'stored' && <p role="status" className="ok">{pt('downloaded', lang, {name: job.name})}</p>}
      {job.state === 'failed' && (
        <div role="alert" className="error pack-error">
          <p>
            <strong>{pt('downloadFailed', lang, {name: job.name})}</strong>: {downloadFailureText(job.failure, lang)}{' '}
            {job.keptBytes > 0 ? pt('keptPartial', lang, {bytes: formatBytes(job.keptBytes, lang)}) : pt('downloadNothingKept', lang)}
          </p>
          <button type="button" onClick={dismissPackDownload}>{t('dismiss', lang)}</button>
        </div>
      )}
    </section>
  );
}
