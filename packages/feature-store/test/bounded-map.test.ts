import { describe, expect, it } from 'vitest';
import { BoundedMap } from '../src/bounded-map.js';

describe('BoundedMap', () => {
  it('forgets the oldest entry beyond its capacity; a key set again becomes the newest', () => {
    const map = new BoundedMap<string, number>(3);
    for (const key of ['a', 'b', 'c']) map.set(key, 1);
    map.set('a', 2); // a moves behind c
    map.set('d', 1); // b goes
    expect(['a', 'b', 'c', 'd'].map((key) => map.get(key))).toEqual([2, undefined, 1, 1]);
    map.set('e', 1); // c goes
    map.set('f', 1); // a goes
    expect(['a', 'c', 'd', 'e', 'f'].map((key) => map.get(key))).toEqual([undefined, undefined, 1, 1, 1]);
  });

  it('keeps exactly the newest `capacity` keys over many evictions, with keys set again in between', () => {
    const capacity = 1000;
    const map = new BoundedMap<number, number>(capacity);
    const order: number[] = [];
    for (let i = 0; i < 20_000; i++) {
      // Every seventh step sets again a key that is still held.
      const key = i % 7 === 0 && order.length > 10 ? order[order.length - 10]! : i;
      map.set(key, i);
      const at = order.indexOf(key);
      if (at >= 0) order.splice(at, 1);
      order.push(key);
      if (order.length > capacity) order.shift();
    }
    const held = new Set(order);
    for (let key = 0; key < 20_000; key++) expect(map.get(key) !== undefined).toBe(held.has(key));
  });
});
