// Entry of the dedicated MQTT worker (see mqtt-worker-core.ts; started by mqtt-threaded.ts).
import './mqtt-worker-env';
import mqtt from 'mqtt';
import type { WorkerScope } from './mqtt-worker-core';
import { serveMqtt } from './mqtt-worker-core';

serveMqtt(self as unknown as WorkerScope, (url, opts) => mqtt.connect(url, opts));
