/** Builds the configured backend. */
import type { FeatureStoreOptions } from '@fraudwatch/model';
import type { AlertCounterRules } from './alert-counter.js';
import type { FeatureStoreConfig } from './config.js';
import type { OnlineStore } from './contract.js';
import { createMemoryStore } from './memory-store.js';
import { createRedisStore } from './redis-store.js';

export interface OnlineStoreDeps {
  readonly labelDelayDays: number;
  readonly alertCounter: AlertCounterRules;
  /** The memory backend's bounds. */
  readonly memory: Pick<FeatureStoreOptions, 'maxCustomers' | 'maxTerminals'> & { readonly maxTransactions: number };
  /** Redis connection problems, as they happen (the client reconnects by itself). */
  readonly onError?: (error: Error) => void;
}

export function createOnlineStore(config: FeatureStoreConfig, deps: OnlineStoreDeps): OnlineStore {
  if (config.backend === 'memory') {
    const { maxTransactions, ...bounds } = deps.memory;
    return createMemoryStore({ state: { ...bounds, labelDelayDays: deps.labelDelayDays }, maxTransactions, alertCounter: deps.alertCounter });
  }
  return createRedisStore({
    url: config.redisUrl,
    clusterNodes: config.redisClusterNodes,
    keyPrefix: config.redisKeyPrefix,
    timeoutMs: config.timeoutMs,
    dedupTtlSeconds: config.dedupTtlSeconds,
    labelDelayDays: deps.labelDelayDays,
    alertCounter: deps.alertCounter,
    ...(deps.onError ? { onError: deps.onError } : {}),
  });
}
