// How tests publish to the stack's broker: as its authenticated publisher (the TCP
// listener refuses anonymous clients).
import type { MosquittoHandle } from './services';

export function publisherOptions(broker: MosquittoHandle): { username: string; password: string } {
  return { username: broker.publisher.username, password: broker.publisher.password };
}
