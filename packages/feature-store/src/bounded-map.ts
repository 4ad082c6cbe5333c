/** A Map that forgets its oldest entry (by insertion) beyond `capacity` entries. */
export class BoundedMap<K, V> {
  private readonly entries = new Map<K, V>();
  /**
   * Walks the entries oldest first, and stays where it stopped: a fresh `keys().next()` per
   * eviction would step over every deleted entry V8 keeps until it compacts the table, which made
   * each set() of a full map cost as much as thousands of lookups (docs/benchmarks.md).
   */
  private oldest: Iterator<K> = this.entries.keys();

  constructor(readonly capacity: number) {}

  get(key: K): V | undefined {
    return this.entries.get(key);
  }

  set(key: K, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.capacity) {
      let oldest = this.oldest.next();
      // An iterator that reached the end stays done: start another.
      if (oldest.done) {
        this.oldest = this.entries.keys();
        oldest = this.oldest.next();
      }
      if (!oldest.done) this.entries.delete(oldest.value);
    }
  }
}
