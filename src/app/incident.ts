// The scripted incident from the browser: the same script as `npm run incident`
// (scripts/lib/incident.mjs), pushed to the Pushgateway through the console's own
// same-origin proxy. No MQTT from here: the console's broker access stays read-only.
import { drillPushgateway, runIncident } from '../../scripts/lib/incident.mjs';
import type { Config } from '../domain/config';
import { drillStore, setDrill } from '../store/drill';

let current: { stop(): Promise<void> } | null = null;

/** Only a console served with the local stack's proxy can drive it. */
export function canDrill(config: Config): boolean {
  return Boolean(config.prometheus && config.pushgateway?.startsWith('/'));
}

export function startDrill(config: Config): void {
  if (current || !config.pushgateway) return;
  const pg = drillPushgateway(config.pushgateway);
  let failed: string | undefined;
  setDrill({ running: true, step: 'starting', startedAt: Date.now() });
  const drill = runIncident({
    push: async (body) => {
      try {
        await pg.push(body);
        failed = undefined;
      } catch (err) {
        failed = (err as Error).message;
        setDrill({ ...drillStore.getState(), error: failed });
        throw err;
      }
    },
    remove: pg.remove,
    onStep: (_i, step) => setDrill({ running: true, step: step.say, startedAt: drillStore.getState().startedAt ?? Date.now(), ...(failed && { error: failed }) }),
  });
  current = drill;
  void drill.done.then(() => {
    current = null;
    setDrill({ running: false, ...(failed && { error: failed }) });
  });
}

export function stopDrill(): void {
  void current?.stop();
}
