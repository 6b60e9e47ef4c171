import {useEffect, useState} from 'react';
import {localeOf} from '../../i18n/lang';
import {t} from '../../i18n/messages';
import {useAppStore} from '../../state/store';
import {formatBytes, problemText} from '../packs/pack-messages';
import {adminFailureText} from './admin-words';
import {SharedConflicts} from './SharedConflicts';

const when = (iso: string, lang: 'zh' | 'en') => new Date(iso).toLocaleString(localeOf(lang), {dateStyle: 'medium', timeStyle: 'short'});

/** For an admin session only (App mounts it then): devices with revoke, quarantine, pack upload. */
export function AdminPanel() {
  const lang = useAppStore((s) => s.lang);
  const admin = useAppStore((s) => s.admin);
  const upload = useAppStore((s) => s.adminUpload);
  const revoking = useAppStore((s) => s.adminRevoking);
  const {loadAdmin, revokeTeamDevice, uploadTeamPack} = useAppStore.getState();
  const [confirm, setConfirm] = useState<string | null>(null);
  const [revokeError, setRevokeError] = useState<string | null>(null);
  const [file, setFile] = useState<File | null>(null);
  const [name, setName] = useState('');
  const [source, setSource] = useState('');

  useEffect(() => {
    void loadAdmin();
  }, [loadAdmin]);

  const asked = confirm ? admin.devices.find((d) => d.deviceId === confirm) : undefined;
  const uploading = upload.state === 'uploading';

  return (
    <section className="panel admin-panel" aria-labelledby="admin-heading">
      <h2 id="admin-heading">{t('adminTitle', lang)}</h2>
      <p className="hint">{t('adminIntro', lang)}</p>
      <button type="button" onClick={() => void loadAdmin()} disabled={admin.state === 'loading'}>{t('adminRefresh', lang)}</button>
      {admin.state === 'loading' && <p role="status">{t('adminLoading', lang)}</p>}
      {admin.failure && <p role="alert" className="error">{adminFailureText(admin.failure, lang)}</p>}

      <h3>{t('adminDevices', lang)}</h3>
      <table className="admin-devices">
        <thead>
          <tr><th>{t('adminDeviceUser', lang)}</th><th>{t('adminDeviceName', lang)}</th><th>{t('adminDeviceSince', lang)}</th><th>{t('adminDeviceState', lang)}</th><th /></tr>
        </thead>
        <tbody>
          {admin.devices.map((d) => (
            <tr key={d.deviceId} data-device-id={d.deviceId}>
              <td>{d.user ?? '—'}</td>
              <td>{d.name}</td>
              <td>{when(d.createdAt, lang)}</td>
              <td>{d.revoked ? t('adminDeviceRevoked', lang) : t('adminDeviceActive', lang)}</td>
              <td>
                {!d.revoked && (
                  <button type="button" disabled={revoking !== null} onClick={() => {
                    setRevokeError(null);
                    setConfirm(d.deviceId);
                  }}>{t('adminRevoke', lang)}</button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {asked && (
        <div role="alertdialog" aria-labelledby="admin-revoke-question" className="admin-confirm">
          <p id="admin-revoke-question">{t('adminRevokeConfirm', lang, {user: asked.user ?? '—', device: asked.name})}</p>
          <button type="button" className="danger" disabled={revoking !== null} onClick={() => {
            void revokeTeamDevice(asked.deviceId).then((failure) => {
              setConfirm(null);
              setRevokeError(failure ? adminFailureText(failure, lang) : null);
            });
          }}>{t('adminRevokeYes', lang)}</button>
          <button type="button" onClick={() => setConfirm(null)}>{t('adminCancel', lang)}</button>
        </div>
      )}
      {revokeError && <p role="alert" className="error">{revokeError}</p>}

      <h3>{t('adminQuarantine', lang, {n: admin.quarantine.length.toLocaleString(localeOf(lang))})}</h3>
      <p className="hint">{t('adminQuarantineHint', lang)}</p>
      {admin.quarantine.length > 0 && (
        <ul className="admin-quarantine">
          {admin.quarantine.map((q, i) => (
            <li key={i}>{t('adminQuarantineRow', lang, {time: when(q.receivedAt, lang), device: q.deviceId.slice(0, 8),
              plot: String((q.op as {plotId?: unknown} | null)?.plotId ?? '—')})}</li>
          ))}
        </ul>
      )}

      <h3>{t('adminPacks', lang)}</h3>
      {admin.packs.length === 0 ? <p className="hint">{t('adminNoPacks', lang)}</p> : (
        <ul className="admin-packs">
          {admin.packs.map((p) => <li key={p.id} data-pack-id={p.id}>{p.name} · {formatBytes(p.sizeBytes, lang)}</li>)}
        </ul>
      )}
      <form className="admin-upload" onSubmit={(e) => {
        e.preventDefault();
        if (file) void uploadTeamPack(file, {name: name.trim() || undefined, source: source.trim() || undefined});
      }}>
        <label>{t('adminUploadFile', lang)} <input name="pack-file" type="file" accept=".pmtiles,.mbtiles" onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)} /></label>
        <label>{t('adminUploadName', lang)} <input name="pack-name" value={name} onChange={(e) => setName(e.currentTarget.value)} /></label>
        <label>{t('adminUploadSource', lang)} <input name="pack-source" value={source} onChange={(e) => setSource(e.currentTarget.value)} /></label>
        <button type="submit" disabled={!file || uploading}>{t('adminUpload', lang)}</button>
      </form>
      {upload.state === 'uploading' && (
        <p role="status">
          {t('adminUploading', lang, {file: upload.fileName, sent: formatBytes(upload.sent, lang), total: formatBytes(upload.total, lang)})}
          <progress max={upload.total || 1} value={upload.sent} />
        </p>
      )}
      {upload.state === 'done' && <p role="status">{t('adminUploaded', lang, {file: upload.fileName})}</p>}
      {upload.state === 'refused' && <p role="alert" className="error">{t('adminUploadRefused', lang, {file: upload.fileName, reason: problemText(upload.problem, lang)})}</p>}
      {upload.state === 'too-large' && <p role="alert" className="error">{t('adminUploadTooLarge', lang, {file: upload.fileName, max: formatBytes(upload.maxBytes, lang)})}</p>}
      {upload.state === 'failed' && <p role="alert" className="error">{adminFailureText(upload.failure, lang)}</p>}

      <SharedConflicts />
    </section>
  );
}
