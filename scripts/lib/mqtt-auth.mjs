// Publisher credentials for the scripts: the broker's TCP listener refuses anonymous
// clients. Given ones win, then $SP_MQTT_USERNAME / $SP_MQTT_PASSWORD, then the
// running local stack's (.state/stack.json, written by npm start / npm run stack).
// Never taken from argv: a password on a command line is visible to every user.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const STACK_JSON = join(fileURLToPath(new URL('../..', import.meta.url)), '.state', 'stack.json');

/**
 * @param {{ username?: string, password?: string }} [given]
 * @returns {{ username?: string, password?: string }} options for mqtt.connect
 */
export function publisherAuth(given = {}) {
  if (given.username) return { username: given.username, ...(given.password !== undefined && { password: given.password }) };
  const env = process.env;
  if (env.SP_MQTT_USERNAME) return { username: env.SP_MQTT_USERNAME, ...(env.SP_MQTT_PASSWORD !== undefined && { password: env.SP_MQTT_PASSWORD }) };
  try {
    if (!existsSync(STACK_JSON)) return {};
    const p = JSON.parse(readFileSync(STACK_JSON, 'utf8'))?.mqttPublisher;
    return p && typeof p.username === 'string' && typeof p.password === 'string' ? { username: p.username, password: p.password } : {};
  } catch {
    return {};
  }
}
