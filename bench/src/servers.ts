/**
 * The servers under test: the built predictor (with its in-process feature store, and with the
 * store on Redis) and the two baselines it is compared with.
 * Each runs as its own process so that its CPU time and memory can be read from /proc without
 * the load generator's share mixed in.
 */
import { join } from 'node:path';
import type { StartNodeAppOptions } from '@fraudwatch/stack';
import { benchDir, repoRoot } from './settings.js';

export const PREDICTOR = 'predictor';
/** The predictor with FEATURE_STORE=redis, on a redis-server of its own started by the bench. */
export const PREDICTOR_REDIS = 'predictor-redis';
export const EXPRESS_MINIMAL = 'express-minimal';
export const BARE_HTTP = 'bare-http';

/** Their output goes to the bench's stderr, as it comes. */
const echo = { echo: process.stderr };

// Baselines run compiled, like the predictor, so no loader's memory or start-up is counted against them.
function baseline(name: string, file: string): StartNodeAppOptions {
  return { name, entry: join(benchDir, 'dist/baselines', file), cwd: benchDir, ...echo };
}

export function predictorSpec(env: Readonly<Record<string, string>> = {}, name = PREDICTOR): StartNodeAppOptions {
  return { name, entry: import.meta.resolve('@fraudwatch/predictor/main'), cwd: repoRoot, env, ...echo };
}

/**
 * The store's timeout raised from 100 ms: Redis shares this machine's two cores with the predictor
 * and the load generator, and a benchmark measures throughput, not 503s under CPU contention.
 */
export function redisPredictorSpec(redisUrl: string): StartNodeAppOptions {
  return predictorSpec({ FEATURE_STORE: 'redis', REDIS_URL: redisUrl, FEATURE_STORE_TIMEOUT_MS: '1000' }, PREDICTOR_REDIS);
}

export function allServerSpecs(): StartNodeAppOptions[] {
  return [baseline(BARE_HTTP, 'bare-http.js'), baseline(EXPRESS_MINIMAL, 'express-minimal.js'), predictorSpec()];
}
