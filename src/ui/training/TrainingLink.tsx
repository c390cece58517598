// The header's way into Training: a real link, switched without a reload.
import type { MouseEvent } from 'react';
import { showView, viewHref } from '../view';

export function TrainingLink() {
  const onClick = (e: MouseEvent<HTMLAnchorElement>) => {
    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    showView('training');
  };
  return (
    <a className="view-toggle" href={viewHref('training')} onClick={onClick} data-view-link="training" title="Replays and the listening quiz (t)">
      Training
    </a>
  );
}
