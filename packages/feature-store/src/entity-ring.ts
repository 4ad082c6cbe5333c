/**
 * An entity's day ring as lua/feature-store.lua keeps it: bytes 0-3 the newest day recorded
 * (`last`, int32 LE), then `ring` slots of 16 bytes at 4 + 16 (day % ring): day (int32),
 * transaction count (uint32), summed value (float64), little-endian. A slot holding another day is
 * stale. Same windows, same order of additions as DayRings in @fraudwatch/model. A value of
 * another length (written with another ring size) counts as no state, here and in Lua.
 */
import { WINDOW_DAYS, type WindowSums } from '@fraudwatch/model';

const HEAD_BYTES = 4;
const SLOT_BYTES = 16;
const LONGEST = WINDOW_DAYS[WINDOW_DAYS.length - 1]!;

function ringBytes(ringDays: number): number {
  return HEAD_BYTES + SLOT_BYTES * ringDays;
}

function slotOffset(day: number, ringDays: number): number {
  return HEAD_BYTES + SLOT_BYTES * (((day % ringDays) + ringDays) % ringDays);
}

// A DataView reads and writes the unaligned little-endian fields several times faster than Buffer's methods.
function viewOf(ring: Buffer): DataView {
  return new DataView(ring.buffer, ring.byteOffset, ring.byteLength);
}

function usable(ring: Buffer | null, ringDays: number): ring is Buffer {
  return ring !== null && ring.length === ringBytes(ringDays);
}

/** Sums per window ending at `endDay` (inclusive); zeros for an entity with no state (null). */
export function ringWindowSums(ring: Buffer | null, ringDays: number, endDay: number): WindowSums {
  const counts = new Array<number>(WINDOW_DAYS.length).fill(0);
  const sums = new Array<number>(WINDOW_DAYS.length).fill(0);
  if (!usable(ring, ringDays)) return { counts, sums };
  const view = viewOf(ring);
  const last = view.getInt32(0, true);
  let count = 0;
  let sum = 0;
  let w = 0;
  for (let k = 0; k < LONGEST; k++) {
    const day = endDay - k;
    if (day <= last && day > last - ringDays) {
      const at = slotOffset(day, ringDays);
      if (view.getInt32(at, true) === day) {
        count += view.getUint32(at + 4, true);
        sum += view.getFloat64(at + 8, true);
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

/**
 * The ring after one more transaction of `value` on `day`, as the Lua function `add_event` changes it:
 * `ring` itself, changed in place, or a new buffer when there was no state. A day that has left the
 * ring changes nothing. Lets a batch be looked up in one read: each transaction's features see
 * the earlier ones of the batch as if they were already committed.
 */
export function recordInRing(ring: Buffer | null, ringDays: number, day: number, value: number): Buffer {
  const state = usable(ring, ringDays) ? ring : Buffer.alloc(ringBytes(ringDays));
  const view = viewOf(state);
  const last = state === ring ? view.getInt32(0, true) : undefined;
  if (last !== undefined && day <= last - ringDays) return state;
  const at = slotOffset(day, ringDays);
  const current = view.getInt32(at, true) === day;
  view.setInt32(at, day, true);
  view.setUint32(at + 4, current ? view.getUint32(at + 4, true) + 1 : 1, true);
  view.setFloat64(at + 8, current ? view.getFloat64(at + 8, true) + value : value, true);
  if (last === undefined || day > last) view.setInt32(0, day, true);
  return state;
}
