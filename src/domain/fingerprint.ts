// Alertmanager's alert fingerprint: FNV-1a 64 over the sorted label set, each name
// and value followed by a 0xff byte (prometheus/common model.LabelSet.Fingerprint),
// printed as 16 hex digits. Two 32-bit halves instead of BigInt: webhooks can carry
// thousands of alerts.

const encoder = new TextEncoder();
const SEPARATOR = 0xff;

export function amFingerprint(labels: Readonly<Record<string, string>>): string {
  let hi = 0xcbf29ce4;
  let lo = 0x84222325;
  const add = (byte: number) => {
    lo = (lo ^ byte) >>> 0;
    // h * (2^40 + 0x1b3) mod 2^64, split into halves; every product stays below 2^53.
    const loMul = lo * 0x1b3;
    const carry = Math.floor(loMul / 4294967296);
    hi = (hi * 0x1b3 + carry + (lo & 0xffffff) * 256) >>> 0;
    lo = loMul >>> 0;
  };
  const addString = (s: string) => {
    for (const b of encoder.encode(s)) add(b);
    add(SEPARATOR);
  };
  for (const name of Object.keys(labels).sort()) {
    addString(name);
    addString(labels[name] ?? '');
  }
  return hi.toString(16).padStart(8, '0') + lo.toString(16).padStart(8, '0');
}
