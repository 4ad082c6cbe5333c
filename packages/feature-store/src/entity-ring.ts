/**
 * Reads an entity's day ring as lua/feature-store.lua writes it: bytes 0-3 the newest day
 * recorded (`last`, int32 LE), then `ring` slots of 16 bytes at 4 + 16 (day % ring): day (int32),
 * transaction count (uint32), summed value (float64), little-endian. A slot holding another day is
 * stale. Same windows, same order of additions as DayRings in @fraudwatch/model.
 */
import { WINDOW_DAYS, type WindowSums } from '@fraudwatch/model';

const HEAD_BYTES = 4;
const SLOT_BYTES = 16;
const LONGEST = WINDOW_DAYS[WINDOW_DAYS.length - 1]!;

/** Sums per window ending at `endDay` (inclusive); zeros for an entity with no state (null). */
export function ringWindowSums(ring: Buffer | null, ringDays: number, endDay: number): WindowSums {
  const counts = new Array<number>(WINDOW_DAYS.length).fill(0);
  const sums = new Array<number>(WINDOW_DAYS.length).fill(0);
  if (ring === null || ring.length !== HEAD_BYTES + SLOT_BYTES * ringDays) return { counts, sums };
  const last = ring.readInt32LE(0);
  let count = 0;
  let sum = 0;
  let w = 0;
  for (let k = 0; k < LONGEST; k++) {
    const day = endDay - k;
    if (day <= last && day > last - ringDays) {
      const at = HEAD_BYTES + SLOT_BYTES * (((day % ringDays) + ringDays) % ringDays);
      if (ring.readInt32LE(at) === day) {
        count += ring.readUInt32LE(at + 4);
        sum += ring.readDoubleLE(at + 8);
      }
    }
    if (k === WINDOW_DAYS[w]! - 1) {
      counts[w] = count;
      sums[w] = sum;
      w++;
    }
  }
  return { counts, sums };
}
