/**
 * The feature store's environment variables, validated with zod: a service merges the shape into
 * its own schema (so one read of the environment names every bad variable) and maps the result
 * with `toFeatureStoreConfig`.
 */
import { z } from 'zod';

export const FEATURE_STORE_BACKENDS = ['memory', 'redis'] as const;
const HOUR_S = 3600;

/** A whole number in [min, max] from an environment string. */
export function envInteger(min: number, max: number) {
  return z
    .string()
    .regex(/^\d+$/, 'expected a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));
}

const hostPort = z
  .string()
  .regex(/^[^\s:,]+:\d{1,5}$/, 'expected host:port')
  .refine((node) => {
    const port = Number(node.slice(node.lastIndexOf(':') + 1));
    return port >= 1 && port <= 65535;
  }, 'port must be 1-65535');

export const featureStoreEnvShape = {
  FEATURE_STORE: z.enum(FEATURE_STORE_BACKENDS).default('memory'),
  REDIS_URL: z
    .string()
    .regex(/^(rediss?:\/\/[^\s]+|unix:\/\/\/[^\s]+)$/, 'expected redis://host:port, rediss://… or unix:///path')
    .default('redis://127.0.0.1:6379'),
  /** host:port,host:port… of Cluster primaries; when set, REDIS_URL is ignored. */
  REDIS_CLUSTER_NODES: z
    .string()
    .transform((text) => text.split(',').map((node) => node.trim()))
    .pipe(z.array(hostPort).min(1))
    .optional(),
  // Braces would change the keys' hash tags (and so their Cluster slots).
  REDIS_KEY_PREFIX: z.string().max(100).regex(/^[^{}\s]*$/, 'no braces or whitespace').default('fraudwatch:'),
  FEATURE_STORE_TIMEOUT_MS: envInteger(1, 60_000).default(100),
  /** How long a prediction or label is remembered for exactly-once: a label 7 days late, plus a day. */
  FEATURE_STORE_DEDUP_HOURS: envInteger(1, 24 * 366).default(192),
};

const featureStoreEnvSchema = z.object(featureStoreEnvShape);
export type FeatureStoreEnv = z.output<typeof featureStoreEnvSchema>;

export interface FeatureStoreConfig {
  readonly backend: (typeof FEATURE_STORE_BACKENDS)[number];
  readonly redisUrl: string;
  /** Set: Redis Cluster through these primaries (redisUrl unused). */
  readonly redisClusterNodes: readonly string[] | undefined;
  readonly redisKeyPrefix: string;
  readonly timeoutMs: number;
  readonly dedupTtlSeconds: number;
}

export function toFeatureStoreConfig(e: FeatureStoreEnv): FeatureStoreConfig {
  return {
    backend: e.FEATURE_STORE,
    redisUrl: e.REDIS_URL,
    redisClusterNodes: e.REDIS_CLUSTER_NODES,
    redisKeyPrefix: e.REDIS_KEY_PREFIX,
    timeoutMs: e.FEATURE_STORE_TIMEOUT_MS,
    dedupTtlSeconds: e.FEATURE_STORE_DEDUP_HOURS * HOUR_S,
  };
}
