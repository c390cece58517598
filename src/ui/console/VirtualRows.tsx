// A list that can hold tens of thousands of rows: all of them are reachable by
// scrolling (the scroll height is theirs), but only the rows in view, plus a few
// either side, are in the DOM. Rows have one fixed height so no row must be measured.
import type { KeyboardEvent, ReactNode } from 'react';
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';

export interface VirtualRowsProps {
  readonly count: number;
  /** Height of one row including the gap below it, in px. */
  readonly rowHeight: number;
  /** Rows rendered beyond the visible ones, each side. */
  readonly overscan?: number;
  /**
   * Up to this many rows all are rendered, each as tall as it needs (default 30). Past it,
   * fixed-height rows: with 100–200 free rows, each new alert at the top re-laid out and
   * repainted them all (15–28 ms frames, 35 per 10 s at 10 alerts/s, measured with a
   * DevTools trace), and an alert arriving during such a frame waits for its sound.
   */
  readonly windowFrom?: number;
  readonly className?: string;
  readonly onKeyDown?: (e: KeyboardEvent<HTMLElement>) => void;
  /** Told the rows in the DOM, [start, end), whenever they change: fetch up to `end`. */
  readonly onRange?: (start: number, end: number) => void;
  readonly children: (start: number, end: number) => ReactNode;
}

/** [start, end) of the rows to render for a scroll position (pure: tested alone). */
export function visibleRange(scrollTop: number, viewport: number, rowHeight: number, count: number, overscan: number): [number, number] {
  const first = Math.floor(Math.max(0, scrollTop) / rowHeight);
  const last = Math.ceil((Math.max(0, scrollTop) + Math.max(viewport, rowHeight)) / rowHeight);
  return [Math.max(0, Math.min(count, first - overscan)), Math.min(count, last + overscan)];
}

export function VirtualRows({ count, rowHeight, overscan = 6, windowFrom = 30, className, onKeyDown, onRange, children }: VirtualRowsProps) {
  const box = useRef<HTMLDivElement>(null);
  const [view, setView] = useState({ top: 0, height: 600 });
  const frame = useRef(0);
  const measure = useCallback(() => {
    frame.current = 0;
    const el = box.current;
    if (el) setView((v) => (v.top === el.scrollTop && v.height === el.clientHeight ? v : { top: el.scrollTop, height: el.clientHeight }));
  }, []);
  // One state update per frame however fast the wheel turns.
  const onScroll = useCallback(() => {
    if (!frame.current) frame.current = requestAnimationFrame(measure);
  }, [measure]);
  useLayoutEffect(() => {
    measure();
    return () => cancelAnimationFrame(frame.current);
  }, [measure]);
  const windowed = count > windowFrom;
  const [start, end] = windowed ? visibleRange(view.top, view.height, rowHeight, count, overscan) : [0, count];
  useEffect(() => onRange?.(start, end), [onRange, start, end]);
  return (
    <div ref={box} className={`virtual-rows${windowed ? ' windowed' : ''}`} onScroll={onScroll} data-rows={count} data-rendered={`${start}-${end}`}>
      <ul className={className} onKeyDown={onKeyDown} style={windowed ? { height: count * rowHeight, paddingTop: start * rowHeight } : undefined}>
        {children(start, end)}
      </ul>
    </div>
  );
}
