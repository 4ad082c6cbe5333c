/**
 * The shared backend: the state in Redis (keys in redis-keys.ts, functions in
 * lua/feature-store.lua), so any number of predictors share it and it survives their restarts.
 *
 * A lookup reads three keys per transaction (prediction, customer ring, terminal ring), decoded in
 * entity-ring.ts: one MGET for a whole run on a single server. A single server commits a run in
 * one FCALL, each transaction atomically and in order. Redis Cluster cannot run one call
 * over several hash slots, so there a commit is one call per slot: the customer's (which claims
 * the transaction id, so only one caller goes on), then the terminal's and the shared one, each
 * made idempotent by a marker key. A commit cut short between them is finished by the next commit
 * of the same transaction (a retry), which repeats the idempotent parts.
 */
import { DAY_MS, dayIndex, featuresFromWindows, newestLabelledDay, WINDOW_DAYS, type FraudLabel, type Transaction } from '@fraudwatch/model';
import { alertCounterOp, type AlertCounterRules } from './alert-counter.js';
import type { CommitResult, Decision, LabelOutcome, LabelResult, Lookup, OnlineStore, Scored, StoredPrediction } from './contract.js';
import { ringWindowSums } from './entity-ring.js';
import { createRedisConnection } from './redis-connection.js';
import { redisKeys } from './redis-keys.js';

const DAY_S = DAY_MS / 1000;
const LONGEST = WINDOW_DAYS[WINDOW_DAYS.length - 1]!;
/** Batches get the timeout once per this many transactions. */
const TIMEOUT_UNIT = 100;

export interface RedisStoreOptions {
  /** redis://… of a single server; ignored when `clusterNodes` is given. */
  readonly url: string;
  /** host:port of some Cluster primaries. */
  readonly clusterNodes: readonly string[] | undefined;
  readonly keyPrefix: string;
  /** Per operation (per 100 transactions of a batch). */
  readonly timeoutMs: number;
  /** How long predictions and labels are remembered for exactly-once. */
  readonly dedupTtlSeconds: number;
  /** Part of the stored layout (the terminal ring is 30 + this many days): keep it fixed per key prefix. */
  readonly labelDelayDays: number;
  readonly alertCounter: AlertCounterRules;
  /** Connection problems, as they happen. */
  readonly onError?: (error: Error) => void;
  /** Wall clock, for the entity-count HyperLogLogs. */
  readonly now?: () => number;
}

function encodePrediction(p: StoredPrediction): string {
  return `${p.probability}|${p.decision === 'fraud' ? 'f' : 'l'}`;
}

function decodePrediction(text: string): StoredPrediction {
  const bar = text.indexOf('|');
  const decision: Decision = text.slice(bar + 1) === 'f' ? 'fraud' : 'legit';
  return { probability: Number(text.slice(0, bar)), decision };
}

export function createRedisStore(o: RedisStoreOptions): OnlineStore {
  const conn = createRedisConnection({ url: o.url, clusterNodes: o.clusterNodes, timeoutMs: o.timeoutMs, onError: o.onError ?? (() => undefined) });
  const keys = redisKeys(o.keyPrefix);
  const now = o.now ?? Date.now;
  const customerRing = LONGEST;
  const terminalRing = LONGEST + o.labelDelayDays;
  // An entity's state is useless a ring after its last transaction; a day more for clock slack.
  const customerDays = LONGEST + 1;
  const terminalDays = LONGEST + o.labelDelayDays + 1;
  const customerTtl = String(customerDays * DAY_S);
  const terminalTtl = String(terminalDays * DAY_S);
  // Entity counts: the distinct entities recorded over as many days as their keys live.
  const seenTtl = String((terminalDays + 1) * DAY_S);
  const dedupTtl = String(o.dedupTtlSeconds);
  const weight = (n: number): number => Math.ceil(n / TIMEOUT_UNIT);

  const fromState = (tx: Transaction, stored: string | null, customer: Buffer | null, terminal: Buffer | null): Lookup => {
    if (stored !== null) return { seen: true, prediction: decodePrediction(stored) };
    const day = dayIndex(tx.time);
    const customerWindows = ringWindowSums(customer, customerRing, day);
    const terminalWindows = ringWindowSums(terminal, terminalRing, newestLabelledDay(day, o.labelDelayDays));
    return { seen: false, features: featuresFromWindows(tx, customerWindows, terminalWindows) };
  };

  const lookupOne = async (tx: Transaction): Promise<Lookup> => {
    const [stored, customer, terminal] = await Promise.all([
      conn.get(keys.prediction(tx.customerId, tx.transactionId)),
      conn.getBuffer(keys.customer(tx.customerId)),
      conn.getBuffer(keys.terminal(tx.terminalId)),
    ]);
    return fromState(tx, stored, customer, terminal);
  };

  // A single server reads a whole run in one MGET: per-command client overhead dominated lookups.
  const lookupOnServer = async (txs: readonly Transaction[]): Promise<Lookup[]> => {
    const values = await conn.mGetBuffer(
      txs.flatMap((tx) => [keys.prediction(tx.customerId, tx.transactionId), keys.customer(tx.customerId), keys.terminal(tx.terminalId)]),
    );
    return txs.map((tx, i) => fromState(tx, values[3 * i]?.toString() ?? null, values[3 * i + 1] ?? null, values[3 * i + 2] ?? null));
  };

  /** Shared by both topologies: the arguments of the customer's part of a commit. */
  const claimArgs = (tx: Transaction, prediction: StoredPrediction): string[] => [
    String(dayIndex(tx.time)),
    String(customerRing),
    String(tx.amount),
    encodePrediction(prediction),
    dedupTtl,
    customerTtl,
  ];

  // A single server commits a whole run in one call (fw1_commit_many), each transaction atomically, in order.
  const commitOnServer = async (scored: readonly Scored[]): Promise<CommitResult[]> => {
    if (scored.length === 0) return [];
    const wallDay = dayIndex(now());
    const ops = scored.map(({ tx, prediction, mayResetAlertCounter }) => alertCounterOp(o.alertCounter, tx.terminalId, prediction.decision, mayResetAlertCounter));
    const reply = (await conn.fcall(
      'fw1_commit_many',
      scored.flatMap(({ tx }) => [
        keys.customer(tx.customerId),
        keys.prediction(tx.customerId, tx.transactionId),
        keys.terminal(tx.terminalId),
        keys.alertCounter,
        keys.customersSeen(wallDay),
        keys.terminalsSeen(wallDay),
      ]),
      scored.flatMap(({ tx, prediction }, i) => [
        ...claimArgs(tx, prediction),
        String(terminalRing),
        terminalTtl,
        ops[i]!,
        String(tx.customerId),
        String(tx.terminalId),
        seenTtl,
      ]),
    )) as (string | number)[];
    return scored.map((_, i) => {
      const recorded = reply[3 * i] === 'new';
      return { recorded, prediction: decodePrediction(String(reply[3 * i + 1])), alertCounter: Number(reply[3 * i + 2]), reset: recorded && ops[i] === 'reset' };
    });
  };

  const commitOnCluster = async (scored: readonly Scored[]): Promise<CommitResult[]> => {
    const wallDay = dayIndex(now());
    const claims = (await Promise.all(
      scored.map(({ tx, prediction }) =>
        conn.fcall('fw1_claim', [keys.customer(tx.customerId), keys.prediction(tx.customerId, tx.transactionId)], claimArgs(tx, prediction)),
      ),
    )) as [string, string][];
    // Issued in order, so alert_counter sees the transactions in order.
    return Promise.all(
      scored.map(async ({ tx, mayResetAlertCounter }, i) => {
        const [status, stored] = claims[i]!;
        const prediction = decodePrediction(stored);
        const op = alertCounterOp(o.alertCounter, tx.terminalId, prediction.decision, mayResetAlertCounter);
        const day = String(dayIndex(tx.time));
        const [, counter] = await Promise.all([
          conn.fcall('fw1_terminal', [keys.terminal(tx.terminalId), keys.terminalMarker(tx.terminalId, tx.transactionId)], [day, String(terminalRing), terminalTtl, dedupTtl]),
          conn.fcall(
            'fw1_shared',
            [keys.alertCounter, keys.customersSeen(wallDay), keys.terminalsSeen(wallDay), keys.alertMarker(tx.customerId, tx.transactionId)],
            [op, String(tx.customerId), String(tx.terminalId), seenTtl, dedupTtl],
          ),
        ]);
        const recorded = status === 'new';
        return { recorded, prediction, alertCounter: Number(counter), reset: recorded && op === 'reset' };
      }),
    );
  };

  const labelOne = async (label: FraudLabel): Promise<LabelResult> => {
    const [stored, outcome] = await Promise.all([
      conn.get(keys.prediction(label.customerId, label.transactionId)),
      conn.fcall(
        'fw1_label',
        [keys.label(label.terminalId, label.transactionId), keys.terminal(label.terminalId)],
        [label.isFraud ? '1' : '0', String(dayIndex(label.time)), String(terminalRing), dedupTtl],
      ),
    ]);
    return { outcome: outcome as LabelOutcome, decision: stored === null ? undefined : decodePrediction(stored).decision };
  };

  const commit = conn.cluster ? commitOnCluster : commitOnServer;
  return {
    backend: 'redis',
    lookup: (txs) => conn.guard('lookup', weight(txs.length), () => (conn.cluster ? Promise.all(txs.map(lookupOne)) : lookupOnServer(txs))),
    commit: (scored) => conn.guard('commit', weight(scored.length), () => commit(scored)),
    applyLabels: (labels) => conn.guard('label', weight(labels.length), () => Promise.all(labels.map(labelOne))),
    alertCounter: () => conn.guard('alert_counter', 1, async () => Number((await conn.get(keys.alertCounter)) ?? 0)),
    entityCounts: () =>
      conn.guard('entity_counts', 1, async () => {
        const today = dayIndex(now());
        const days = (n: number): number[] => Array.from({ length: n }, (_, k) => today - k);
        const [customers, terminals] = await Promise.all([
          conn.pfCount(days(customerDays).map(keys.customersSeen)),
          conn.pfCount(days(terminalDays).map(keys.terminalsSeen)),
        ]);
        return { customers, terminals };
      }),
    health: () => conn.guard('health', 1, () => conn.ping()),
    close: () => conn.close(),
  };
}
