// Types for generator.mjs, so strict TypeScript tests can import it.
import type { MqttClient } from 'mqtt';

export interface GeneratorOptions {
  /** Default mqtt://127.0.0.1:1883 */
  mqttUrl?: string;
  /** Default http://127.0.0.1:9091; null disables pushing. */
  pushgatewayUrl?: string | null;
  /** Metrics publish period, default 500 ms. */
  intervalMs?: number;
  /** Pushgateway push period, default 3000 ms. */
  pushEveryMs?: number;
  /** [min, max] ms between incidents, default [10 000, 30 000]. */
  incidentEveryMs?: [number, number];
  /** [min, max] ms an incident lasts before it resolves, default [15 000, 40 000]. */
  incidentLengthMs?: [number, number];
  log?: (message: string) => void;
  /** The broker's publisher login; default $SP_MQTT_USERNAME/$SP_MQTT_PASSWORD, else the local stack's. */
  username?: string;
  password?: string;
}

export interface Generator {
  readonly client: MqttClient;
  /** Resolves what is still firing, stops timers, disconnects. */
  stop(): Promise<void>;
}

export declare function startGenerator(opts?: GeneratorOptions): Promise<Generator>;
