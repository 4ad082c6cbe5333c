/**
 * What the redis feature store costs Redis: CPU per transaction from INFO commandstats (the usec
 * Redis spent in commands, reset before the measured run), and memory per customer, terminal and
 * transaction record from MEMORY USAGE on keys the run wrote.
 */
import { redisKeys } from '@fraudwatch/feature-store';
import type { Transaction } from '@fraudwatch/model';
import { redisCli, redisCommandStats } from '@fraudwatch/stack';

/** The predictor's default REDIS_KEY_PREFIX. */
const KEY_PREFIX = 'fraudwatch:';
const SAMPLE = 200;

export async function resetCommandStats(port: number): Promise<void> {
  await redisCli(port, ['CONFIG', 'RESETSTAT']);
}

/** Microseconds Redis spent in each command since the last reset (INFO commandstats). */
export async function commandMicrosByCommand(port: number): Promise<Record<string, number>> {
  return Object.fromEntries(Object.entries(await redisCommandStats(port)).map(([name, stat]) => [name, stat.usec]));
}

/** Microseconds Redis spent in commands since the last reset, every command. */
export async function commandMicros(port: number): Promise<number> {
  return Object.values(await commandMicrosByCommand(port)).reduce((sum, micros) => sum + micros, 0);
}

// MEMORY USAGE of every key given, summed in one round trip (SAMPLES 0: exact for these small values).
const SUM_MEMORY = `local total, found = 0, 0
for _, key in ipairs(ARGV) do
  local bytes = redis.call('MEMORY', 'USAGE', key, 'SAMPLES', '0')
  if bytes then total = total + bytes; found = found + 1 end
end
return {total, found}`;

async function meanMemory(port: number, keys: readonly string[]): Promise<number> {
  const reply = await redisCli(port, ['EVAL', SUM_MEMORY, '0', ...keys]);
  const [total = 0, found = 0] = reply.trim().split('\n').map(Number);
  if (found === 0) throw new Error(`none of the ${keys.length} sampled keys exists (${keys[0]} …)`);
  return total / found;
}

export interface RedisMemory {
  readonly bytesPerCustomer: number;
  readonly bytesPerTerminal: number;
  /** The prediction remembered for exactly-once, per scored transaction (for the dedup horizon). */
  readonly bytesPerPrediction: number;
}

/** Some keys of recorded predictions (their ids depend on the pass that sent them). */
async function predictionKeys(port: number): Promise<string[]> {
  const pattern = redisKeys(KEY_PREFIX).prediction(0, 0).replace('{c:0}', '{c:*}').replace(/:0$/, ':*');
  const reply = await redisCli(port, ['SCAN', '0', 'MATCH', pattern, 'COUNT', '20000']);
  return reply.trim().split('\n').slice(1, 1 + SAMPLE);
}

/** Mean MEMORY USAGE of the keys of up to 200 customers, terminals (of `sent`) and predictions. */
export async function redisMemory(port: number, sent: readonly Transaction[]): Promise<RedisMemory> {
  const keys = redisKeys(KEY_PREFIX);
  const distinct = (ids: number[]): number[] => [...new Set(ids)].slice(0, SAMPLE);
  return {
    bytesPerCustomer: await meanMemory(port, distinct(sent.map((tx) => tx.customerId)).map(keys.customer)),
    bytesPerTerminal: await meanMemory(port, distinct(sent.map((tx) => tx.terminalId)).map(keys.terminal)),
    bytesPerPrediction: await meanMemory(port, await predictionKeys(port)),
  };
}
