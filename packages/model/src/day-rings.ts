/**
 * Per-entity day buckets (a count and a summed value per UTC day) in a ring of `days` slots,
 * stored in flat typed arrays, for at most `maxEntities` entities: beyond that the least recently
 * recorded entity is evicted. This is what keeps the online feature state bounded.
 */
const INITIAL_CAPACITY = 1024;
const NONE = -1;

function mod(a: number, n: number): number {
  return ((a % n) + n) % n;
}

export class DayRings {
  private readonly slots = new Map<number, number>();
  private capacity = 0;
  private used = 0;
  private ids = new Float64Array(0);
  private lastDay = new Int32Array(0);
  // Doubly linked recency list over slots: head is the most recent, tail the next to evict.
  private prev = new Int32Array(0);
  private next = new Int32Array(0);
  private head = NONE;
  private tail = NONE;
  private counts = new Uint32Array(0);
  private values = new Float64Array(0);

  constructor(
    /** Ring length in days: the oldest day a window can reach, counted back from the newest. */
    readonly days: number,
    /** A positive integer (createFeatureStore checks it). */
    readonly maxEntities: number,
  ) {}

  size(): number {
    return this.slots.size;
  }

  /** Adds one event of `value` on `day` for `id`, creating (and maybe evicting) as needed. */
  record(id: number, day: number, value: number): void {
    let slot = this.slots.get(id);
    if (slot === undefined) {
      slot = this.allocate(id, day);
    } else {
      this.unlink(slot);
    }
    this.pushFront(slot);
    this.advance(slot, day);
    const bucket = this.bucket(slot, day);
    if (bucket === NONE) return;
    this.counts[bucket]! += 1;
    this.values[bucket]! += value;
  }

  /**
   * Adds `value` on `day` for an entity already tracked, without counting an event or touching
   * recency. False when nothing changed (untracked entity, or the day is outside its ring).
   */
  addValue(id: number, day: number, value: number): boolean {
    const slot = this.slots.get(id);
    if (slot === undefined) return false;
    const bucket = this.bucket(slot, day);
    if (bucket === NONE) return false;
    this.values[bucket]! += value;
    return true;
  }

  /**
   * Sums counts and values over windows ending at `endDay` (inclusive): window i covers
   * [endDay - windows[i] + 1, endDay]. `windows` must be ascending. Reads only; untracked ids give zeros.
   */
  windowSums(id: number, endDay: number, windows: readonly number[], outCounts: Float64Array, outValues: Float64Array): void {
    outCounts.fill(0);
    outValues.fill(0);
    const slot = this.slots.get(id);
    if (slot === undefined) return;
    const days = this.days;
    const last = this.lastDay[slot]!;
    const base = slot * days;
    // Day endDay - k is in the ring when last - days < endDay - k <= last.
    const kFrom = Math.max(0, endDay - last);
    const kTo = endDay - last + days;
    let bucket = mod(endDay - kFrom, days);
    let count = 0;
    let value = 0;
    let w = 0;
    for (let k = 0; w < windows.length; k++) {
      if (k >= kFrom && k < kTo) {
        count += this.counts[base + bucket]!;
        value += this.values[base + bucket]!;
        bucket = bucket === 0 ? days - 1 : bucket - 1;
      }
      if (k === windows[w]! - 1) {
        outCounts[w] = count;
        outValues[w] = value;
        w++;
      }
    }
  }

  /** The flat index of `day`'s bucket for `slot`, or NONE when the day has left the ring or not come yet. */
  private bucket(slot: number, day: number): number {
    const last = this.lastDay[slot]!;
    if (day > last || day <= last - this.days) return NONE;
    return slot * this.days + mod(day, this.days);
  }

  /** Moves the ring forward to `day`, zeroing the buckets of the days it passes over. */
  private advance(slot: number, day: number): void {
    const last = this.lastDay[slot]!;
    if (day <= last) return;
    const base = slot * this.days;
    const clearFrom = Math.max(last + 1, day - this.days + 1);
    for (let d = clearFrom; d <= day; d++) {
      const i = base + mod(d, this.days);
      this.counts[i] = 0;
      this.values[i] = 0;
    }
    this.lastDay[slot] = day;
  }

  private allocate(id: number, day: number): number {
    let slot: number;
    if (this.used < this.maxEntities) {
      if (this.used === this.capacity) this.grow();
      slot = this.used++;
    } else {
      slot = this.tail;
      this.unlink(slot);
      this.slots.delete(this.ids[slot]!);
    }
    this.slots.set(id, slot);
    this.ids[slot] = id;
    this.lastDay[slot] = day;
    this.counts.fill(0, slot * this.days, (slot + 1) * this.days);
    this.values.fill(0, slot * this.days, (slot + 1) * this.days);
    return slot;
  }

  private grow(): void {
    const capacity = Math.min(this.maxEntities, Math.max(INITIAL_CAPACITY, this.capacity * 2));
    const resize = <T extends Float64Array | Int32Array | Uint32Array>(old: T, make: (n: number) => T, n: number): T => {
      const next = make(n);
      next.set(old);
      return next;
    };
    this.ids = resize(this.ids, (n) => new Float64Array(n), capacity);
    this.lastDay = resize(this.lastDay, (n) => new Int32Array(n), capacity);
    this.prev = resize(this.prev, (n) => new Int32Array(n), capacity);
    this.next = resize(this.next, (n) => new Int32Array(n), capacity);
    this.counts = resize(this.counts, (n) => new Uint32Array(n), capacity * this.days);
    this.values = resize(this.values, (n) => new Float64Array(n), capacity * this.days);
    this.capacity = capacity;
  }

  private unlink(slot: number): void {
    const p = this.prev[slot]!;
    const n = this.next[slot]!;
    if (p === NONE) this.head = n;
    else this.next[p] = n;
    if (n === NONE) this.tail = p;
    else this.prev[n] = p;
  }

  private pushFront(slot: number): void {
    this.prev[slot] = NONE;
    this.next[slot] = this.head;
    if (this.head !== NONE) this.prev[this.head] = slot;
    this.head = slot;
    if (this.tail === NONE) this.tail = slot;
  }
}
