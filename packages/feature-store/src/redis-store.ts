/**
 * The shared backend: the state in Redis (keys in redis-keys.ts, functions in
 * lua/feature-store.lua), so any number of predictors share it and it survives their restarts.
 *
 * A lookup reads each transaction's prediction record and each ring the batch touches (one MGET
 * per 1000 transactions on a single server), decoded in entity-ring.ts, and replays the batch on
 * them, so each transaction's features see the earlier ones of its batch. A single server commits
 * 1000 transactions per FCALL, each atomically and in order. Redis Cluster cannot run one call
 * over several hash slots, so there a commit is one call per slot: the customer's (which claims
 * the transaction id, so only one caller goes on), then the terminal's and the shared one, each
 * made idempotent by a marker key. A commit cut short between them is finished by the next commit
 * of the same transaction (a retry), which repeats the idempotent parts.
 */
import { DAY_MS, dayIndex, featuresFromWindows, newestLabelledDay, WINDOW_DAYS, type FraudLabel, type Transaction } from '@fraudwatch/model';
import { alertCounterOp, type AlertCounterRules } from './alert-counter.js';
import type { CommitResult, Decision, LabelOutcome, LabelResult, Lookup, OnlineStore, Scored, StoredPrediction } from './contract.js';
import { recordInRing, ringWindowSums } from './entity-ring.js';
import { createRedisConnection } from './redis-connection.js';
import { redisKeys } from './redis-keys.js';

const DAY_S = DAY_MS / 1000;
const LONGEST = WINDOW_DAYS[WINDOW_DAYS.length - 1]!;
/** Batches get the timeout once per this many transactions. */
const TIMEOUT_UNIT = 100;
/** Transactions per MGET or commit call: bounds how long one call holds Redis, which serves nothing else meanwhile. */
const CHUNK = 1000;

function chunks<T>(items: readonly T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, k) => items.slice(k * size, (k + 1) * size));
}

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

  /**
   * What a batch's lookup reads: each transaction's recorded prediction (or null) and each ring it
   * touches (null: no state), as copies the replay may change.
   */
  interface BatchState {
    readonly records: (string | null)[];
    readonly rings: Map<string, Buffer | null>;
  }
  const ringKeysOf = (txs: readonly Transaction[]): string[] => [...new Set(txs.flatMap((tx) => [keys.customer(tx.customerId), keys.terminal(tx.terminalId)]))];
  const copy = (value: Buffer | null | undefined): Buffer | null => (value ? Buffer.from(value) : null);

  // A single server reads a batch in MGETs of CHUNK transactions: per-command overhead dominated lookups.
  const readOnServer = async (txs: readonly Transaction[]): Promise<BatchState> => {
    const ringKeys = ringKeysOf(txs);
    const all = [...txs.map((tx) => keys.prediction(tx.customerId, tx.transactionId)), ...ringKeys];
    const values = (await Promise.all(chunks(all, 3 * CHUNK).map((part) => conn.mGetBuffer(part)))).flat();
    return {
      records: values.slice(0, txs.length).map((value) => value?.toString() ?? null),
      rings: new Map(ringKeys.map((key, i) => [key, copy(values[txs.length + i])])),
    };
  };

  // A Cluster cannot MGET across slots: one GET per key (node-redis pipelines them per node).
  const readOnCluster = async (txs: readonly Transaction[]): Promise<BatchState> => {
    const ringKeys = ringKeysOf(txs);
    const [records, rings] = await Promise.all([
      Promise.all(txs.map((tx) => conn.get(keys.prediction(tx.customerId, tx.transactionId)))),
      Promise.all(ringKeys.map((key) => conn.getBuffer(key))),
    ]);
    return { records, rings: new Map(ringKeys.map((key, i) => [key, copy(rings[i])])) };
  };

  /**
   * Each transaction's features from the state read, replaying the earlier transactions of the
   * batch on it as the commit will record them (recordInRing mirrors the Lua), so a batch needs
   * one read. A transaction repeated within the batch is not replayed twice.
   */
  const replay = (txs: readonly Transaction[], state: BatchState): Lookup[] => {
    const replayed = new Set<string>();
    return txs.map((tx, i) => {
      const stored = state.records[i]!;
      if (stored !== null) return { seen: true, prediction: decodePrediction(stored) };
      const day = dayIndex(tx.time);
      const customerKey = keys.customer(tx.customerId);
      const terminalKey = keys.terminal(tx.terminalId);
      const customer = state.rings.get(customerKey) ?? null;
      const terminal = state.rings.get(terminalKey) ?? null;
      const features = featuresFromWindows(
        tx,
        ringWindowSums(customer, customerRing, day),
        ringWindowSums(terminal, terminalRing, newestLabelledDay(day, o.labelDelayDays)),
      );
      const identity = keys.prediction(tx.customerId, tx.transactionId);
      if (!replayed.has(identity)) {
        replayed.add(identity);
        state.rings.set(customerKey, recordInRing(customer, customerRing, day, tx.amount));
        state.rings.set(terminalKey, recordInRing(terminal, terminalRing, day, 0));
      }
      return { seen: false, features };
    });
  };

  // A single server commits a batch in calls of CHUNK transactions (fw2_commit_many), sent at
  // once and run in order: each transaction atomically, and no call holds Redis for long.
  const commitOnServer = async (scored: readonly Scored[]): Promise<CommitResult[]> => {
    const wallDay = dayIndex(now());
    const shared = [keys.alertCounter, keys.customersSeen(wallDay), keys.terminalsSeen(wallDay)];
    const settings = [String(customerRing), String(terminalRing), dedupTtl, customerTtl, terminalTtl, seenTtl];
    const commitPart = async (part: readonly Scored[]): Promise<CommitResult[]> => {
      const ops = part.map(({ tx, prediction, mayResetAlertCounter }) => alertCounterOp(o.alertCounter, tx.terminalId, prediction.decision, mayResetAlertCounter));
      const reply = (await conn.fcall(
        'fw2_commit_many',
        [...part.flatMap(({ tx }) => [keys.customer(tx.customerId), keys.prediction(tx.customerId, tx.transactionId), keys.terminal(tx.terminalId)]), ...shared],
        [
          ...settings,
          ...part.flatMap(({ tx, prediction }, i) => [
            String(dayIndex(tx.time)),
            String(tx.amount),
            encodePrediction(prediction),
            ops[i]!,
            String(tx.customerId),
            String(tx.terminalId),
          ]),
        ],
      )) as (string | number | null)[];
      return part.map(({ prediction }, i) => {
        const earlier = reply[2 * i];
        const recorded = earlier === null;
        return {
          recorded,
          prediction: recorded ? prediction : decodePrediction(String(earlier)),
          alertCounter: Number(reply[2 * i + 1]),
          reset: recorded && ops[i] === 'reset',
        };
      });
    };
    return (await Promise.all(chunks(scored, CHUNK).map(commitPart))).flat();
  };

  const commitOnCluster = async (scored: readonly Scored[]): Promise<CommitResult[]> => {
    const wallDay = dayIndex(now());
    const claims = (await Promise.all(
      scored.map(({ tx, prediction }) =>
        conn.fcall(
          'fw2_claim',
          [keys.customer(tx.customerId), keys.prediction(tx.customerId, tx.transactionId)],
          [String(dayIndex(tx.time)), String(customerRing), String(tx.amount), encodePrediction(prediction), dedupTtl, customerTtl],
        ),
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
          conn.fcall('fw2_terminal', [keys.terminal(tx.terminalId), keys.terminalMarker(tx.terminalId, tx.transactionId)], [day, String(terminalRing), terminalTtl, dedupTtl]),
          conn.fcall(
            'fw2_shared',
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
        'fw2_label',
        [keys.label(label.terminalId, label.transactionId), keys.terminal(label.terminalId)],
        [label.isFraud ? '1' : '0', String(dayIndex(label.time)), String(terminalRing), dedupTtl],
      ),
    ]);
    return { outcome: outcome as LabelOutcome, decision: stored === null ? undefined : decodePrediction(stored).decision };
  };

  const commit = conn.cluster ? commitOnCluster : commitOnServer;
  const read = conn.cluster ? readOnCluster : readOnServer;
  return {
    backend: 'redis',
    lookupFollowsBatch: true,
    lookup: (txs) => conn.guard('lookup', weight(txs.length), async () => replay(txs, await read(txs))),
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
