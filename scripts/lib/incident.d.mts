// Types for incident.mjs, shared by the node script and the console (src/app/incident.ts).

export interface DrillStep {
  readonly at: number;
  readonly say: string;
  readonly values: Readonly<Partial<Record<'disk' | 'latency' | 'errors', number>>>;
}

export declare const DRILL_GAUGES: Readonly<Record<'disk' | 'latency' | 'errors', { gauge: string; instance: string }>>;
export declare const DRILL_GROUP_PATH: string;
export declare const INCIDENT_STEPS: readonly DrillStep[];
export declare const INCIDENT_SECONDS: number;
export declare function drillExposition(values: Record<string, number>): string;
export declare function drillPushgateway(
  base: string,
  fetchFn?: (url: string, init: RequestInit) => Promise<Response>,
): { url: string; push(body: string): Promise<void>; remove(): Promise<void> };

export interface IncidentOptions {
  push(body: string): Promise<void>;
  remove?(): Promise<void>;
  publish?(topic: string, body: string): void | Promise<void>;
  /** Time compression: 10 plays the 125 s drill in 12.5 s. */
  speed?: number;
  log?(message: string): void;
  onStep?(index: number, step: DrillStep): void;
  setTimeout?(fn: () => void, ms: number): unknown;
  clearTimeout?(handle: unknown): void;
}

export interface Incident {
  readonly done: Promise<void>;
  stop(): Promise<void>;
}

export declare function runIncident(o: IncidentOptions): Incident;
