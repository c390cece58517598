// encodeWav: a canonical 44-byte RIFF/WAVE header and 16-bit little-endian PCM.
import { describe, expect, it } from 'vitest';
import { encodeWav } from '../../src/audio/wav';

const ascii = (v: DataView, at: number, n: number) => String.fromCharCode(...Array.from({ length: n }, (_, i) => v.getUint8(at + i)));

describe('encodeWav', () => {
  it('writes the header of 16-bit PCM at the given rate and channel count', () => {
    const left = Float32Array.from([0, 0.5, -0.5]);
    const right = Float32Array.from([1, -1, 0.25]);
    const buf = encodeWav([left, right], 48_000);
    const v = new DataView(buf);
    expect(buf.byteLength).toBe(44 + 3 * 2 * 2);
    expect(ascii(v, 0, 4)).toBe('RIFF');
    expect(v.getUint32(4, true)).toBe(buf.byteLength - 8);
    expect(ascii(v, 8, 4)).toBe('WAVE');
    expect(ascii(v, 12, 4)).toBe('fmt ');
    expect(v.getUint32(16, true)).toBe(16);
    expect(v.getUint16(20, true)).toBe(1); // PCM
    expect(v.getUint16(22, true)).toBe(2);
    expect(v.getUint32(24, true)).toBe(48_000);
    expect(v.getUint32(28, true)).toBe(48_000 * 4); // byte rate
    expect(v.getUint16(32, true)).toBe(4); // block align
    expect(v.getUint16(34, true)).toBe(16);
    expect(ascii(v, 36, 4)).toBe('data');
    expect(v.getUint32(40, true)).toBe(12);
  });

  it('interleaves the channels, little endian, clamping what is out of range', () => {
    const v = new DataView(encodeWav([Float32Array.from([0, 0.5, 2]), Float32Array.from([1, -1, Number.NaN])], 8000));
    const samples = Array.from({ length: 6 }, (_, i) => v.getInt16(44 + 2 * i, true));
    expect(samples).toEqual([0, 32767, 16384, -32768, 32767, 0]);
    expect(v.getUint8(44 + 2)).toBe(0xff); // 32767 = 0x7fff, low byte first
    expect(v.getUint8(44 + 3)).toBe(0x7f);
  });

  it('mono, and channels of unequal length are cut to the shortest', () => {
    expect(encodeWav([new Float32Array(10)], 44_100).byteLength).toBe(44 + 20);
    expect(new DataView(encodeWav([new Float32Array(10), new Float32Array(4)], 44_100)).getUint32(40, true)).toBe(16);
  });

  it('refuses what it cannot write', () => {
    expect(() => encodeWav([], 48_000)).toThrow(RangeError);
    expect(() => encodeWav([new Float32Array(1)], 0)).toThrow(RangeError);
    expect(() => encodeWav([new Float32Array(1)], 44_100.5)).toThrow(RangeError);
  });
});
