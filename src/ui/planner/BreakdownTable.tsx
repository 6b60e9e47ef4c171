import {formatArea} from '../../i18n/format';
import type {Lang} from '../../i18n/lang';

export type BreakdownRow = {readonly key: string; readonly label: string; readonly plots: number; readonly areaSquareMeters: number; readonly areaMu: number};

/**
 * A breakdown's rows with their sum, so a reader can see they add up to the headline: the
 * by-zone rows (with “outside every zone”) and the by-month rows (with “no completion date”).
 */
export function BreakdownTable({rows, caption, testId, lang}: {rows: readonly BreakdownRow[]; caption: string; testId: string; lang: Lang}) {
  const total = rows.reduce((a, r) => a + r.areaSquareMeters, 0);
  const totalMu = rows.reduce((a, r) => a + r.areaMu, 0);
  return (
    <table className="breakdown" data-testid={testId}>
      <caption>{caption}</caption>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key} data-key={r.key} data-value={r.areaMu}>
            <th scope="row">{r.label}</th>
            <td className="num">{r.plots}</td>
            <td className="num">{formatArea(r.areaSquareMeters, 'mu', lang, 2)}</td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr data-key="sum" data-value={totalMu}>
          <th scope="row">{lang === 'zh' ? '合计' : 'Sum'}</th>
          <td />
          <td className="num">{formatArea(total, 'mu', lang, 2)}</td>
        </tr>
      </tfoot>
    </table>
  );
}
