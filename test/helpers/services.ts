// Typed entry point for tests to the local-stack service launcher (scripts/lib/services.mjs).
export {
  DEFAULT_PORTS,
  PUBLISHER_USER,
  REPO_ROOT,
  freePort,
  freePorts,
  isPortFree,
  pickPort,
  startAlertmanager,
  startMosquitto,
  startNodeExporter,
  startPrometheus,
  startPushgateway,
  startStack,
  stopAll,
} from '../../scripts/lib/services.mjs';
export type {
  CommonOpts,
  MosquittoHandle,
  MqttCredentials,
  PortKey,
  PrometheusHandle,
  ServiceHandle,
  Stack,
  StackUrls,
} from '../../scripts/lib/services.mjs';
