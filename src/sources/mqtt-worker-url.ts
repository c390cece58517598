// Starts the MQTT worker (mqtt-worker.ts) for the page. It is loaded through a blob:
// URL because a blob: worker inherits the page's Content-Security-Policy, connect-src
// included (src/app/csp.ts); a worker loaded from its own URL would get only what that
// response's headers say (nothing, from a static server), and could reach any origin.
import workerUrl from './mqtt-worker?worker&url';
import type { WorkerLike } from './mqtt-threaded';

/** null where the browser has no module workers: the source then runs in the page. */
export function mqttWorkerFactory(): (() => WorkerLike) | null {
  if (typeof Worker === 'undefined' || typeof Blob === 'undefined' || typeof URL.createObjectURL !== 'function') return null;
  return () => {
    const entry = new URL(workerUrl, location.href).href;
    const blobUrl = URL.createObjectURL(new Blob([`import ${JSON.stringify(entry)};\n`], { type: 'text/javascript' }));
    const worker = new Worker(blobUrl, { type: 'module', name: 'singing-pager-mqtt' });
    // The worker has fetched its script by the time it talks, or failed to.
    const revoke = () => URL.revokeObjectURL(blobUrl);
    worker.addEventListener('message', revoke, { once: true });
    worker.addEventListener('error', revoke, { once: true });
    return worker as unknown as WorkerLike;
  };
}
