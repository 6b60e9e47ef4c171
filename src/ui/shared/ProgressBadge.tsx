import {SUBSIDENCE_TARGET} from '../../../seeds/programme';
import {muToSquareMeters} from '../../geo/units';
import {formatArea, formatPercent} from '../../i18n/format';
import {t} from '../../i18n/messages';
import {selectNotSavedPlots, selectTally, selectTallyCurrent, todayIso} from '../../state/selectors';
import {useAppStore} from '../../state/store';

/** The programme's one number: remediated area (ellipsoidal, overlaps once) against 7,300 mu. */
export function ProgressBadge() {
  const lang = useAppStore((s) => s.lang);
  const tally = useAppStore((s) => selectTally(s, todayIso()));
  const current = useAppStore(selectTallyCurrent);
  const notSaved = useAppStore((s) => selectNotSavedPlots(s).length);
  const target = muToSquareMeters(SUBSIDENCE_TARGET.areaMu);
  return (
    <div className="progress-badge" role="group" aria-label={t('progress', lang)} aria-busy={!current} data-current={current} title={current ? undefined : t('totalUpdating', lang)}>
      <span>{t('remediated', lang)}</span>{' '}
      <strong data-testid="remediated-mu">{formatArea(tally.remediatedSquareMeters, 'mu', lang, 1)}</strong>
      {' / '}{formatArea(target, 'mu', lang)}{' · '}
      <strong data-testid="percent-of-target">{formatPercent(tally.percentOfTarget / 100, lang)}</strong>
      <meter min={0} max={1} value={Math.min(1, tally.percentOfTarget / 100)} aria-label={t('ofTarget', lang)} />
      {notSaved > 0 && (
        <span className="not-saved-extra" data-testid="not-saved-count" title={t('notSavedExtraHint', lang)}>+{notSaved} {t('notSavedExtra', lang)}</span>
      )}
    </div>
  );
}
