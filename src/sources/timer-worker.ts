// The timer worker's entry (see timer-worker-core.ts); started by timer-worker-url.ts.
import { timerHost, type TimerReply, type TimerRequest } from './timer-worker-core';

const scope = self as unknown as {
  postMessage(m: TimerReply): void;
  addEventListener(type: 'message', fn: (e: MessageEvent<TimerRequest>) => void): void;
};
const handle = timerHost({
  postMessage: (m) => scope.postMessage(m),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
});
scope.addEventListener('message', (e) => handle(e.data));
