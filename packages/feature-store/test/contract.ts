/**
 * The contract every backend passes: the same suite runs against memory, a real redis-server and
 * a real 3-primary Redis Cluster.
 */
import { createFeatureStore, DAY_MS, FEATURE_NAMES, type FraudLabel, type Transaction } from '@fraudwatch/model';
import { simulate } from '@fraudwatch/simulator';
import { pollUntil } from '@fraudwatch/stack';
import { afterEach, describe, expect, it } from 'vitest';
import { alertCounterOp, scoreTransactions, type AlertCounterRules, type LabelOutcome, type OnlineStore, type StoredPrediction } from '../src/index.js';

export const DELAY = 7;
export const RULES: AlertCounterRules = { resetTerminalId: 13, mode: 'fraud' };

/** Opens a store with these rules; stores opened on one namespace share their state (with Redis). */
export type OpenStore = (rules: AlertCounterRules, namespace: string) => OnlineStore;

export interface ContractOptions {
  /** Two stores on one namespace share state (Redis); otherwise the race runs on one store. */
  readonly shared: boolean;
}

export async function waitHealthy(store: OnlineStore): Promise<void> {
  await pollUntil(async () => (await store.health(), true), { what: 'the feature store to be healthy', timeoutMs: 15_000, intervalMs: 50 });
}

/** A deterministic stand-in for the model: fraud when the amount is large. */
export function decide(features: Float64Array): StoredPrediction {
  const probability = Math.min(1, features[0]! / 300) * 0.9 + features[14]! * 0.1;
  return { probability, decision: probability >= 0.5 ? 'fraud' : 'legit' };
}

const DAY0 = Date.UTC(2020, 0, 6, 12);
export function tx(id: number, customerId: number, terminalId: number, days = 0, amount = 10): Transaction {
  return { transactionId: id, time: DAY0 + days * DAY_MS, customerId, terminalId, amount };
}

const label = (t: Transaction, isFraud: boolean): FraudLabel => ({ ...t, isFraud });
const risk1 = FEATURE_NAMES.indexOf('terminal_risk_1day');
const fraud: StoredPrediction = { probability: 0.9, decision: 'fraud' };
const legit: StoredPrediction = { probability: 0.1, decision: 'legit' };

/**
 * Wraps `open` so each store it opens is awaited healthy and closed after the test: call it in a
 * describe block.
 */
export function healthyStores<A extends unknown[]>(open: (...args: A) => OnlineStore): (...args: A) => Promise<OnlineStore> {
  const opened: OnlineStore[] = [];
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((store) => store.close()));
  });
  return async (...args) => {
    const store = open(...args);
    opened.push(store);
    await waitHealthy(store);
    return store;
  };
}

let namespaces = 0;
/** A namespace no other test uses. */
export function freshNamespace(): string {
  return `test-${process.pid}-${++namespaces}:`;
}

export function contractSuite(name: string, open: OpenStore, options: ContractOptions): void {
  describe(`${name}: the feature-store contract`, () => {
    const ready = healthyStores((rules?: AlertCounterRules, namespace?: string) => open(rules ?? RULES, namespace ?? freshNamespace()));

    it('gives exactly the in-process features, predictions and alert_counter on a simulated stream', async () => {
      const store = await ready();
      const stream = [...simulate({ customers: 60, terminals: 40, days: 45, seed: 3 })];
      const reference = createFeatureStore({ labelDelayDays: DELAY });
      let counter = 0;
      const expected = stream.map((t) => {
        const features = reference.features(t);
        reference.record(t);
        reference.addLabel(t);
        const op = alertCounterOp(RULES, t.terminalId, decide(features).decision);
        counter = op === 'reset' ? 0 : op === 'inc' ? counter + 1 : counter;
        return { features: Array.from(features), counter };
      });
      const actual: number[][] = [];
      const counters: number[] = [];
      // Batches of 150 span less than the label delay, so labelling after each batch is the same as after each transaction.
      for (let start = 0; start < stream.length; start += 150) {
        const batch = stream.slice(start, start + 150);
        const results = await scoreTransactions(store, batch, DELAY, (features) => {
          actual.push(Array.from(features));
          return decide(features);
        });
        counters.push(...results.map((r) => r.alertCounter));
        await store.applyLabels(batch.map((t) => label(t, t.isFraud)));
      }
      expect(actual).toEqual(expected.map((e) => e.features));
      expect(counters).toEqual(expected.map((e) => e.counter));
      expect(expected.filter((e) => e.features[risk1]! > 0).length).toBeGreaterThan(50);
      expect(await store.alertCounter()).toBe(counter);
      const size = reference.size();
      const counts = await store.entityCounts();
      expect(counts.customers).toBeGreaterThanOrEqual(size.customers * 0.95);
      expect(counts.customers).toBeLessThanOrEqual(size.customers * 1.05);
      expect(counts.terminals).toBeGreaterThanOrEqual(size.terminals * 0.95);
      expect(counts.terminals).toBeLessThanOrEqual(size.terminals * 1.05);
    });

    it('scores a batch exactly as one transaction at a time: repeats, label-delay dependencies, old days, 1000+ transactions', async () => {
      const batch = [
        tx(1, 1, 1, 40, 100),
        tx(2, 1, 1, 40, 300), // the same customer and terminal, the same day
        tx(1, 1, 1, 40, 100), // a retry inside the batch: not scored again
        tx(3, 2, 1, 40 + DELAY, 50), // reads terminal 1's day 40, recorded earlier in this batch
        tx(4, 1, 2, 5, 70), // a day that has left customer 1's ring: recorded nowhere
        tx(5, 1, 3, 41, 20),
        // Past one commit call of a single server (1000 transactions), customers and terminals repeating.
        ...Array.from({ length: 1100 }, (_, i) => tx(100 + i, 10 + (i % 37), 20 + (i % 11), 41 + Math.floor(i / 400), 5 + (i % 13))),
      ];
      const scoredOneByOne = async (store: OnlineStore) => {
        const results = [];
        for (const t of batch) results.push(...(await scoreTransactions(store, [t], DELAY, decide)));
        return results;
      };
      const decided: Float64Array[] = [];
      const together = await scoreTransactions(await ready(), batch, DELAY, (features) => {
        decided.push(features);
        return decide(features);
      });
      const oneByOne = await scoredOneByOne(await ready());
      expect(together).toEqual(oneByOne);
      expect(decided).toHaveLength(batch.length - 1);
      expect([together[2]!.recorded, together[2]!.prediction]).toEqual([false, together[0]!.prediction]);
      // The batch exercised what it means to: a later transaction saw the earlier ones.
      expect(decided[2]![FEATURE_NAMES.indexOf('terminal_nb_tx_1day')]).toBe(2);
      expect(decided[1]![FEATURE_NAMES.indexOf('customer_nb_tx_1day')]).toBe(2);
    });

    it('scores a transaction id once: a repeat gets the earlier prediction and changes nothing', async () => {
      const store = await ready();
      const first = tx(1, 7, 3, 0, 500);
      const probe = tx(2, 7, 3, DELAY);
      expect((await store.commit([{ tx: first, prediction: fraud }]))[0]).toEqual({ recorded: true, prediction: fraud, alertCounter: 1, reset: false });
      const before = await store.lookup([probe]);
      // A retry, within one batch and in another, with a different prediction: the first stands.
      const again = await store.commit([
        { tx: first, prediction: legit },
        { tx: first, prediction: fraud },
      ]);
      expect(again).toEqual([
        { recorded: false, prediction: fraud, alertCounter: 1, reset: false },
        { recorded: false, prediction: fraud, alertCounter: 1, reset: false },
      ]);
      expect(await store.lookup([first])).toEqual([{ seen: true, prediction: fraud }]);
      expect(await store.lookup([probe])).toEqual(before);
      expect(await store.alertCounter()).toBe(1);
      // The same id for another customer is another transaction.
      expect((await store.commit([{ tx: { ...first, customerId: 8 }, prediction: legit }]))[0]!.recorded).toBe(true);
    });

    it('lets exactly one of two racing commits of a transaction win', async () => {
      const namespace = freshNamespace();
      const a = await ready(RULES, namespace);
      const b = options.shared ? await ready(RULES, namespace) : a;
      const t = tx(5, 9, 4, 0, 500);
      const [fromA, fromB] = await Promise.all([a.commit([{ tx: t, prediction: fraud }]), b.commit([{ tx: t, prediction: { probability: 0.8, decision: 'fraud' } }])]);
      const results = [fromA[0]!, fromB[0]!];
      expect(results.filter((r) => r.recorded)).toHaveLength(1);
      expect(results[0]!.prediction).toEqual(results[1]!.prediction);
      expect(await a.alertCounter()).toBe(1);
    });

    it('applies a label once, and a corrected label replaces the earlier one', async () => {
      const store = await ready();
      const scored = tx(1, 1, 5);
      await store.commit([{ tx: scored, prediction: fraud }, { tx: tx(2, 2, 5), prediction: legit }]);
      const probe = tx(3, 3, 5, DELAY);
      const risk = async (): Promise<number> => {
        const [lookup] = await store.lookup([probe]);
        if (!lookup || lookup.seen) throw new Error('probe unexpectedly recorded');
        return lookup.features[risk1]!;
      };
      // Each step: the labels sent, their outcomes, the terminal risk after them.
      const steps: [boolean[], LabelOutcome[], number][] = [
        [[true], ['applied'], 0.5],
        [[true, true], ['duplicate', 'duplicate'], 0.5],
        [[false], ['corrected'], 0],
        [[false, true], ['duplicate', 'corrected'], 0.5],
      ];
      for (const [frauds, outcomes, expectedRisk] of steps) {
        const results = await store.applyLabels(frauds.map((isFraud) => label(scored, isFraud)));
        expect(results).toEqual(outcomes.map((outcome) => ({ outcome, decision: 'fraud' })));
        expect(await risk()).toBe(expectedRisk);
      }
      // A label for a transaction never scored here still counts; its decision is unknown.
      expect(await store.applyLabels([label(tx(9, 4, 5), true)])).toEqual([{ outcome: 'applied', decision: undefined }]);
      expect(await risk()).toBe(1);
    });

    it('keeps alert_counter by the rules: the reset terminal resets it, `all` counts every transaction', async () => {
      const store = await ready();
      const results = await store.commit([
        { tx: tx(1, 1, 1), prediction: fraud },
        { tx: tx(2, 2, 1), prediction: legit },
        { tx: tx(3, 3, 1), prediction: fraud },
        { tx: tx(4, 4, 13), prediction: fraud },
        { tx: tx(5, 5, 1), prediction: fraud },
      ]);
      expect(results.map((r) => [r.alertCounter, r.reset])).toEqual([[1, false], [1, false], [2, false], [0, true], [1, false]]);
      const all = await ready({ resetTerminalId: undefined, mode: 'all' });
      const counted = await all.commit([{ tx: tx(1, 1, 13), prediction: legit }, { tx: tx(2, 2, 1), prediction: legit }]);
      expect(counted.map((r) => r.alertCounter)).toEqual([1, 2]);
    });

    it('counts a reset-terminal transaction like any other when its caller may not reset', async () => {
      const store = await ready();
      const results = await store.commit([
        { tx: tx(1, 1, 1), prediction: fraud },
        { tx: tx(2, 2, 13), prediction: fraud, mayResetAlertCounter: false },
        { tx: tx(3, 3, 13), prediction: legit, mayResetAlertCounter: false },
        { tx: tx(4, 4, 13), prediction: legit, mayResetAlertCounter: true },
      ]);
      expect(results.map((r) => [r.alertCounter, r.reset])).toEqual([[1, false], [2, false], [2, false], [0, true]]);
    });
  });
}
