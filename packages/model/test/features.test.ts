import { describe, expect, it } from 'vitest';
import { createFeatureStore, FEATURE_NAMES, WINDOW_DAYS } from '../src/features.js';
import { DAY_MS, dayIndex } from '../src/time.js';
import type { Transaction } from '../src/types.js';

const DELAY = 7;

type LabelledTransaction = Transaction & { readonly isFraud: boolean };

/** Well-mixed bits of (i, k): a stream spread without a random generator (the simulator builds on this package). */
function hash(i: number, k: number, n: number): number {
  return (Math.imul(i * 4 + k + 1, 2654435761) >>> 16) % n;
}

/**
 * Few customers and terminals, so windows fill up; times spread over each day; a ninth of the
 * terminals all fraud for ten days at a time, so terminal risk is often above 0.
 */
function denseStream(customers: number, terminals: number, days: number, perDay: number): LabelledTransaction[] {
  const start = Date.UTC(2018, 3, 1);
  const stream: LabelledTransaction[] = [];
  for (let d = 0; d < days; d++) {
    const times = Array.from({ length: perDay }, (_, k) => hash(d * perDay + k, 0, 86_400)).sort((a, b) => a - b);
    times.forEach((second, k) => {
      const i = d * perDay + k;
      const terminalId = hash(i, 1, terminals);
      const amount = hash(i, 2, 30_000) / 100;
      const isFraud = (terminalId + Math.floor(d / 10)) % 9 === 0;
      stream.push({ transactionId: i, time: start + d * DAY_MS + second * 1000, customerId: hash(i, 3, customers), terminalId, amount, isFraud });
    });
  }
  return stream;
}

/** The features of stream[i] recomputed from scratch over everything before it. */
function bruteForce(stream: readonly LabelledTransaction[], i: number): number[] {
  const tx = stream[i]!;
  const day = dayIndex(tx.time);
  const date = new Date(tx.time);
  const out = [tx.amount, date.getUTCDay() === 0 || date.getUTCDay() === 6 ? 1 : 0, date.getUTCHours() <= 6 ? 1 : 0];
  const earlier = stream.slice(0, i);
  for (const w of WINDOW_DAYS) {
    const mine = earlier.filter((t) => t.customerId === tx.customerId && dayIndex(t.time) > day - w);
    const amounts = [...mine.map((t) => t.amount), tx.amount];
    out.push(amounts.length, amounts.reduce((a, b) => a + b, 0) / amounts.length);
  }
  for (const w of WINDOW_DAYS) {
    const seen = earlier.filter((t) => {
      const d = dayIndex(t.time);
      return t.terminalId === tx.terminalId && d <= day - DELAY && d > day - DELAY - w;
    });
    const frauds = seen.filter((t) => t.isFraud).length;
    out.push(seen.length, seen.length > 0 ? frauds / seen.length : 0);
  }
  return out;
}

describe('createFeatureStore', () => {
  // Few entities, so windows fill up and terminals see frauds.
  const stream = denseStream(60, 40, 75, 120);

  it('computes the 15 features the brute-force definition gives, labels counted only after the delay', () => {
    const store = createFeatureStore({ labelDelayDays: DELAY });
    let withRisk = 0;
    stream.forEach((tx, i) => {
      const f = store.features(tx);
      // Only every 7th transaction is recomputed by brute force: it is quadratic.
      if (i % 7 === 0) {
        const expected = bruteForce(stream, i);
        expect(f.length).toBe(FEATURE_NAMES.length);
        for (let k = 0; k < expected.length; k++) expect(f[k]).toBeCloseTo(expected[k]!, 9);
        if (expected[14]! > 0) withRisk++;
      }
      store.record(tx);
      // Labels go in at once: the store must not use them before the delay has passed.
      store.addLabel(tx);
    });
    expect(withRisk).toBeGreaterThan(50);
  });

  it('does not change state when computing features', () => {
    const store = createFeatureStore();
    for (const tx of stream.slice(0, 500)) store.record(tx);
    const probe = stream[500]!;
    const first = store.features(probe);
    store.features(probe);
    expect(store.features(probe)).toEqual(first);
    expect(store.size()).toEqual(createFeatureStoreWith(stream.slice(0, 500)).size());
  });

  it('counts a fraud label towards terminal risk only from the day the delay has passed', () => {
    const store = createFeatureStore({ labelDelayDays: DELAY });
    const day0 = Date.UTC(2020, 0, 6, 12);
    const tx = (id: number, days: number): Transaction => ({ transactionId: id, time: day0 + days * DAY_MS, customerId: id, terminalId: 1, amount: 10 });
    store.record(tx(1, 0));
    store.record(tx(2, 0));
    store.addLabel({ ...tx(1, 0), isFraud: true });
    const risk1 = FEATURE_NAMES.indexOf('terminal_risk_1day');
    const count1 = FEATURE_NAMES.indexOf('terminal_nb_tx_1day');
    expect(store.features(tx(3, DELAY - 1))[risk1]).toBe(0);
    const after = store.features(tx(3, DELAY));
    expect(after[count1]).toBe(2);
    expect(after[risk1]).toBe(0.5);
    expect(store.features(tx(3, DELAY + 1))[risk1]).toBe(0);
  });

  it('retracts a fraud label it applied, and reports labels that changed nothing', () => {
    const store = createFeatureStore({ labelDelayDays: DELAY });
    const day0 = Date.UTC(2020, 0, 6, 12);
    const tx: Transaction = { transactionId: 1, time: day0, customerId: 1, terminalId: 1, amount: 10 };
    const risk1 = FEATURE_NAMES.indexOf('terminal_risk_1day');
    const later = { ...tx, transactionId: 2, time: day0 + DELAY * DAY_MS };
    expect(store.addLabel({ ...tx, isFraud: true })).toBe(false); // terminal not tracked yet
    store.record(tx);
    expect(store.addLabel({ ...tx, isFraud: false })).toBe(false);
    expect(store.addLabel({ ...tx, isFraud: true })).toBe(true);
    expect(store.features(later)[risk1]).toBe(1);
    expect(store.retractLabel({ ...tx, isFraud: true })).toBe(true);
    expect(store.features(later)[risk1]).toBe(0);
  });

  it('reads day d - D whole: the documented boundary-day skew (a label ~6 days old counts)', () => {
    const store = createFeatureStore({ labelDelayDays: DELAY });
    const late = Date.UTC(2020, 0, 6, 23, 59);
    const tx: Transaction = { transactionId: 1, time: late, customerId: 1, terminalId: 1, amount: 10 };
    store.record(tx);
    store.addLabel({ ...tx, isFraud: true });
    const early = late + (DELAY - 1) * DAY_MS + 31 * 60_000; // 00:30, DELAY - 1 days and 31 minutes later
    expect(store.features({ ...tx, transactionId: 2, time: early })[FEATURE_NAMES.indexOf('terminal_risk_1day')]).toBe(1);
  });

  it('evicts the least recently recorded entities beyond the cap', () => {
    const store = createFeatureStore({ maxCustomers: 5, maxTerminals: 3 });
    const t = Date.UTC(2020, 0, 6, 12);
    const tx = (customerId: number, terminalId: number): Transaction => ({ transactionId: 0, time: t, customerId, terminalId, amount: 10 });
    for (let c = 0; c < 20; c++) store.record(tx(c, c));
    expect(store.size()).toEqual({ customers: 5, terminals: 3 });
    store.record(tx(15, 15)); // touch 15: now the most recent
    for (let c = 100; c < 104; c++) store.record(tx(c, 0));
    const nbTx1 = FEATURE_NAMES.indexOf('customer_nb_tx_1day');
    expect(store.features(tx(15, 0))[nbTx1]).toBe(3); // kept: two recorded + this one
    expect(store.features(tx(16, 0))[nbTx1]).toBe(1); // evicted: forgotten
    expect(store.size()).toEqual({ customers: 5, terminals: 3 });
  });

  it('stays within the cap on a long stream', () => {
    const store = createFeatureStore({ maxCustomers: 50, maxTerminals: 20 });
    for (const tx of denseStream(300, 300, 10, 600)) {
      store.features(tx);
      store.record(tx);
    }
    expect(store.size()).toEqual({ customers: 50, terminals: 20 });
  });

  it('forgets days older than the longest window and ignores a late transaction beyond it', () => {
    const store = createFeatureStore();
    const t = Date.UTC(2020, 0, 6, 12);
    const tx = (days: number): Transaction => ({ transactionId: 0, time: t + days * DAY_MS, customerId: 9, terminalId: 9, amount: 10 });
    store.record(tx(0));
    store.record(tx(40));
    store.record(tx(0)); // 40 days late: outside every window
    const nb30 = FEATURE_NAMES.indexOf('customer_nb_tx_30day');
    expect(store.features(tx(41))[nb30]).toBe(2);
    expect(store.features(tx(71))[nb30]).toBe(1);
  });

  it('rejects bad options, naming them', () => {
    expect(() => createFeatureStore({ labelDelayDays: -1 })).toThrow(/labelDelayDays must be an integer >= 0/);
    expect(() => createFeatureStore({ maxCustomers: 0 })).toThrow(/maxCustomers must be an integer >= 1/);
    expect(() => createFeatureStore({ maxTerminals: 2.5 })).toThrow(/maxTerminals/);
  });
});

function createFeatureStoreWith(txs: readonly Transaction[]) {
  const store = createFeatureStore();
  for (const tx of txs) store.record(tx);
  return store;
}
