// The console's own metrics, as every console pushes them to the Pushgateway.
// Names follow Prometheus conventions (base units: seconds; _total for counters).
// Label values come only from fixed lists, so no URL, credential or payload text
// can ever become a label.
import { version } from '../../package.json';
import type { SourceId } from '../domain/events';
import { REJECT_REASONS } from '../domain/events';
import { Registry } from './registry';

export const SOURCES = ['mqtt', 'demo', 'prometheus', 'alertmanager', 'replay'] as const satisfies readonly SourceId[];
export const KINDS = ['alert', 'metric'] as const;

/** Sounds are scheduled 3 ms ahead; the 100 ms bound is what the p99 alert watches. */
export const EVENT_TO_SOUND_BUCKETS = [0.001, 0.0025, 0.005, 0.0075, 0.01, 0.015, 0.02, 0.03, 0.05, 0.075, 0.1, 0.25, 0.5, 1];
/** End to end includes the network and the sender's clock, so a wider range. */
export const SENT_TO_SOUND_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
export const POLL_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export const APP_VERSION: string = version;

export function defineSelfMetrics(registry = new Registry()) {
  const source = { source: SOURCES };
  const m = {
    registry,
    eventToSound: registry.histogram({
      name: 'singing_pager_event_to_sound_seconds',
      help: 'Message received by the console to sound onset scheduled on the audio clock.',
      buckets: EVENT_TO_SOUND_BUCKETS,
    }),
    sentToSound: registry.histogram({
      name: 'singing_pager_sent_to_sound_seconds',
      help: 'Timestamp carried by the payload to sound onset scheduled (end to end; needs synchronised clocks).',
      buckets: SENT_TO_SOUND_BUCKETS,
    }),
    events: registry.counter<'source' | 'kind'>({
      name: 'singing_pager_events_total',
      help: 'Events accepted, by source and kind.',
      labelNames: ['source', 'kind'],
      allowed: { ...source, kind: KINDS },
    }),
    rejected: registry.counter<'reason'>({
      name: 'singing_pager_events_rejected_total',
      help: 'Messages rejected, by reason.',
      labelNames: ['reason'],
      allowed: { reason: REJECT_REASONS },
    }),
    voicesActive: registry.gauge({ name: 'singing_pager_voices_active', help: 'Voices sounding now.' }),
    voicesDropped: registry.counter({
      name: 'singing_pager_voices_dropped_total',
      help: 'Sounds not played on their own because they were folded into a storm.',
    }),
    audioRunning: registry.gauge({ name: 'singing_pager_audio_running', help: '1 while the audio context runs, else 0.' }),
    sourceUp: registry.gauge<'source'>({
      name: 'singing_pager_source_up',
      help: '1 while the source is live, else 0.',
      labelNames: ['source'],
      allowed: source,
    }),
    sourceReconnects: registry.counter<'source'>({
      name: 'singing_pager_source_reconnects_total',
      help: 'Reconnect attempts, by source.',
      labelNames: ['source'],
      allowed: source,
    }),
    pollDuration: registry.histogram<'source'>({
      name: 'singing_pager_poll_duration_seconds',
      help: 'Duration of one poll of a polled source (Prometheus, Alertmanager).',
      labelNames: ['source'],
      allowed: source,
      buckets: POLL_BUCKETS,
    }),
    buildInfo: registry.gauge<'version'>({
      name: 'singing_pager_build_info',
      help: 'Always 1; the version label says which build this console runs.',
      labelNames: ['version'],
      maxSeries: 1,
    }),
  };
  m.buildInfo.set({ version: APP_VERSION }, 1);
  // Unlabelled histograms and gauges exist from the start, so rate() works from the first push.
  m.eventToSound.get();
  m.sentToSound.get();
  m.voicesActive.set(undefined, 0);
  m.voicesDropped.inc(undefined, 0);
  m.audioRunning.set(undefined, 0);
  return m;
}

export type SelfMetrics = ReturnType<typeof defineSelfMetrics>;

/** The one set the console pushes. */
export const selfMetrics: SelfMetrics = defineSelfMetrics();

/** For polled sources: how long one poll took, in seconds. */
export function observePollDuration(source: SourceId, seconds: number): void {
  selfMetrics.pollDuration.observe({ source }, seconds);
}
