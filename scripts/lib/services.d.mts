// Types for services.mjs, so strict TypeScript tests can import the plain-JS module.

export interface ServiceHandle {
  readonly name: string;
  /** mosquitto: { mqtt, ws }; the HTTP services: { http } */
  readonly ports: Readonly<Record<string, number>>;
  /** mosquitto: { mqtt: 'mqtt://…', ws: 'ws://…' }; the HTTP services: { http: 'http://…' } */
  readonly urls: Readonly<Record<string, string>>;
  /** The main URL: mqtt://… for mosquitto, http://… for the others. */
  readonly url: string;
  readonly stateDir: string;
  /** stdout+stderr of every run, appended. */
  readonly logFile: string;
  /** Changes on restart(). */
  readonly pid: number;
  /** SIGTERM, SIGKILL after 10 s; resolves once the process has exited. Idempotent. */
  stop(): Promise<void>;
  /** Stops and starts again with the same ports, config and state dir. */
  restart(): Promise<void>;
}

export interface MqttCredentials {
  readonly username: string;
  readonly password: string;
}

export interface MosquittoHandle extends ServiceHandle {
  readonly ports: Readonly<{ mqtt: number; ws: number }>;
  readonly urls: Readonly<{ mqtt: string; ws: string }>;
  /** The one user allowed on the TCP listener (publishers); WebSocket clients are anonymous and read-only. */
  readonly publisher: MqttCredentials;
}

export interface PrometheusHandle extends ServiceHandle {
  /** The generated config, for promtool check config. */
  readonly configFile: string;
}

export interface CommonOpts {
  /** Default: a free port. */
  port?: number;
  /** Default: <repo>/.state/<name>-<port>. */
  stateDir?: string;
  /** Default: 30 000. */
  readyTimeoutMs?: number;
}

export type PortKey = 'mqtt' | 'mqttWs' | 'prometheus' | 'pushgateway' | 'alertmanager' | 'nodeExporter';
export declare const DEFAULT_PORTS: Readonly<Record<PortKey, number>>;
export declare const REPO_ROOT: string;

export declare function freePort(): Promise<number>;
export declare function freePorts(n: number): Promise<number[]>;
export declare function isPortFree(port: number): Promise<boolean>;
export declare function pickPort(preferred: number): Promise<{ port: number; changed: boolean }>;
/** Stops every service this process started. */
export declare function stopAll(): Promise<void>;

export declare const PUBLISHER_USER: string;

export declare function startMosquitto(
  opts?: CommonOpts & {
    wsPort?: number;
    template?: string;
    /** ACL file to copy (default mosquitto/acl). */
    acl?: string;
    /** Default: PUBLISHER_USER with a random password. */
    publisher?: MqttCredentials;
  },
): Promise<MosquittoHandle>;
export declare function startPrometheus(
  opts?: CommonOpts & {
    /** e.g. '1s'; scrape_timeout follows when under 10 s. */
    scrapeInterval?: string;
    evaluationInterval?: string;
    /** Ports of the scrape/alerting targets; unset ones keep the template's defaults. */
    targets?: { pushgateway?: number; alertmanager?: number; nodeExporter?: number };
    template?: string;
    /** Copied next to the config by file name. Default: the template's rule_files, from beside it (else prometheus/). */
    ruleFiles?: string[];
  },
): Promise<PrometheusHandle>;
export declare function startPushgateway(opts?: CommonOpts): Promise<ServiceHandle>;
export declare function startAlertmanager(opts?: CommonOpts & { configFile?: string }): Promise<ServiceHandle>;
export declare function startNodeExporter(opts?: CommonOpts): Promise<ServiceHandle>;

export interface StackUrls {
  mqtt: string;
  mqttWs: string;
  prometheus: string;
  pushgateway: string;
  alertmanager: string;
  nodeExporter: string;
}

export interface Stack {
  services: {
    mosquitto: MosquittoHandle;
    prometheus: PrometheusHandle;
    pushgateway: ServiceHandle;
    alertmanager: ServiceHandle;
    nodeExporter: ServiceHandle;
  };
  urls: StackUrls;
  ports: Record<PortKey, number>;
  /** e.g. "prometheus: port 9090 is taken, using 41234" */
  notes: string[];
  /** Root under which each service has <name>-<port>. */
  stateDir: string;
  stop(): Promise<void>;
}

export declare function startStack(opts?: {
  ports?: Partial<Record<PortKey, number>>;
  /** Default: <repo>/.state */
  stateDir?: string;
  /** Use the default ports where free (npm start); otherwise any free ports. */
  preferDefaultPorts?: boolean;
  scrapeInterval?: string;
  evaluationInterval?: string;
  readyTimeoutMs?: number;
}): Promise<Stack>;
