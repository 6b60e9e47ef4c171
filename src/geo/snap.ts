/**
 * Snapping in screen space: the nearest vertex, else the nearest point on an edge, of any of
 * the given rings within a pixel tolerance. Vertices win over edges so that plots drawn
 * against a neighbour share its corners exactly.
 */
export type ScreenPoint = readonly [number, number];

export type SnapHit = {readonly point: ScreenPoint; readonly kind: 'vertex' | 'edge'; readonly ring: number; readonly index: number};

export function snapScreenPoint(target: ScreenPoint, rings: readonly (readonly ScreenPoint[])[], tolerancePx: number): SnapHit | null {
  let best: SnapHit | null = null;
  let bestD2 = tolerancePx * tolerancePx;
  rings.forEach((ring, r) => {
    ring.forEach((p, i) => {
      const d2 = (p[0] - target[0]) ** 2 + (p[1] - target[1]) ** 2;
      if (d2 <= bestD2) [best, bestD2] = [{point: p, kind: 'vertex', ring: r, index: i}, d2];
    });
  });
  if (best) return best;
  bestD2 = tolerancePx * tolerancePx;
  rings.forEach((ring, r) => {
    for (let i = 0; i + 1 < ring.length; i++) {
      const a = ring[i]!, b = ring[i + 1]!;
      const dx = b[0] - a[0], dy = b[1] - a[1];
      const len2 = dx * dx + dy * dy;
      if (len2 === 0) continue;
      const t = Math.max(0, Math.min(1, ((target[0] - a[0]) * dx + (target[1] - a[1]) * dy) / len2));
      const p: ScreenPoint = [a[0] + t * dx, a[1] + t * dy];
      const d2 = (p[0] - target[0]) ** 2 + (p[1] - target[1]) ** 2;
      if (d2 <= bestD2) [best, bestD2] = [{point: p, kind: 'edge', ring: r, index: i}, d2];
    }
  });
  return best;
}
