import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { amFingerprint } from '../../src/domain/fingerprint';

/** The reference: FNV-1a 64 with BigInt, as prometheus/common's labelSetToFingerprint. */
function reference(labels: Record<string, string>): string {
  const enc = new TextEncoder();
  let h = 0xcbf29ce484222325n;
  const add = (b: number) => {
    h ^= BigInt(b);
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
  };
  for (const k of Object.keys(labels).sort()) {
    for (const b of enc.encode(k)) add(b);
    add(255);
    for (const b of enc.encode(labels[k])) add(b);
    add(255);
  }
  return h.toString(16).padStart(16, '0');
}

describe('amFingerprint', () => {
  it('matches FNV-1a 64 over the sorted label set', () => {
    expect(amFingerprint({})).toBe('cbf29ce484222325');
    expect(amFingerprint({ alertname: 'DiskFull', instance: 'db-3' })).toBe(reference({ alertname: 'DiskFull', instance: 'db-3' }));
  });

  it('property: equals the BigInt reference for any labels, UTF-8 included', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.stringMatching(/^[a-zA-Z_][a-zA-Z0-9_]{0,10}$/), fc.string({ unit: 'grapheme', maxLength: 12 }), { maxKeys: 6 }), (labels) => {
        expect(amFingerprint(labels)).toBe(reference(labels));
      }),
      { numRuns: 1000 },
    );
  });
});
