// Publishing from a real MQTT client (mqtt.js over TCP) at a given pace.
import type { MqttClient } from 'mqtt';

export interface Msg {
  topic: string;
  payload: string;
  qos: 0 | 1;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Publishes `count` messages, message i due at t0 + i/rate. Each message's send time is
 * Date.now() read just before its publish() call (the same system clock the page's
 * audio worklet stamps with). Resolves once every publish has been handed to the socket
 * (QoS 0) or acknowledged (QoS 1), with the send times.
 */
export async function pacedPublish(client: MqttClient, o: { rate: number; count: number; make: (i: number) => Msg | null }): Promise<{ sentAt: number[]; startedAt: number; endedAt: number }> {
  const sentAt = new Array<number>(o.count).fill(NaN);
  const acks: Promise<unknown>[] = [];
  const t0 = Date.now() + 5;
  let i = 0;
  while (i < o.count) {
    const now = Date.now();
    const due = t0 + (i * 1000) / o.rate;
    if (due > now + 1) {
      await sleep(Math.min(50, due - now - 1));
      continue;
    }
    // Everything due by now goes out in this turn (high rates), then yield to the socket.
    let burst = 0;
    while (i < o.count && t0 + (i * 1000) / o.rate <= Date.now() && burst < 5000) {
      const m = o.make(i);
      if (m) {
        sentAt[i] = Date.now();
        if (m.qos === 1) acks.push(client.publishAsync(m.topic, m.payload, { qos: 1 }).catch(() => undefined));
        else client.publish(m.topic, m.payload, { qos: 0 });
      }
      i++;
      burst++;
    }
    await new Promise((r) => setImmediate(r));
  }
  const endedAt = Date.now();
  await Promise.all(acks);
  return { sentAt, startedAt: t0, endedAt };
}

/** Publishes as fast as the client takes them (QoS 0), yielding every `batch` messages. */
export async function blast(client: MqttClient, o: { count: number; batch?: number; make: (i: number) => Msg }): Promise<{ startedAt: number; endedAt: number }> {
  const batch = o.batch ?? 500;
  const startedAt = Date.now();
  for (let i = 0; i < o.count; ) {
    const end = Math.min(o.count, i + batch);
    for (; i < end; i++) {
      const m = o.make(i);
      client.publish(m.topic, m.payload, { qos: 0 });
    }
    // Let the socket drain so memory stays bounded and the broker sees a steady stream.
    const stream = (client as unknown as { stream?: { writableLength?: number } }).stream;
    while ((stream?.writableLength ?? 0) > 4 << 20) await sleep(1);
    await new Promise((r) => setImmediate(r));
  }
  return { startedAt, endedAt: Date.now() };
}
