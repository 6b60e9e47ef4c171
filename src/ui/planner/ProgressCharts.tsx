import {Bar, BarChart, CartesianGrid, Cell, ComposedChart, Legend, Line, Pie, PieChart, ResponsiveContainer, Tooltip, XAxis, YAxis} from 'recharts';
import {STATUS_COLORS} from '../../catalogue/plots';
import {localeOf} from '../../i18n/lang';
import {t} from '../../i18n/messages';
import type {ProgressPoint} from '../../state/dashboard';
import {useAppStore} from '../../state/store';

/** Charts for a projector: large ticks, no animation (a chart that moves is read late), SVG. */
const TICK = {fontSize: 13};
/** One number format per locale (grouping by thousands in both). */
const muIn = (lang: 'zh' | 'en') => (v: number) => new Intl.NumberFormat(localeOf(lang), {maximumFractionDigits: 0}).format(v);
const UNIT_LABEL = {fontSize: 13, fill: '#5b6470'};

export type BarDatum = {readonly label: string; readonly mu: number; readonly color?: string};

/** Remediated against target as a half-ring gauge. */
export function Gauge({fraction, label}: {fraction: number; label: string}) {
  const done = Math.min(1, Math.max(0, fraction));
  const data = [{name: 'done', value: done}, {name: 'left', value: 1 - done}];
  return (
    <div className="gauge" role="img" aria-label={label}>
      <ResponsiveContainer width="100%" height={130}>
        <PieChart>
          <Pie data={data} dataKey="value" startAngle={180} endAngle={0} cx="50%" cy="95%" innerRadius="120%" outerRadius="175%"
            stroke="none" isAnimationActive={false}>
            <Cell fill={STATUS_COLORS.verified} />
            <Cell fill="#d9dee3" />
          </Pie>
        </PieChart>
      </ResponsiveContainer>
    </div>
  );
}

/** Horizontal bars in mu, one per category, long labels on the left. */
export function MuBars({data, title, testId}: {data: readonly BarDatum[]; title: string; testId: string}) {
  const lang = useAppStore((st) => st.lang);
  const mu = muIn(lang);
  const unit = t('muUnit', lang);
  return (
    <figure className="chart" data-testid={testId}>
      <figcaption>{title}</figcaption>
      <ResponsiveContainer width="100%" height={Math.max(90, 34 * data.length + 40)}>
        <BarChart data={[...data]} layout="vertical" margin={{left: 8, right: 48, top: 4, bottom: 18}}>
          <CartesianGrid horizontal={false} stroke="#e3e6ea" />
          <XAxis type="number" tick={TICK} tickFormatter={mu} label={{value: unit, position: 'insideBottomRight', offset: -12, ...UNIT_LABEL}} />
          <YAxis type="category" dataKey="label" width={170} tick={TICK} interval={0} />
          <Tooltip formatter={(v) => `${mu(Number(v))} ${unit}`} />
          <Bar dataKey="mu" isAnimationActive={false} label={{position: 'right', fontSize: 13, formatter: (v: unknown) => mu(Number(v))}}>
            {data.map((d) => <Cell key={d.label} fill={d.color ?? '#2f6f4f'} />)}
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}

/**
 * Cumulative remediated mu by month against the straight line to the target, the projection
 * at the current pace from the "as of" month to the target, and each month's own amount as
 * bars (right axis). Both axes say their unit.
 */
export function CumulativeChart({data, title, actual, trajectory}: {data: readonly ProgressPoint[]; title: string; actual: string; trajectory: string}) {
  const lang = useAppStore((st) => st.lang);
  const mu = muIn(lang);
  const unit = t('muUnit', lang);
  const monthUnit = t('muPerMonthUnit', lang);
  return (
    <figure className="chart" data-testid="chart-cumulative">
      <figcaption>{title}</figcaption>
      <ResponsiveContainer width="100%" height={260}>
        <ComposedChart data={[...data]} margin={{left: 8, right: 8, top: 18, bottom: 4}}>
          <CartesianGrid stroke="#e3e6ea" />
          <XAxis dataKey="month" tick={TICK} minTickGap={24} />
          <YAxis yAxisId="total" tick={TICK} tickFormatter={mu} width={60}
            label={{value: unit, position: 'top', offset: 6, ...UNIT_LABEL}} />
          <YAxis yAxisId="month" orientation="right" tick={TICK} tickFormatter={mu} width={52}
            label={{value: monthUnit, position: 'top', offset: 6, ...UNIT_LABEL}} />
          <Tooltip formatter={(v, name) => `${mu(Number(v))} ${name === t('monthlyMu', lang) ? monthUnit : unit}`} />
          <Legend wrapperStyle={{fontSize: 13}} />
          <Bar yAxisId="month" dataKey="monthMu" name={t('monthlyMu', lang)} fill="#9fc5b0" isAnimationActive={false} />
          <Line yAxisId="total" type="stepAfter" dataKey="cumulativeMu" name={actual} stroke={STATUS_COLORS.verified} strokeWidth={3} dot={false} isAnimationActive={false} connectNulls={false} />
          <Line yAxisId="total" type="linear" dataKey="trajectoryMu" name={trajectory} stroke="#8a8a8a" strokeWidth={2} strokeDasharray="6 4" dot={false} isAnimationActive={false} />
          <Line yAxisId="total" type="linear" dataKey="projectedMu" name={t('projection', lang)} stroke="#c05621" strokeWidth={2} strokeDasharray="2 3" dot={false} isAnimationActive={false} connectNulls={false} />
        </ComposedChart>
      </ResponsiveContainer>
    </figure>
  );
}
