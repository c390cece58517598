// Looped pink noise from a native buffer source: the same generator and length as
// Tone.Noise('pink') (Paul Kellet's filter, 5 s, two decorrelated channels), one
// buffer per context shared by every noise voice.
import type * as Tone from 'tone';

const SECONDS = 5;
const buffers = new WeakMap<Tone.BaseContext, AudioBuffer>();

function pinkBuffer(context: Tone.BaseContext): AudioBuffer {
  let buf = buffers.get(context);
  if (buf) return buf;
  const length = Math.round(SECONDS * context.sampleRate);
  buf = context.createBuffer(2, length, context.sampleRate);
  for (let c = 0; c < 2; c++) {
    const x = new Float32Array(length);
    let b0 = 0, b1 = 0, b2 = 0, b3 = 0, b4 = 0, b5 = 0, b6 = 0;
    for (let i = 0; i < length; i++) {
      const white = Math.random() * 2 - 1;
      b0 = 0.99886 * b0 + white * 0.0555179;
      b1 = 0.99332 * b1 + white * 0.0750759;
      b2 = 0.969 * b2 + white * 0.153852;
      b3 = 0.8665 * b3 + white * 0.3104856;
      b4 = 0.55 * b4 + white * 0.5329522;
      b5 = -0.7616 * b5 - white * 0.016898;
      x[i] = (b0 + b1 + b2 + b3 + b4 + b5 + b6 + white * 0.5362) * 0.11; // 0.11: roughly unity gain
      b6 = white * 0.115926;
    }
    buf.copyToChannel(x, c);
  }
  buffers.set(context, buf);
  return buf;
}

/** A looping pink-noise source (not started), from a random point of the shared buffer. */
export function createPinkNoise(context: Tone.BaseContext): { node: AudioBufferSourceNode; offset: number } {
  const node = context.createBufferSource();
  node.buffer = pinkBuffer(context);
  node.loop = true;
  return { node, offset: Math.random() * (SECONDS - 0.001) };
}
