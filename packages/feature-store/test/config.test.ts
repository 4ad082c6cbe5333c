import { describe, expect, it } from 'vitest';
import { loadFeatureStoreConfig } from '../src/index.js';

describe('loadFeatureStoreConfig', () => {
  it('defaults to the memory store and a local Redis', () => {
    expect(loadFeatureStoreConfig({})).toEqual({
      backend: 'memory',
      redisUrl: 'redis://127.0.0.1:6379',
      redisClusterNodes: undefined,
      redisKeyPrefix: 'fraudwatch:',
      timeoutMs: 100,
      dedupTtlSeconds: 192 * 3600,
    });
  });

  it('reads every variable (empty means unset)', () => {
    const config = loadFeatureStoreConfig({
      FEATURE_STORE: 'redis',
      REDIS_URL: '',
      REDIS_CLUSTER_NODES: '10.0.0.1:7000, redis-1.redis:7001',
      REDIS_KEY_PREFIX: 'staging:',
      FEATURE_STORE_TIMEOUT_MS: '250',
      FEATURE_STORE_DEDUP_HOURS: '24',
    });
    expect(config).toEqual({
      backend: 'redis',
      redisUrl: 'redis://127.0.0.1:6379',
      redisClusterNodes: ['10.0.0.1:7000', 'redis-1.redis:7001'],
      redisKeyPrefix: 'staging:',
      timeoutMs: 250,
      dedupTtlSeconds: 86_400,
    });
  });

  it.each([
    ['FEATURE_STORE', 'postgres'],
    ['REDIS_URL', 'http://localhost:6379'],
    ['REDIS_CLUSTER_NODES', 'host-without-port'],
    ['REDIS_CLUSTER_NODES', 'a:7000,b:70000'],
    ['REDIS_KEY_PREFIX', 'a{b}'],
    ['FEATURE_STORE_TIMEOUT_MS', '0'],
    ['FEATURE_STORE_TIMEOUT_MS', '1.5'],
    ['FEATURE_STORE_DEDUP_HOURS', 'a week'],
  ])('rejects %s=%s naming the variable', (name, value) => {
    expect(() => loadFeatureStoreConfig({ [name]: value })).toThrow(new RegExp(`invalid environment: ${name}=`));
  });
});
