export * from './contract.js';
export { ALERT_COUNTER_MODES, alertCounterOp, type AlertCounterMode, type AlertCounterRules } from './alert-counter.js';
export {
  envInteger,
  FEATURE_STORE_BACKENDS,
  featureStoreEnvShape,
  toFeatureStoreConfig,
  type FeatureStoreConfig,
  type FeatureStoreEnv,
} from './config.js';
export { createMemoryStore, type MemoryStoreOptions } from './memory-store.js';
export { createRedisStore, type RedisStoreOptions } from './redis-store.js';
export { redisKeys, type RedisKeys } from './redis-keys.js';
export { createOnlineStore, type OnlineStoreDeps } from './open.js';
export { independentRuns, runsWithoutRepeats, scoreTransactions } from './scoring.js';
