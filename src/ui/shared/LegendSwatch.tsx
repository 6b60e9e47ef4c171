import type {LegendEntry} from '../../catalogue/types';

/** A legend symbol drawn like the map draws it: dashed or hollow when approximate. */
export function LegendSwatch({entry}: {entry: LegendEntry}) {
  const dash = entry.approximate ? '4 3' : undefined;
  return (
    <svg className="swatch" width="28" height="16" viewBox="0 0 28 16" aria-hidden="true">
      {entry.shape === 'fill' && (
        <rect x="2" y="2" width="24" height="12" fill={entry.color} fillOpacity={entry.approximate ? 0.3 : 0.45}
          stroke={entry.color} strokeWidth="2" strokeDasharray={dash} />
      )}
      {entry.shape === 'line' && (
        <line x1="1" y1="8" x2="27" y2="8" stroke={entry.color} strokeWidth="3" strokeDasharray={dash} />
      )}
      {entry.shape === 'circle' && (
        <circle cx="14" cy="8" r="5" fill={entry.approximate ? '#ffffff' : entry.color} stroke={entry.color} strokeWidth="2.5" />
      )}
    </svg>
  );
}
