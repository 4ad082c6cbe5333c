/**
 * The handbook's 15 features, computed from one online, event-time state that training (replaying
 * a stream) and serving (one transaction at a time, labels arriving later) share.
 *
 * Windows are whole UTC days. For a transaction on day d:
 * - customer windows of w days cover days [d - w + 1, d]: the customer's transactions recorded
 *   so far on those days, plus the transaction itself (as the handbook includes it);
 * - terminal windows are shifted by the label delay D: days [d - D - w + 1, d - D]; risk is the
 *   number of fraud labels known for those days divided by the number of transactions there
 *   (0 when there are none).
 *
 * Known skew, kept on purpose: day d - D is read whole, so a transaction at 00:30 counts labels
 * from up to 23:59 on d - D, which are only D - 1 days and ~30 minutes old; under a strict
 * D × 24 h feedback delay serving would not have them yet (the handbook's rolling windows stop
 * at exactly D days). Ending the windows at d - D - 1 removes the skew but costs the model AUC
 * on the protocol (the committed seed falls under the bar; measured in packages/training/README.md).
 */
import { DayRings } from './day-rings.js';
import { dayIndex, hourOfDay, isWeekend } from './time.js';
import type { FeatureStore, FeatureStoreOptions, FraudLabel, Transaction } from './types.js';

export const WINDOW_DAYS = [1, 7, 30] as const;

export const FEATURE_NAMES = [
  'tx_amount',
  'tx_during_weekend',
  'tx_during_night',
  'customer_nb_tx_1day',
  'customer_avg_amount_1day',
  'customer_nb_tx_7day',
  'customer_avg_amount_7day',
  'customer_nb_tx_30day',
  'customer_avg_amount_30day',
  'terminal_nb_tx_1day',
  'terminal_risk_1day',
  'terminal_nb_tx_7day',
  'terminal_risk_7day',
  'terminal_nb_tx_30day',
  'terminal_risk_30day',
] as const;

/** The handbook's night: 00:00 to 06:59 (UTC here). */
const LAST_NIGHT_HOUR = 6;
const CUSTOMER_BASE = 3;
const TERMINAL_BASE = 9;

/** The newest day whose labels the terminal windows of a transaction on `day` read. */
export function newestLabelledDay(day: number, labelDelayDays: number): number {
  return day - labelDelayDays;
}

/**
 * Per-window sums over an entity's day buckets, windows in WINDOW_DAYS order: how many
 * transactions, and their summed value (amounts for a customer, fraud labels for a terminal).
 */
export interface WindowSums {
  readonly counts: ArrayLike<number>;
  readonly sums: ArrayLike<number>;
}

/**
 * The 15 features of `tx` from its customer's windows (ending on its day, without `tx` itself) and
 * its terminal's windows (ending at newestLabelledDay): the one formula every feature state uses.
 */
export function featuresFromWindows(tx: Transaction, customer: WindowSums, terminal: WindowSums): Float64Array {
  const f = new Float64Array(FEATURE_NAMES.length);
  f[0] = tx.amount;
  f[1] = isWeekend(tx.time) ? 1 : 0;
  f[2] = hourOfDay(tx.time) <= LAST_NIGHT_HOUR ? 1 : 0;
  for (let w = 0; w < WINDOW_DAYS.length; w++) {
    const n = customer.counts[w]! + 1;
    f[CUSTOMER_BASE + 2 * w] = n;
    f[CUSTOMER_BASE + 2 * w + 1] = (customer.sums[w]! + tx.amount) / n;
  }
  for (let w = 0; w < WINDOW_DAYS.length; w++) {
    const n = terminal.counts[w]!;
    f[TERMINAL_BASE + 2 * w] = n;
    // Duplicate feedback (this store does not dedupe labels) can push frauds past transactions, and
    // a retraction after an eviction below zero; a risk is a share, so clamp it.
    f[TERMINAL_BASE + 2 * w + 1] = n > 0 ? Math.min(1, Math.max(0, terminal.sums[w]! / n)) : 0;
  }
  return f;
}

export const DEFAULT_FEATURE_STORE_OPTIONS: FeatureStoreOptions = {
  maxCustomers: 200_000,
  maxTerminals: 100_000,
  labelDelayDays: 7,
};

export function createFeatureStore(options: Partial<FeatureStoreOptions> = {}): FeatureStore {
  const o = { ...DEFAULT_FEATURE_STORE_OPTIONS, ...options };
  const check = (name: keyof FeatureStoreOptions, min: number): void => {
    if (!Number.isInteger(o[name]) || o[name] < min) throw new RangeError(`${name} must be an integer >= ${min}, got ${o[name]}`);
  };
  check('maxCustomers', 1);
  check('maxTerminals', 1);
  check('labelDelayDays', 0);
  const longest = WINDOW_DAYS[WINDOW_DAYS.length - 1]!;
  const customers = new DayRings(longest, o.maxCustomers);
  const terminals = new DayRings(longest + o.labelDelayDays, o.maxTerminals);
  // Scratch space reused by every call: the hot path allocates only the result.
  const customerCounts = new Float64Array(WINDOW_DAYS.length);
  const customerSums = new Float64Array(WINDOW_DAYS.length);
  const terminalCounts = new Float64Array(WINDOW_DAYS.length);
  const terminalSums = new Float64Array(WINDOW_DAYS.length);

  return {
    features(tx: Transaction): Float64Array {
      const day = dayIndex(tx.time);
      customers.windowSums(tx.customerId, day, WINDOW_DAYS, customerCounts, customerSums);
      terminals.windowSums(tx.terminalId, newestLabelledDay(day, o.labelDelayDays), WINDOW_DAYS, terminalCounts, terminalSums);
      return featuresFromWindows(tx, { counts: customerCounts, sums: customerSums }, { counts: terminalCounts, sums: terminalSums });
    },
    record(tx: Transaction): void {
      const day = dayIndex(tx.time);
      customers.record(tx.customerId, day, tx.amount);
      terminals.record(tx.terminalId, day, 0);
    },
    addLabel(label: FraudLabel): boolean {
      // Legit labels change nothing: risk counts frauds over all recorded transactions.
      return label.isFraud && terminals.addValue(label.terminalId, dayIndex(label.time), 1);
    },
    retractLabel(label: FraudLabel): boolean {
      return label.isFraud && terminals.addValue(label.terminalId, dayIndex(label.time), -1);
    },
    size() {
      return { customers: customers.size(), terminals: terminals.size() };
    },
  };
}
