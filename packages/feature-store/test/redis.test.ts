import { redisCli, redisCommandStats, startRedisServer, type RedisServer } from '@fraudwatch/stack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisStore, FeatureStoreUnavailableError, redisKeys, type AlertCounterRules, type OnlineStore } from '../src/index.js';
import { contractSuite, DELAY, freshNamespace, healthyStores, RULES, tx, waitHealthy } from './contract.js';

/** The failure tests' timeout; the contract gets more, as the machine is shared with other test runs. */
const TIMEOUT_MS = 100;
let server: RedisServer;

beforeAll(async () => {
  server = await startRedisServer();
});
afterAll(async () => {
  await server?.close();
});

function openOn(url: string, alertCounter: AlertCounterRules, keyPrefix: string, timeoutMs = 1000): OnlineStore {
  return createRedisStore({ url, clusterNodes: undefined, keyPrefix, timeoutMs, dedupTtlSeconds: 8 * 86_400, labelDelayDays: DELAY, alertCounter });
}

contractSuite('redis', (rules, namespace) => openOn(server.url, rules, namespace), { shared: true });

describe('redis store', () => {
  const ready = healthyStores((namespace: string) => openOn(server.url, RULES, namespace, TIMEOUT_MS));

  it('shares alert_counter between clients: a fraud on one counts for all, a reset on another resets it for all', async () => {
    const namespace = freshNamespace();
    const [a, b] = [await ready(namespace), await ready(namespace)];
    await a.commit([{ tx: tx(1, 1, 1), prediction: { probability: 0.9, decision: 'fraud' } }]);
    await b.commit([{ tx: tx(2, 2, 1), prediction: { probability: 0.9, decision: 'fraud' } }]);
    expect([await a.alertCounter(), await b.alertCounter()]).toEqual([2, 2]);
    await b.commit([{ tx: tx(3, 3, 13), prediction: { probability: 0.1, decision: 'legit' } }]);
    expect([await a.alertCounter(), await b.alertCounter()]).toEqual([0, 0]);
  });

  it('rejects with FeatureStoreUnavailableError, without hanging, while the server is paused, and recovers', async () => {
    const store = await ready(freshNamespace());
    server.pause();
    try {
      const started = performance.now();
      await expect(store.lookup([tx(1, 1, 1)])).rejects.toBeInstanceOf(FeatureStoreUnavailableError);
      await expect(store.health()).rejects.toBeInstanceOf(FeatureStoreUnavailableError);
      // Bounded by the timeout, not by the pause.
      expect(performance.now() - started).toBeLessThan(2000);
    } finally {
      server.resume();
    }
    await waitHealthy(store);
    expect(await store.lookup([tx(1, 1, 1)])).toHaveLength(1);
  });

  it('rejects at once while the server is down, reconnects by itself, and the AOF keeps the state', async () => {
    const namespace = freshNamespace();
    const store = await ready(namespace);
    const prediction = { probability: 0.75, decision: 'fraud' } as const;
    await store.commit([{ tx: tx(1, 1, 1), prediction }]);
    await store.applyLabels([{ ...tx(1, 1, 1), isFraud: true }]);
    await server.stop();
    try {
      await expect(store.commit([{ tx: tx(2, 2, 1), prediction }])).rejects.toBeInstanceOf(FeatureStoreUnavailableError);
      await expect(store.health()).rejects.toBeInstanceOf(FeatureStoreUnavailableError);
    } finally {
      await server.restart();
    }
    await waitHealthy(store);
    expect(await store.lookup([tx(1, 1, 1)])).toEqual([{ seen: true, prediction }]);
    expect(await store.alertCounter()).toBe(1);
    expect(await store.applyLabels([{ ...tx(1, 1, 1), isFraud: true }])).toEqual([{ outcome: 'duplicate', decision: 'fraud' }]);
    // Nothing of the refused commit was applied.
    expect((await store.lookup([tx(2, 2, 1)]))[0]!.seen).toBe(false);
  });

  it('keeps deployments with different key prefixes apart', async () => {
    const [a, b] = [await ready(freshNamespace()), await ready(freshNamespace())];
    await a.commit([{ tx: tx(1, 1, 1), prediction: { probability: 0.9, decision: 'fraud' } }]);
    expect(await b.alertCounter()).toBe(0);
    expect((await b.lookup([tx(1, 1, 1)]))[0]!.seen).toBe(false);
  });

  it('expires every key it writes: rings a ring and a day after their newest day moved, records after the dedup horizon', async () => {
    const namespace = freshNamespace();
    const store = await ready(namespace);
    const keys = redisKeys(namespace);
    const ttl = async (key: string): Promise<number> => Number((await redisCli(server.port, ['TTL', key])).trim());
    const legit = { probability: 0.1, decision: 'legit' } as const;
    const day = 86_400;
    await store.commit([{ tx: tx(1, 7, 3, 0), prediction: legit }]);
    // Customer: the 30-day window and a day; terminal: 30 days, the label delay and a day; records: 8 days.
    const expected = { customer: 31 * day, terminal: (31 + DELAY) * day, record: 8 * day };
    /** A TTL set just now to `seconds` (a minute of slack for a slow machine). */
    const expectJustSet = (actual: number, seconds: number, what: string) => expect(seconds - actual, what).toSatisfy((lag: number) => lag >= 0 && lag < 60);
    expectJustSet(await ttl(keys.customer(7)), expected.customer, 'customer ring');
    expectJustSet(await ttl(keys.terminal(3)), expected.terminal, 'terminal ring');
    expectJustSet(await ttl(keys.prediction(7, 1)), expected.record, 'prediction record');
    await store.applyLabels([{ ...tx(1, 7, 3, 0), isFraud: true }]);
    expectJustSet(await ttl(keys.label(3, 1)), expected.record, 'label record');
    // Time passes (the expiry shortened by hand): another transaction the same day leaves it, the
    // next day restarts it, so an entity in use never expires and an idle one does.
    await redisCli(server.port, ['EXPIRE', keys.customer(7), '100']);
    await store.commit([{ tx: tx(2, 7, 4, 0), prediction: legit }]);
    expect(await ttl(keys.customer(7))).toBeLessThanOrEqual(100);
    await store.commit([{ tx: tx(3, 7, 4, 1), prediction: legit }]);
    expectJustSet(await ttl(keys.customer(7)), expected.customer, 'customer ring, the next day');
  });

  it("joins concurrent requests' lookups into one MGET and their commits into one FCALL, each answered its own part", async () => {
    const store = await ready(freshNamespace());
    const txs = Array.from({ length: 8 }, (_, i) => tx(100 + i, i % 3, 1, 0, 10 * (i + 1)));
    const alone = await ready(freshNamespace());
    const expected = [];
    for (const t of txs) expected.push(await alone.lookup([t]), await alone.commit([{ tx: t, prediction: { probability: 0.9, decision: 'fraud' } }]));

    await redisCli(server.port, ['CONFIG', 'RESETSTAT']);
    const lookups = await Promise.all(txs.map((t) => store.lookup([t])));
    const commits = await Promise.all(txs.map((t) => store.commit([{ tx: t, prediction: { probability: 0.9, decision: 'fraud' } }])));
    // One MGET for the lookups, one inside the function (commandstats counts a function's commands too).
    const stats = await redisCommandStats(server.port);
    expect({ mget: stats.mget?.calls, fcall: stats.fcall?.calls }).toEqual({ mget: 2, fcall: 1 });
    // Looked up together, none sees another (as concurrent requests do not); committed together, in call order.
    expect(lookups[0]).toEqual(expected[0]);
    expect(lookups.every((l) => !l[0]!.seen)).toBe(true);
    expect(commits.map((c) => c[0]!.alertCounter)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(commits).toEqual(expected.filter((_, i) => i % 2 === 1));
  });
});
