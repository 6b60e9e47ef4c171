import {useEffect, useState} from 'react';
import {pick} from '../../i18n/lang';
import {t} from '../../i18n/messages';
import {useAppStore} from '../../state/store';
import {KIND_NAMES, downloadFailureText, formatBytes} from './pack-messages';

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
      <h3 id="team-packs-heading">{t('pack.teamTitle', lang)}</h3>
      <p className="hint">{t('pack.teamIntro', lang)}</p>
      {!session ? (
        <form
          className="team-sign-in"
          onSubmit={(e) => {
            e.preventDefault();
            void signInForPacks(user, password).then(() => setPassword(''));
          }}
        >
          <label>
            {t('pack.username', lang)} <input name="username" autoComplete="username" value={user} onChange={(e) => setUser(e.currentTarget.value)} />
          </label>
          <label>
            {t('pack.password', lang)} <input name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.currentTarget.value)} />
          </label>
          <button type="submit" disabled={team.state === 'signing-in' || !user || !password}>{t('pack.signIn', lang)}</button>
          {team.state === 'signing-in' && <p role="status">{t('pack.signingIn', lang)}</p>}
          {team.state === 'sign-in-failed' && <p role="alert" className="error">{t('pack.signInFailed', lang, {status: team.status ?? '—'})}</p>}
        </form>
      ) : (
        <p className="hint">
          {t('pack.signedInAs', lang, {user: session.user})}{' '}
          <button type="button" onClick={() => void loadTeamPacks()} disabled={team.state === 'loading'}>{t('pack.refreshList', lang)}</button>
        </p>
      )}
      {team.state === 'loading' && <p role="status">{t('pack.loadingList', lang)}</p>}
      {team.state === 'list-failed' && <p role="alert" className="error">{t('pack.listFailed', lang, {status: team.status ?? '—'})}</p>}
      {listed && listed.length === 0 && <p className="hint">{t('pack.noTeamPacks', lang)}</p>}
      {listed && listed.length > 0 && (
        <ul className="pack-list" aria-label={t('pack.teamTitle', lang)}>
          {listed.map((p) => {
            const stored = local.some((l) => l.id === p.id);
            return (
              <li key={p.id} className="pack-row" data-team-pack={p.id}>
                <div className="pack-head">
                  <strong>{p.name}</strong> <span className="pack-kind">{pick(KIND_NAMES[p.kind], lang)} · {p.container === 'mbtiles' ? 'MBTiles' : 'PMTiles'}</span>
                </div>
                <p className="pack-facts">
                  {t('pack.zooms', lang, {min: p.minZoom, max: p.maxZoom})} · {formatBytes(p.sizeBytes, lang)} · {t('pack.dataDate', lang)} {day(p.dataDate)} ·{' '}
                  {t('pack.uploaded', lang)} {day(p.uploadedAt)}
                </p>
                <p className="pack-source">{t('pack.source', lang)}: {p.source || t('pack.unknownSource', lang)}</p>
                {stored ? (
                  <p className="ok">{t('pack.onDevice', lang)}</p>
                ) : (
                  <button type="button" disabled={busy} onClick={() => void downloadTeamPack(p.id)} aria-label={`${t((partials[p.id] ?? 0) > 0 ? 'pack.continueDownload' : 'pack.download', lang)}: ${p.name}`}>
                    {t((partials[p.id] ?? 0) > 0 ? 'pack.continueDownload' : 'pack.download', lang)}
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {job.state === 'downloading' && (
        <div role="status" className="pack-progress">
          <progress max={job.totalBytes} value={job.receivedBytes} aria-label={t('pack.download', lang)} />{' '}
          {t('pack.downloading', lang, {name: job.name, received: formatBytes(job.receivedBytes, lang), total: formatBytes(job.totalBytes, lang)})}
        </div>
      )}
      {job.state === 'verifying' && <p role="status">{t('pack.verifying', lang, {name: job.name})}</p>}
      {job.state === 'stored' && <p role="status" className="ok">{t('pack.downloaded', lang, {name: job.name})}</p>}
      {job.state === 'failed' && (
        <div role="alert" className="error pack-error">
          <p>
            <strong>{t('pack.downloadFailed', lang, {name: job.name})}</strong>: {downloadFailureText(job.failure, lang)}{' '}
            {job.keptBytes > 0 ? t('pack.keptPartial', lang, {bytes: formatBytes(job.keptBytes, lang)}) : t('pack.downloadNothingKept', lang)}
          </p>
          <button type="button" onClick={dismissPackDownload}>{t('dismiss', lang)}</button>
        </div>
      )}
    </section>
  );
}
