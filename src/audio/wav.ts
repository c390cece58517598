// RIFF/WAVE, 16-bit PCM, little endian: what every audio tool opens.

const HEADER_BYTES = 44;

/** Interleaves the channels into a 16-bit PCM WAV file; samples are clamped to [-1, 1]. */
export function encodeWav(channelData: readonly Float32Array[], sampleRate: number): ArrayBuffer {
  const channels = channelData.length;
  if (channels < 1) throw new RangeError('encodeWav: at least one channel');
  if (!(Number.isInteger(sampleRate) && sampleRate > 0)) throw new RangeError(`encodeWav: bad sample rate ${sampleRate}`);
  const frames = Math.min(...channelData.map((c) => c.length));
  const blockAlign = channels * 2;
  const dataBytes = frames * blockAlign;
  const buf = new ArrayBuffer(HEADER_BYTES + dataBytes);
  const v = new DataView(buf);
  const ascii = (at: number, s: string) => {
    for (let i = 0; i < s.length; i++) v.setUint8(at + i, s.charCodeAt(i));
  };
  ascii(0, 'RIFF');
  v.setUint32(4, 36 + dataBytes, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  v.setUint32(16, 16, true); // fmt chunk size
  v.setUint16(20, 1, true); // PCM
  v.setUint16(22, channels, true);
  v.setUint32(24, sampleRate, true);
  v.setUint32(28, sampleRate * blockAlign, true); // byte rate
  v.setUint16(32, blockAlign, true);
  v.setUint16(34, 16, true); // bits per sample
  ascii(36, 'data');
  v.setUint32(40, dataBytes, true);
  let at = HEADER_BYTES;
  for (let i = 0; i < frames; i++) {
    for (let c = 0; c < channels; c++) {
      const x = channelData[c]![i]!;
      const s = Number.isNaN(x) ? 0 : Math.max(-1, Math.min(1, x));
      // Asymmetric scale so that -1 → -32768 and 1 → 32767.
      v.setInt16(at, s < 0 ? Math.round(s * 0x8000) : Math.round(s * 0x7fff), true);
      at += 2;
    }
  }
  return buf;
}
