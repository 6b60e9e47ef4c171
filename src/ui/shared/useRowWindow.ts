import {useEffect, useLayoutEffect, useState, type RefObject} from 'react';

/** Lists up to this many rows are drawn whole; longer ones only around what is in view. */
export const ROWS_DRAWN_WHOLE = 200;

/** The rows to draw, and the space the rows left out above and below take. */
export type RowWindow = {readonly start: number; readonly end: number; readonly padTopPx: number; readonly padBottomPx: number};

type Options = {
  /** A row's height before one has been measured. */
  readonly estimatePx: number;
  /** Rows drawn beyond each edge of the visible part. */
  readonly overscan?: number;
  /** Selector of the rows inside the list (measured for their height). */
  readonly rowSelector: string;
};

/** The part of `el` not clipped by a scrolling ancestor or the viewport, in viewport pixels. */
function visibleSpan(el: HTMLElement): {top: number; bottom: number} {
  let top = 0;
  let bottom = window.innerHeight;
  for (let p = el.parentElement; p; p = p.parentElement) {
    const overflow = getComputedStyle(p).overflowY;
    if (overflow === 'auto' || overflow === 'scroll' || overflow === 'hidden') {
      const r = p.getBoundingClientRect();
      top = Math.max(top, r.top);
      bottom = Math.min(bottom, r.bottom);
    }
  }
  return {top, bottom};
}

/**
 * Windowing for long lists (issue 11: 10,000 plots): a list of `count` rows of roughly equal
 * height draws only the rows in view (and `overscan` more each side), and pads the rest, so
 * the page holds a few dozen rows whatever the count. Whatever element scrolls the list (the
 * panel, a bottom sheet, the list itself, the window) is followed, since scroll events are
 * caught on the document. Rows are measured once drawn; a taller row (an open one) only
 * shifts the estimate of those below it.
 */
export function useRowWindow(count: number, listRef: RefObject<HTMLElement | null>, options: Options): RowWindow {
  const {estimatePx, overscan = 15, rowSelector} = options;
  const whole = count <= ROWS_DRAWN_WHOLE;
  const [rowPx, setRowPx] = useState(estimatePx);
  const [range, setRange] = useState({start: 0, end: Math.min(count, 4 * overscan)});

  useEffect(() => {
    if (whole) return;
    let frame = 0;
    const update = () => {
      frame = 0;
      const list = listRef.current;
      if (!list) return;
      const rect = list.getBoundingClientRect();
      const span = visibleSpan(list);
      // Hidden (a closed tab): keep the first rows drawn.
      if (rect.width === 0 && rect.height === 0) return;
      const first = Math.floor(Math.max(0, span.top - rect.top) / rowPx);
      const last = Math.ceil(Math.max(0, span.bottom - rect.top) / rowPx);
      const start = Math.max(0, Math.min(count, first) - overscan);
      const end = Math.min(count, Math.max(start, last) + overscan);
      setRange((r) => (r.start === start && r.end === end ? r : {start, end}));
    };
    const schedule = () => {
      if (!frame) frame = requestAnimationFrame(update);
    };
    update();
    document.addEventListener('scroll', schedule, {capture: true, passive: true});
    window.addEventListener('resize', schedule);
    return () => {
      if (frame) cancelAnimationFrame(frame);
      document.removeEventListener('scroll', schedule, {capture: true});
      window.removeEventListener('resize', schedule);
    };
  }, [whole, count, rowPx, overscan, listRef]);

  // The median height of the rows drawn: the estimate for those not drawn.
  useLayoutEffect(() => {
    if (whole) return;
    const rows = [...(listRef.current?.querySelectorAll<HTMLElement>(rowSelector) ?? [])].map((r) => r.offsetHeight).filter((h) => h > 0).sort((a, b) => a - b);
    const median = rows[Math.floor(rows.length / 2)];
    if (median !== undefined && Math.abs(median - rowPx) > 0.5) setRowPx(median);
  }, [whole, range.start, range.end, count, rowSelector, listRef, rowPx]);

  if (whole) return {start: 0, end: count, padTopPx: 0, padBottomPx: 0};
  const start = Math.min(range.start, count);
  const end = Math.min(Math.max(range.end, start), count);
  return {start, end, padTopPx: start * rowPx, padBottomPx: (count - end) * rowPx};
}
