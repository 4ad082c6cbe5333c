/** Calendar arithmetic on epoch milliseconds (UTC), without allocating Date objects in hot paths. */
export const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
/** 1970-01-01 was a Thursday: day 0 has weekday 4 (0 = Sunday). */
const EPOCH_WEEKDAY = 4;

/** Days since the epoch (UTC) of an instant. */
export function dayIndex(time: number): number {
  return Math.floor(time / DAY_MS);
}

/** Saturday or Sunday (UTC). */
export function isWeekend(time: number): boolean {
  const weekday = (((dayIndex(time) + EPOCH_WEEKDAY) % 7) + 7) % 7;
  return weekday === 0 || weekday === 6;
}

/** The hour of the day (UTC), 0–23. */
export function hourOfDay(time: number): number {
  return Math.floor((time - dayIndex(time) * DAY_MS) / HOUR_MS);
}
