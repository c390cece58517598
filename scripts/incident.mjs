#!/usr/bin/env node
// `npm run incident`: plays the scripted incident against the running local stack
// (npm start writes its URLs to .state/stack.json), or the URLs given.
//   node scripts/incident.mjs [--pushgateway URL] [--mqtt URL] [--speed N] [--no-mqtt]
import { existsSync, readFileSync } from 'node:fs';
import mqtt from 'mqtt';
import { INCIDENT_SECONDS, drillPushgateway, runIncident } from './lib/incident.mjs';
import { publisherAuth } from './lib/mqtt-auth.mjs';
import { STACK_JSON } from './lib/stack-info.mjs';

const argv = process.argv.slice(2);
/** @param {string} name */
const flag = (name) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : argv.find((a) => a.startsWith(`${name}=`))?.slice(name.length + 1);
};
const stack = existsSync(STACK_JSON) ? JSON.parse(readFileSync(STACK_JSON, 'utf8')) : null;
const pushgateway = flag('--pushgateway') ?? process.env.SP_PUSHGATEWAY_URL ?? stack?.urls?.pushgateway ?? 'http://127.0.0.1:9091';
const mqttUrl = argv.includes('--no-mqtt') ? null : (flag('--mqtt') ?? process.env.SP_MQTT_URL ?? stack?.urls?.mqtt ?? 'mqtt://127.0.0.1:1883');
const speed = Number(flag('--speed') ?? 1);
if (!(speed > 0 && speed <= 100)) {
  console.error('incident: --speed must be a number from 0 (exclusive) to 100');
  process.exit(2);
}
/** @param {string} m */
const log = (m) => console.log(`[incident] ${m}`);

/** @type {import('mqtt').MqttClient | null} */
let client = null;
if (mqttUrl) {
  try {
    // The broker refuses anonymous publishers: $SP_MQTT_USERNAME/$SP_MQTT_PASSWORD, else the stack's.
    client = await mqtt.connectAsync(mqttUrl, { clientId: `sp-incident-${process.pid}`, connectTimeout: 5000, reconnectPeriod: 1000, ...publisherAuth() });
  } catch (err) {
    log(`no MQTT (${err instanceof Error ? err.message : String(err)}); pushing to the Pushgateway only`);
  }
}
const pg = drillPushgateway(pushgateway);
log(`pushing to ${pg.url}${client ? `, publishing to ${mqttUrl}` : ''}; about ${Math.round(INCIDENT_SECONDS / speed)} s`);
const drill = runIncident({
  push: pg.push,
  remove: pg.remove,
  ...(client && { publish: (/** @type {string} */ t, /** @type {string} */ b) => client?.publishAsync(t, b, { qos: 1 }).then(() => {}) }),
  speed,
  log,
});
const quit = async () => {
  log('stopping: restoring healthy values');
  await drill.stop();
};
process.once('SIGINT', quit);
process.once('SIGTERM', quit);
await drill.done;
await client?.endAsync();
log('done');
