import type {Lang} from '../../i18n/lang';
import {t} from '../../i18n/messages';
import type {AdminFailure} from '../../state/admin-slice';

/** Why a call to the team server failed, in the reader's language. */
export function adminFailureText(f: AdminFailure, lang: Lang): string {
  switch (f.code) {
    case 'offline':
      return t('adminFailOffline', lang);
    case 'signed-out':
      return t('adminFailSignedOut', lang);
    case 'revoked':
      return t('adminFailRevoked', lang);
    case 'forbidden':
      return t('adminFailForbidden', lang);
    default:
      return t('adminFailRefused', lang, {status: f.status ?? '—'});
  }
}
