/**
 * Stream replay: a labelled stream turned into feature rows by the serving feature state itself
 * (`createFeatureStore` from @fraudwatch/model), so training and serving cannot skew; and the
 * rows of a protocol period.
 */
import { createFeatureStore, dayIndex, type Transaction } from '@fraudwatch/model';
import type { Period } from './protocol.js';

/** What training needs of a transaction: the transaction and its (eventual) label. */
export type TrainingTransaction = Transaction & { readonly isFraud: boolean };

export interface Row {
  readonly transactionId: number;
  /** Event time, epoch ms. */
  readonly time: number;
  readonly features: Float64Array;
  readonly isFraud: boolean;
  readonly day: number;
  readonly customerId: number;
}

export interface Replay {
  readonly rows: Row[];
  /** Customers with a fraud, by day: what the bank learns once a label arrives. */
  readonly fraudCustomersByDay: Map<number, Set<number>>;
}

/**
 * Replays the stream in event-time order through one feature store, keeping the rows of days in
 * [from, to). Labels are given to the store right after each transaction: the terminal windows
 * only read days at least the label delay old, so a label is used only once its day is that old
 * (the same as revealing it after the delay, up to the boundary-day skew features.ts describes).
 */
export function replay(stream: Iterable<TrainingTransaction>, from: number, to: number, labelDelayDays: number): Replay {
  const store = createFeatureStore({ labelDelayDays });
  const rows: Row[] = [];
  const fraudCustomersByDay = new Map<number, Set<number>>();
  let lastTime = -Infinity;
  for (const tx of stream) {
    if (tx.time < lastTime) throw new RangeError(`transaction ${tx.transactionId} is out of event-time order`);
    lastTime = tx.time;
    const day = dayIndex(tx.time);
    if (day >= to) break;
    const features = store.features(tx);
    store.record(tx);
    store.addLabel(tx);
    if (day < from) continue;
    rows.push({ transactionId: tx.transactionId, time: tx.time, features, isFraud: tx.isFraud, day, customerId: tx.customerId });
    if (tx.isFraud) {
      let set = fraudCustomersByDay.get(day);
      if (!set) fraudCustomersByDay.set(day, (set = new Set()));
      set.add(tx.customerId);
    }
  }
  return { rows, fraudCustomersByDay };
}

export function inPeriod(rows: readonly Row[], p: Period): Row[] {
  return rows.filter((r) => r.day >= p.from && r.day < p.to);
}

/**
 * The test rows without the cards already known to be compromised: those with a fraud from the
 * start of the fit period up to the day before the label delay of each test day.
 */
export function testRows(r: Replay, fit: Period, test: Period, delayDays: number): Row[] {
  return inPeriod(r.rows, test).filter((row) => {
    for (let d = fit.from; d < row.day - delayDays; d++) {
      if (r.fraudCustomersByDay.get(d)?.has(row.customerId)) return false;
    }
    return true;
  });
}
