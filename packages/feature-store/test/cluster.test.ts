import { redisCli, startRedisCluster, type RedisCluster } from '@fraudwatch/stack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY_MS, FEATURE_NAMES } from '@fraudwatch/model';
import { createRedisStore, FeatureStoreUnavailableError, type AlertCounterRules, type OnlineStore } from '../src/index.js';
import { contractSuite, DELAY, freshNamespace, RULES, tx, waitHealthy } from './contract.js';

let cluster: RedisCluster;

beforeAll(async () => {
  cluster = await startRedisCluster({ primaries: 3 });
});
afterAll(async () => {
  await cluster?.close();
});

function open(alertCounter: AlertCounterRules, keyPrefix: string): OnlineStore {
  return createRedisStore({
    url: 'redis://unused',
    clusterNodes: cluster.addresses,
    keyPrefix,
    timeoutMs: 1000,
    dedupTtlSeconds: 8 * 86_400,
    labelDelayDays: DELAY,
    alertCounter,
  });
}

contractSuite('redis cluster (3 primaries)', open, { shared: true });

describe('redis cluster store', () => {
  it('spreads customers and terminals over every primary (each has the function library)', async () => {
    const namespace = freshNamespace();
    const store = open(RULES, namespace);
    try {
      await waitHealthy(store);
      const scored = Array.from({ length: 60 }, (_, i) => ({ tx: tx(i, i, i), prediction: { probability: 0.1, decision: 'legit' as const } }));
      expect((await store.commit(scored)).every((r) => r.recorded)).toBe(true);
      const perNode = await Promise.all(
        cluster.nodes.map(async (node) => (await redisCli(node.port, ['--scan', '--pattern', `${namespace}*`])).split('\n').filter(Boolean).length),
      );
      for (const keys of perNode) expect(keys).toBeGreaterThan(10);
    } finally {
      await store.close();
    }
  });

  it('finishes a commit cut short after the customer part when the transaction is retried, once', async () => {
    const namespace = freshNamespace();
    const store = open(RULES, namespace);
    try {
      await waitHealthy(store);
      const t = tx(1, 21, 22);
      const day = String(Math.floor(t.time / DAY_MS));
      // What a predictor that died right after the customer's part of the commit leaves behind.
      await redisCli(cluster.nodes[0]!.port, ['-c', 'FCALL', 'fw2_claim', '2', `${namespace}{c:21}`, `${namespace}{c:21}:tx:1`, day, '30', '10', '0.9|f', '600', '600']);
      const probe = tx(2, 23, 22, DELAY);
      const terminalCount = async (): Promise<number | undefined> => {
        const [lookup] = await store.lookup([probe]);
        return lookup?.seen === false ? lookup.features[FEATURE_NAMES.indexOf('terminal_nb_tx_1day')] : undefined;
      };
      expect(await terminalCount()).toBe(0);
      for (let retry = 0; retry < 2; retry++) {
        const [result] = await store.commit([{ tx: t, prediction: { probability: 0.2, decision: 'legit' } }]);
        expect(result).toEqual({ recorded: false, prediction: { probability: 0.9, decision: 'fraud' }, alertCounter: 1, reset: false });
        expect(await terminalCount()).toBe(1);
      }
    } finally {
      await store.close();
    }
  });

  it('rejects with FeatureStoreUnavailableError while a primary is paused, and recovers', async () => {
    const store = open(RULES, freshNamespace());
    const node = cluster.nodes[1]!;
    try {
      await waitHealthy(store);
      const scored = Array.from({ length: 30 }, (_, i) => ({ tx: tx(i, i, i), prediction: { probability: 0.1, decision: 'legit' as const } }));
      node.pause();
      try {
        const started = performance.now();
        await expect(store.commit(scored)).rejects.toBeInstanceOf(FeatureStoreUnavailableError);
        expect(performance.now() - started).toBeLessThan(3000);
      } finally {
        node.resume();
      }
      await waitHealthy(store);
      expect(await store.commit(scored)).toHaveLength(30);
    } finally {
      await store.close();
    }
  });
});
