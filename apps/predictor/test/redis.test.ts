/**
 * Predictors on a real redis-server (started on loopback by @fraudwatch/stack): several replicas
 * sharing one store score exactly as one in-memory predictor does, through restarts of a replica
 * and of Redis; a retried transaction or label changes nothing; a hung Redis gives quick 503s and
 * an unready predictor that recovers by itself.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { catalogue } from '@fraudwatch/metrics';
import { sumOf, valueOf, type Exposition } from '@fraudwatch/metrics/testing';
import { dayIndex, loadModel, toFraudLabelInput, toTransactionInput, type FraudModel } from '@fraudwatch/model';
import { simulate, type LabelledTransaction } from '@fraudwatch/simulator';
import { pollUntil, startRedisServer, type RedisServer } from '@fraudwatch/stack';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { STORE_HEALTH_CACHE_MS } from '../src/predictor.js';
import { amountModel, FRAUD_AMOUNT, postJson, scrape, startPredictor, transaction, type TestPredictor } from './helpers.js';

/** Generous: on a loaded shared machine a slow answer must not pass for an unavailable store. */
const STREAM_TIMEOUT_MS = '2000';
const BATCH = 25;

let redis: RedisServer;
let model: FraudModel;
let days: LabelledTransaction[][];
let reference: { probabilities: number[]; exposition: Exposition };
const started: TestPredictor[] = [];
let prefixes = 0;

function redisEnv(prefix: string, timeoutMs = STREAM_TIMEOUT_MS): Record<string, string> {
  return { FEATURE_STORE: 'redis', REDIS_URL: redis.url, REDIS_KEY_PREFIX: prefix, FEATURE_STORE_TIMEOUT_MS: timeoutMs };
}

/** A key prefix no other test of this file uses. */
function freshPrefix(): string {
  prefixes += 1;
  return `fw-predictor-test-${prefixes}:`;
}

async function start(env: Record<string, string>, m: FraudModel = model): Promise<TestPredictor> {
  const p = await startPredictor({ env, model: m });
  started.push(p);
  return p;
}

async function stop(p: TestPredictor): Promise<void> {
  started.splice(started.indexOf(p), 1);
  await p.close();
}

async function waitReady(p: TestPredictor): Promise<void> {
  await pollUntil(async () => ((await fetch(`${p.url}/readyz`)).status === 200 ? true : undefined), {
    what: `${p.url}/readyz to answer 200`,
    timeoutMs: 15_000,
    intervalMs: 50,
  });
}

async function scoreBatch(p: TestPredictor, txs: readonly LabelledTransaction[]): Promise<number[]> {
  const res = await postJson(`${p.url}/v1/predict/batch`, { transactions: txs.map(toTransactionInput) });
  expect(res.status, await res.clone().text()).toBe(200);
  const body = (await res.json()) as { predictions: { fraud_probability: number }[] };
  return body.predictions.map((x) => x.fraud_probability);
}

async function scoreOne(p: TestPredictor, tx: LabelledTransaction): Promise<number> {
  const res = await postJson(`${p.url}/v1/predict`, toTransactionInput(tx));
  expect(res.status, await res.clone().text()).toBe(200);
  return ((await res.json()) as { fraud_probability: number }).fraud_probability;
}

async function sendLabels(p: TestPredictor, txs: readonly LabelledTransaction[]): Promise<void> {
  const labels = txs.map((tx) => toFraudLabelInput(tx));
  for (let i = 0; i < labels.length; i += 500) {
    expect((await postJson(`${p.url}/v1/feedback`, { labels: labels.slice(i, i + 500) })).status).toBe(202);
  }
}

interface Feed {
  /** The predictors to spread the requests over, round-robin. */
  readonly replicas: () => readonly TestPredictor[];
  /** Also send every fifth batch and every day's labels a second time, to the next replica. */
  readonly resend: boolean;
  /** Called before each day is scored. */
  readonly beforeDay?: (day: number) => Promise<void>;
}

/**
 * Streams the simulated days: the day's first transaction as a single request, the rest in
 * batches, then the day's labels (the terminal windows read them only once they are a label delay
 * old, so sending them at once is a feed with no lag that the features still see late).
 */
async function feed({ replicas, resend, beforeDay }: Feed): Promise<number[]> {
  const probabilities: number[] = [];
  let turn = 0;
  const next = () => replicas()[turn++ % replicas().length]!;
  for (const [day, txs] of days.entries()) {
    await beforeDay?.(day);
    if (txs.length === 0) continue;
    probabilities.push(await scoreOne(next(), txs[0]!));
    for (let i = 1; i < txs.length; i += BATCH) {
      const batch = txs.slice(i, i + BATCH);
      const scores = await scoreBatch(next(), batch);
      probabilities.push(...scores);
      if (resend && i % (5 * BATCH) === 1) expect(await scoreBatch(next(), batch)).toEqual(scores);
    }
    await sendLabels(next(), txs);
    if (resend) await sendLabels(next(), txs);
  }
  return probabilities;
}

beforeAll(async () => {
  redis = await startRedisServer();
  model = loadModel();
  const stream = [...simulate({ seed: 11, customers: 60, terminals: 100, days: 24 })];
  days = Array.from({ length: 24 }, () => []);
  const first = dayIndex(stream[0]!.time);
  for (const tx of stream) days[dayIndex(tx.time) - first]!.push(tx);
  const memory = await start({});
  reference = { probabilities: await feed({ replicas: () => [memory], resend: false }), exposition: await scrape(memory.url) };
  await stop(memory);
}, 120_000);

afterEach(async () => {
  await Promise.all(started.splice(0).map((p) => p.close()));
});

afterAll(async () => {
  await redis?.close();
});

/** What every replica exports after the stream, against the memory predictor's. */
async function expectSharedCounters(replicas: readonly TestPredictor[]): Promise<void> {
  const expositions = await Promise.all(replicas.map((p) => scrape(p.url)));
  const alertCounter = valueOf(reference.exposition, catalogue.alertCounter.name);
  // One shared value, exported by every replica; each reset counted by the replica it happened on.
  expect(expositions.map((e) => valueOf(e, catalogue.alertCounter.name))).toEqual(replicas.map(() => alertCounter));
  const sum = (name: string) => expositions.reduce((total, e) => total + sumOf(e, name), 0);
  expect(sum(catalogue.alertCounterResets.name)).toBe(sumOf(reference.exposition, catalogue.alertCounterResets.name));
  // Scored once and labelled once, however often they were sent.
  expect(sum(catalogue.predictions.name)).toBe(sumOf(reference.exposition, catalogue.predictions.name));
  expect(sum(catalogue.feedback.name)).toBe(sumOf(reference.exposition, catalogue.feedback.name));
  for (const e of expositions) {
    expect(valueOf(e, `${catalogue.featureStoreDuration.name}_count`, { operation: 'commit' })).toBeGreaterThan(0);
    expect(sumOf(e, catalogue.featureStoreErrors.name)).toBe(0);
  }
}

describe('predictors on one Redis', () => {
  it('three replicas fed round-robin, with retried batches and labels, score exactly as one memory predictor', async () => {
    const env = redisEnv(freshPrefix());
    const replicas = [await start(env), await start(env), await start(env)];
    await Promise.all(replicas.map(waitReady));
    expect(await feed({ replicas: () => replicas, resend: true })).toEqual(reference.probabilities);
    await expectSharedCounters(replicas);
  }, 120_000);

  it('a replica restart and a Redis restart (AOF) mid-stream change no later score', async () => {
    const env = redisEnv(freshPrefix());
    const replicas = [await start(env), await start(env)];
    await Promise.all(replicas.map(waitReady));
    const beforeDay = async (day: number) => {
      if (day === 8) {
        await stop(replicas[0]!);
        replicas[0] = await start(env);
        await waitReady(replicas[0]);
      }
      if (day === 16) {
        await redis.stop();
        await redis.restart();
        // /readyz may answer from a health check cached before the stop: wait that out, so the
        // 200 awaited next comes from a check that reached the restarted server.
        await sleep(STORE_HEALTH_CACHE_MS + 100);
        await Promise.all(replicas.map(waitReady));
      }
    };
    expect(await feed({ replicas: () => replicas, resend: false, beforeDay })).toEqual(reference.probabilities);
    // Of the counters, only the shared alert_counter outlives the replica that was restarted.
    const expositions = await Promise.all(replicas.map((p) => scrape(p.url)));
    const alertCounter = valueOf(reference.exposition, catalogue.alertCounter.name);
    expect(expositions.map((e) => valueOf(e, catalogue.alertCounter.name))).toEqual([alertCounter, alertCounter]);
  }, 120_000);
});

describe.each(['memory', 'redis'] as const)('exactly once over HTTP (%s)', (backend) => {
  const env = () => (backend === 'redis' ? redisEnv(freshPrefix()) : {});

  async function counters(p: TestPredictor) {
    const e = await scrape(p.url);
    return {
      predictions: sumOf(e, catalogue.predictions.name),
      probabilities: sumOf(e, `${catalogue.fraudProbability.name}_count`),
      alertCounter: valueOf(e, catalogue.alertCounter.name),
      resets: valueOf(e, catalogue.alertCounterResets.name),
      feedback: sumOf(e, catalogue.feedback.name),
      entities: sumOf(e, catalogue.featureStoreEntities.name),
    };
  }

  it('answers a transaction sent again as the first time, and counts nothing again', async () => {
    const p = await start(env(), amountModel);
    await waitReady(p);
    const tx = transaction({ tx_amount: FRAUD_AMOUNT, customer_id: 501, terminal_id: 13 });
    const first = await postJson(`${p.url}/v1/predict`, tx);
    expect(first.status).toBe(200);
    const answer = await first.json();
    const before = await counters(p);
    // The same transaction id with another amount is still the transaction already scored.
    const again = await postJson(`${p.url}/v1/predict`, { ...tx, tx_amount: 1 });
    expect(await again.json()).toEqual(answer);
    const batch = await postJson(`${p.url}/v1/predict/batch`, { transactions: [tx, tx] });
    expect(await batch.json()).toEqual({ predictions: [answer, answer] });
    expect(await counters(p)).toEqual(before);
    expect(before).toMatchObject({ predictions: 1, probabilities: 1, resets: 1, alertCounter: 0 });
  });

  it('applies a label sent twice once, and a corrected one without counting it again', async () => {
    const p = await start(env());
    await waitReady(p);
    const tx = transaction({ customer_id: 502, terminal_id: 602 });
    expect((await postJson(`${p.url}/v1/predict`, tx)).status).toBe(200);
    const label = { ...tx, is_fraud: true };
    delete (label as Record<string, unknown>).tx_amount;
    expect((await postJson(`${p.url}/v1/feedback`, label)).status).toBe(202);
    const once = await counters(p);
    expect(once.feedback).toBe(1);
    expect((await postJson(`${p.url}/v1/feedback`, { labels: [label, label] })).status).toBe(202);
    expect((await postJson(`${p.url}/v1/feedback`, { ...label, is_fraud: false })).status).toBe(202);
    expect(await counters(p)).toEqual(once);
  });
});

describe('when Redis is unreachable', () => {
  it('answers 503 quickly while Redis hangs, turns unready with /healthz still 200, and recovers by itself', async () => {
    const timeoutMs = 200;
    const p = await start(redisEnv(freshPrefix(), String(timeoutMs)));
    await waitReady(p);
    const tx = transaction({ customer_id: 503, terminal_id: 603 });
    redis.pause();
    try {
      const startedAt = performance.now();
      const res = await postJson(`${p.url}/v1/predict`, tx);
      // Bounded by the store's timeout (plus a margin for a loaded machine), not by the pause.
      expect(performance.now() - startedAt).toBeLessThan(timeoutMs + 1500);
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('1');
      expect(await res.json()).toMatchObject({ error: expect.stringContaining('feature store'), details: [{ field: 'feature_store' }] });
      const label = { ...tx, is_fraud: true };
      delete (label as Record<string, unknown>).tx_amount;
      expect((await postJson(`${p.url}/v1/feedback`, label)).status).toBe(503);
      await pollUntil(async () => ((await fetch(`${p.url}/readyz`)).status === 503 ? true : undefined), {
        what: '/readyz to answer 503',
        timeoutMs: 5000,
        intervalMs: 100,
      });
      expect((await fetch(`${p.url}/healthz`)).status).toBe(200);
      const e = await scrape(p.url);
      expect(valueOf(e, catalogue.ready.name)).toBe(0);
      expect(valueOf(e, catalogue.featureStoreErrors.name, { operation: 'lookup' })).toBeGreaterThanOrEqual(1);
      expect(valueOf(e, catalogue.featureStoreErrors.name, { operation: 'label' })).toBeGreaterThanOrEqual(1);
    } finally {
      redis.resume();
    }
    await waitReady(p);
    // The retry is scored once: the failed attempt left nothing behind.
    expect((await postJson(`${p.url}/v1/predict`, tx)).status).toBe(200);
    expect(sumOf(await scrape(p.url), catalogue.predictions.name)).toBe(1);
  });

  it('starts while Redis is down, not ready, and becomes ready once Redis is back', async () => {
    const prefix = freshPrefix();
    await redis.stop();
    const p = await start(redisEnv(prefix, '200')).catch(async (error: unknown) => {
      await redis.restart();
      throw error;
    });
    try {
      expect((await fetch(`${p.url}/readyz`)).status).toBe(503);
      expect((await fetch(`${p.url}/healthz`)).status).toBe(200);
      expect((await postJson(`${p.url}/v1/predict`, transaction())).status).toBe(503);
    } finally {
      await redis.restart();
    }
    await waitReady(p);
    expect((await postJson(`${p.url}/v1/predict`, transaction())).status).toBe(200);
  });
});
