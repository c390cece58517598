// The kiosk display's pieces, rendered to HTML: the no-sound banner names the flag,
// a fleet storm reads as one row, only the score's voices are drawn.
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { AudioBannerView } from '../../src/ui/kiosk/KioskChrome';
import { groupAlerts } from '../../src/ui/kiosk/KioskView';
import { isVoiced, wavePath } from '../../src/ui/kiosk/Voices';
import type { AlertRecord } from '../../src/store/alerts';
import { parseScore } from '../../src/domain/score/parse';

const rec = (name: string, severity: string, instance: string, since: number, service = 'web'): AlertRecord => ({
  id: `${name}/${instance}`, name, severity, state: 'firing', labels: { instance, service }, annotations: {}, source: 'mqtt', since, lastSeen: since, repeats: 0,
});

describe('kiosk display', () => {
  it('shows a banner with the exact Chromium flag while sound cannot start, none while it runs', () => {
    const html = renderToString(<AudioBannerView audio="needs-gesture" detail="the browser keeps audio suspended until someone clicks here" />);
    expect(html).toContain('--autoplay-policy=no-user-gesture-required');
    expect(html).toContain('the browser keeps audio suspended until someone clicks here');
    expect(html).toContain('role="alert"');
    expect(renderToString(<AudioBannerView audio="running" detail={undefined} />)).toBe('');
  });

  it('groups one alert firing across a fleet into one row with its count and places', () => {
    const g = groupAlerts([...Array.from({ length: 12 }, (_, i) => rec('HighCPU', 'critical', `web-${i + 1}`, 1000 + i)), rec('DiskFull', 'critical', 'db-3', 500, 'postgres')]);
    expect(g.map((x) => [x.first.name, x.count, x.where, x.since])).toEqual([
      ['HighCPU', 12, 'web · web-1, web-2 +10', 1000],
      ['DiskFull', 1, 'db-3 · postgres', 500],
    ]);
  });

  it('draws only voices the score has, and waves that loop seamlessly', () => {
    const r = parseScore(readFileSync('src/presets/ambient.yaml', 'utf8'));
    if (!r.ok) throw new Error('ambient');
    expect(['cpu', 'memory', 'latency', 'disk', 'queue'].filter((n) => isVoiced(n, r.score))).toEqual(['cpu', 'memory', 'latency', 'disk']);
    const d = wavePath(10, 3);
    const ys = [...d.matchAll(/[ML][\d.]+ ([\d.-]+)/g)].map((m) => Number(m[1]));
    expect(ys[0]).toBeCloseTo(ys[80]!, 6); // one WIDTH later: the same height
  });
});
