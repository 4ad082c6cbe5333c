/**
 * The shared backend: the state in Redis (keys in redis-keys.ts, functions in
 * lua/feature-store.lua), so any number of predictors share it and it survives their restarts.
 *
 * A lookup reads each transaction's prediction record and each ring the batch touches (one MGET
 * per 1000 transactions on a single server), decoded in entity-ring.ts, and replays the batch on
 * them, so each transaction's features see the earlier ones of its batch. A single server commits
 * 1000 transactions per FCALL, each atomically and in order; the lookups (commits) of concurrent
 * requests to one predictor share one MGET (FCALL) when made in the same event-loop turn
 * (coalesce.ts), so single predictions share a call's fixed cost. Redis Cluster cannot run one call
 * over several hash slots, so there a commit is one call per slot: the customer's (which claims
 * the transaction id, so only one caller goes on), then the terminal's and the shared one, each
 * made idempotent by a marker key. A commit cut short between them is finished by the next commit
 * of the same transaction (a retry), which repeats the idempotent parts.
 */
import { DAY_MS, dayIndex, featuresFromWindows, newestLabelledDay, WINDOW_DAYS, type FraudLabel, type Transaction } from '@fraudwatch/model';
import { alertCounterOp, type AlertCounterRules } from './alert-counter.js';
import { coalesce } from './coalesce.js';
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

  /** Where one transaction's state lives. */
  interface TxKeys {
    readonly customer: string;
    readonly terminal: string;
    readonly record: string;
  }
  const keysOf = (tx: Transaction): TxKeys => ({
    customer: keys.customer(tx.customerId),
    terminal: keys.terminal(tx.terminalId),
    record: keys.prediction(tx.customerId, tx.transactionId),
  });
  /** Each ring the transactions touch, once. */
  const ringKeysOf = (txKeys: readonly TxKeys[]): string[] => {
    const ringKeys = new Set<string>();
    for (const k of txKeys) ringKeys.add(k.customer).add(k.terminal);
    return [...ringKeys];
  };

  /** What a batch's lookup reads: each transaction's recorded prediction (or null) and each ring it touches (null: no state). */
  interface BatchState {
    readonly records: readonly (string | null)[];
    readonly rings: Map<string, Buffer | null>;
  }

  // A single server reads a batch in MGETs of CHUNK transactions: per-command overhead dominated lookups.
  const mGet = coalesce(async (all: readonly string[]) => (await Promise.all(chunks(all, 3 * CHUNK).map((part) => conn.mGetBuffer(part)))).flat());
  const readOnServer = async (txKeys: readonly TxKeys[]): Promise<BatchState> => {
    const ringKeys = ringKeysOf(txKeys);
    const all = txKeys.map((k) => k.record).concat(ringKeys);
    const values = await mGet(all);
    const rings = new Map<string, Buffer | null>();
    ringKeys.forEach((key, i) => rings.set(key, values[txKeys.length + i] ?? null));
    return { records: values.slice(0, txKeys.length).map((value) => value?.toString() ?? null), rings };
  };

  // A Cluster cannot MGET across slots: one GET per key (node-redis pipelines them per node).
  const readOnCluster = async (txKeys: readonly TxKeys[]): Promise<BatchState> => {
    const ringKeys = ringKeysOf(txKeys);
    const [records, rings] = await Promise.all([Promise.all(txKeys.map((k) => conn.get(k.record))), Promise.all(ringKeys.map((key) => conn.getBuffer(key)))]);
    return { records, rings: new Map(ringKeys.map((key, i) => [key, rings[i] ?? null])) };
  };

  /**
   * Each transaction's features from the state read, replaying the earlier transactions of the
   * batch on it as the commit will record them (recordInRing mirrors the Lua), so a batch needs
   * one read. A transaction repeated within the batch is not replayed twice.
   */
  const replay = (txs: readonly Transaction[], txKeys: readonly TxKeys[], state: BatchState): Lookup[] => {
    const replayed = new Set<string>();
    // Rings changed here are copies: a read value may share memory with the client's buffers.
    const copied = new Set<string>();
    const record = (key: string, ringDays: number, day: number, value: number): void => {
      const ring = state.rings.get(key) ?? null;
      const own = ring === null || copied.has(key) ? ring : Buffer.from(ring);
      copied.add(key);
      state.rings.set(key, recordInRing(own, ringDays, day, value));
    };
    return txs.map((tx, i) => {
      const stored = state.records[i]!;
      if (stored !== null) return { seen: true, prediction: decodePrediction(stored) };
      const k = txKeys[i]!;
      const day = dayIndex(tx.time);
      const features = featuresFromWindows(
        tx,
        ringWindowSums(state.rings.get(k.customer) ?? null, customerRing, day),
        ringWindowSums(state.rings.get(k.terminal) ?? null, terminalRing, newestLabelledDay(day, o.labelDelayDays)),
      );
      if (!replayed.has(k.record)) {
        replayed.add(k.record);
        record(k.customer, customerRing, day, tx.amount);
        record(k.terminal, terminalRing, day, 0);
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
      const fcallKeys: string[] = [];
      const fcallArgs = [...settings];
      part.forEach(({ tx, prediction }, i) => {
        const k = keysOf(tx);
        fcallKeys.push(k.customer, k.record, k.terminal);
        fcallArgs.push(String(dayIndex(tx.time)), String(tx.amount), encodePrediction(prediction), ops[i]!, String(tx.customerId), String(tx.terminalId));
      });
      fcallKeys.push(...shared);
      const reply = (await conn.fcall('fw2_commit_many', fcallKeys, fcallArgs)) as (string | number | null)[];
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
      scored.map(({ tx, prediction }) => {
        const k = keysOf(tx);
        return conn.fcall(
          'fw2_claim',
          [k.customer, k.record],
          [String(dayIndex(tx.time)), String(customerRing), String(tx.amount), encodePrediction(prediction), dedupTtl, customerTtl],
        );
      }),
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

  const commit = conn.cluster ? commitOnCluster : coalesce(commitOnServer);
  const read = conn.cluster ? readOnCluster : readOnServer;
  return {
    backend: 'redis',
    lookupFollowsBatch: true,
    lookup: (txs) =>
      conn.guard('lookup', weight(txs.length), async () => {
        const txKeys = txs.map(keysOf);
        return replay(txs, txKeys, await read(txKeys));
      }),
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
