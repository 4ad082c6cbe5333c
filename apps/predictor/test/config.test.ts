/** The environment is read once, with defaults, and a bad value names its variable. */
import { DEFAULT_FEATURE_STORE_OPTIONS, DEFAULT_MODEL_PATH } from '@fraudwatch/model';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

describe('loadConfig', () => {
  it('has the documented defaults', () => {
    expect(loadConfig({})).toStrictEqual({
      port: 8000,
      metricsPort: undefined,
      host: '0.0.0.0',
      apiKeysFile: undefined,
      modelPath: DEFAULT_MODEL_PATH,
      modelThreshold: 0.5,
      alertResetTerminalId: 13,
      alertCounterMode: 'fraud',
      logLevel: 'info',
      maxBatchSize: 1000,
      bodyLimitBytes: 1024 * 1024,
      featureStore: {
        backend: 'memory',
        redisUrl: 'redis://127.0.0.1:6379',
        redisClusterNodes: undefined,
        redisKeyPrefix: 'fraudwatch:',
        timeoutMs: 100,
        dedupTtlSeconds: 192 * 3600,
      },
      memoryStore: {
        maxCustomers: DEFAULT_FEATURE_STORE_OPTIONS.maxCustomers,
        maxTerminals: DEFAULT_FEATURE_STORE_OPTIONS.maxTerminals,
        maxTransactions: 100_000,
      },
      driftWindow: 5000,
      maxEventTimeSkewMs: 86_400_000,
      shutdownGraceMs: 10_000,
      shutdownDrainDelayMs: 0,
    });
  });

  it('reads every variable', () => {
    const config = loadConfig({
      PORT: '0',
      METRICS_PORT: '9464',
      HOST: '127.0.0.1',
      API_KEYS_FILE: '/etc/fraudwatch/api-keys/api-keys.json',
      MODEL_PATH: '/models/m.json',
      MODEL_THRESHOLD: '0.35',
      ALERT_RESET_TERMINAL_ID: '99',
      ALERT_COUNTER_MODE: 'all',
      LOG_LEVEL: 'debug',
      MAX_BATCH_SIZE: '50',
      BODY_LIMIT: '256kb',
      FEATURE_STORE_MAX_CUSTOMERS: '10',
      FEATURE_STORE_MAX_TERMINALS: '20',
      FEEDBACK_MEMORY_SIZE: '30',
      FEATURE_STORE: 'redis',
      REDIS_URL: 'redis://redis.fraudwatch:6379',
      REDIS_CLUSTER_NODES: '10.0.0.1:6379, redis-1.redis:6379',
      REDIS_KEY_PREFIX: 'fw-test:',
      FEATURE_STORE_TIMEOUT_MS: '250',
      FEATURE_STORE_DEDUP_HOURS: '24',
      DRIFT_WINDOW: '1000',
      MAX_EVENT_TIME_SKEW_MS: '60000',
      SHUTDOWN_GRACE_MS: '2500',
      SHUTDOWN_DRAIN_DELAY_MS: '500',
    });
    expect(config).toEqual({
      port: 0,
      metricsPort: 9464,
      host: '127.0.0.1',
      apiKeysFile: '/etc/fraudwatch/api-keys/api-keys.json',
      modelPath: '/models/m.json',
      modelThreshold: 0.35,
      alertResetTerminalId: 99,
      alertCounterMode: 'all',
      logLevel: 'debug',
      maxBatchSize: 50,
      bodyLimitBytes: 256 * 1024,
      featureStore: {
        backend: 'redis',
        redisUrl: 'redis://redis.fraudwatch:6379',
        redisClusterNodes: ['10.0.0.1:6379', 'redis-1.redis:6379'],
        redisKeyPrefix: 'fw-test:',
        timeoutMs: 250,
        dedupTtlSeconds: 24 * 3600,
      },
      memoryStore: { maxCustomers: 10, maxTerminals: 20, maxTransactions: 30 },
      driftWindow: 1000,
      maxEventTimeSkewMs: 60_000,
      shutdownGraceMs: 2500,
      shutdownDrainDelayMs: 500,
    });
  });

  it('disables the reset with an empty ALERT_RESET_TERMINAL_ID, and treats other empty values as unset', () => {
    const config = loadConfig({ ALERT_RESET_TERMINAL_ID: '', PORT: '' });
    expect(config.alertResetTerminalId).toBeUndefined();
    expect(config.port).toBe(8000);
  });

  it.each([
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['METRICS_PORT', '65536'],
    ['METRICS_PORT', 'metrics'],
    ['ALERT_RESET_TERMINAL_ID', '-1'],
    ['ALERT_RESET_TERMINAL_ID', 'thirteen'],
    ['ALERT_COUNTER_MODE', 'some'],
    ['LOG_LEVEL', 'loud'],
    ['MAX_BATCH_SIZE', '0'],
    ['BODY_LIMIT', '1gb'],
    ['BODY_LIMIT', '10'],
    ['FEATURE_STORE_MAX_CUSTOMERS', '1.5'],
    ['SHUTDOWN_GRACE_MS', '-100'],
    ['DRIFT_WINDOW', '99'],
    ['DRIFT_WINDOW', 'lots'],
    ['MAX_EVENT_TIME_SKEW_MS', '1d'],
    ['MAX_EVENT_TIME_SKEW_MS', String(366 * 86_400_000)],
    ['FEATURE_STORE', 'postgres'],
    ['REDIS_URL', 'http://redis:6379'],
    ['REDIS_CLUSTER_NODES', 'redis-0'],
    ['REDIS_CLUSTER_NODES', 'a:7000,b:70000'],
    ['REDIS_KEY_PREFIX', '{fw}:'],
    ['FEATURE_STORE_TIMEOUT_MS', '0'],
    ['FEATURE_STORE_TIMEOUT_MS', '1.5'],
    ['FEATURE_STORE_DEDUP_HOURS', 'a week'],
    ['MODEL_THRESHOLD', '0'],
    ['MODEL_THRESHOLD', '1'],
    ['MODEL_THRESHOLD', '1.5'],
    ['MODEL_THRESHOLD', '-0.2'],
    ['MODEL_THRESHOLD', 'half'],
  ])('rejects %s=%s, naming it', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`${name}="${value}"`));
  });

  it.each([
    ['15000', '10000'],
    ['10000', '10000'],
    ['1', '0'],
  ])('rejects SHUTDOWN_DRAIN_DELAY_MS=%s not below SHUTDOWN_GRACE_MS=%s, naming both', (drain, grace) => {
    const env = { SHUTDOWN_DRAIN_DELAY_MS: drain, SHUTDOWN_GRACE_MS: grace };
    expect(() => loadConfig(env)).toThrow(
      new RegExp(`SHUTDOWN_DRAIN_DELAY_MS="${drain}": must be less than SHUTDOWN_GRACE_MS \\(${grace}\\)`),
    );
    // The default grace period counts too.
    expect(() => loadConfig({ SHUTDOWN_DRAIN_DELAY_MS: '10000' })).toThrow(/SHUTDOWN_GRACE_MS \(10000\)/);
  });

  it('accepts a drain delay below the grace period, and no drain delay with no grace period', () => {
    expect(loadConfig({ SHUTDOWN_DRAIN_DELAY_MS: '9999' }).shutdownDrainDelayMs).toBe(9999);
    expect(loadConfig({ SHUTDOWN_GRACE_MS: '0' }).shutdownGraceMs).toBe(0);
  });

  it('rejects a METRICS_PORT equal to PORT, and takes two 0s as two free ports', () => {
    expect(() => loadConfig({ METRICS_PORT: '8000' })).toThrow(/METRICS_PORT="8000": must differ from PORT \(8000\)/);
    expect(() => loadConfig({ PORT: '9000', METRICS_PORT: '9000' })).toThrow(/must differ from PORT \(9000\)/);
    expect(loadConfig({ PORT: '0', METRICS_PORT: '0' })).toMatchObject({ port: 0, metricsPort: 0 });
  });

  it('names every bad variable at once', () => {
    expect(() => loadConfig({ PORT: 'x', LOG_LEVEL: 'y' })).toThrow(/PORT="x".*LOG_LEVEL="y"/);
  });
});
