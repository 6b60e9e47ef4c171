import {Bar, BarChart, CartesianGrid, Cell, Legend, Line, LineChart, Pie, PieChart, ResponsiveContainer, Tooltip, XAxis, YAxis} from 'recharts';
import {STATUS_COLORS} from '../../catalogue/plots';
import type {ProgressPoint} from '../../state/dashboard';

/** Charts for a projector: large ticks, no animation (a chart that moves is read late), SVG. */
const TICK = {fontSize: 13};
const mu = (v: number) => new Intl.NumberFormat('en', {maximumFractionDigits: 0}).format(v);

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
  return (
    <figure className="chart" data-testid={testId}>
      <figcaption>{title}</figcaption>
      <ResponsiveContainer width="100%" height={Math.max(90, 34 * data.length + 40)}>
        <BarChart data={[...data]} layout="vertical" margin={{left: 8, right: 48, top: 4, bottom: 4}}>
          <CartesianGrid horizontal={false} stroke="#e3e6ea" />
          <XAxis type="number" tick={TICK} tickFormatter={mu} />
          <YAxis type="category" dataKey="label" width={170} tick={TICK} interval={0} />
          <Tooltip formatter={(v) => `${mu(Number(v))} mu`} />
          <Bar dataKey="mu" isAnimationActive={false} label={{position: 'right', fontSize: 13, formatter: (v: unknown) => mu(Number(v))}}>
            {data.map((d) => <Cell key={d.label} fill={d.color ?? '#2f6f4f'} />)}
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}

/** Cumulative remediated mu by month against the straight line to the target. */
export function CumulativeChart({data, title, actual, trajectory}: {data: readonly ProgressPoint[]; title: string; actual: string; trajectory: string}) {
  return (
    <figure className="chart" data-testid="chart-cumulative">
      <figcaption>{title}</figcaption>
      <ResponsiveContainer width="100%" height={240}>
        <LineChart data={[...data]} margin={{left: 8, right: 16, top: 8, bottom: 4}}>
          <CartesianGrid stroke="#e3e6ea" />
          <XAxis dataKey="month" tick={TICK} minTickGap={24} />
          <YAxis tick={TICK} tickFormatter={mu} width={56} />
          <Tooltip formatter={(v) => `${mu(Number(v))} mu`} />
          <Legend wrapperStyle={{fontSize: 13}} />
          <Line type="stepAfter" dataKey="cumulativeMu" name={actual} stroke={STATUS_COLORS.verified} strokeWidth={3} dot={false} isAnimationActive={false} connectNulls={false} />
          <Line type="linear" dataKey="trajectoryMu" name={trajectory} stroke="#8a8a8a" strokeWidth={2} strokeDasharray="6 4" dot={false} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}
