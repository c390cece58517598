// A fixed-size ring of (time, value) samples: months of uptime, constant memory.
export class Ring {
  private readonly t: Float64Array;
  private readonly v: Float64Array;
  private head = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    this.t = new Float64Array(capacity);
    this.v = new Float64Array(capacity);
  }

  push(t: number, v: number): void {
    this.t[this.head] = t;
    this.v[this.head] = v;
    this.head = (this.head + 1) % this.capacity;
    this.count = Math.min(this.capacity, this.count + 1);
  }

  /** Overwrites the newest sample (for thinning fast series). */
  replaceLast(t: number, v: number): void {
    if (this.count === 0) return this.push(t, v);
    const i = (this.head - 1 + this.capacity) % this.capacity;
    this.t[i] = t;
    this.v[i] = v;
  }

  get size(): number {
    return this.count;
  }

  lastTime(): number | undefined {
    return this.count ? this.t[(this.head - 1 + this.capacity) % this.capacity] : undefined;
  }

  /** Oldest first, only samples at or after `since`. */
  toArray(since = -Infinity): { t: number; v: number }[] {
    const out: { t: number; v: number }[] = [];
    const start = (this.head - this.count + this.capacity) % this.capacity;
    for (let k = 0; k < this.count; k++) {
      const i = (start + k) % this.capacity;
      const t = this.t[i]!;
      if (t >= since) out.push({ t, v: this.v[i]! });
    }
    return out;
  }
}
