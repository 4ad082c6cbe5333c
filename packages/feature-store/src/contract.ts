/**
 * The online state the predictor reads and writes when it scores: features, one prediction per
 * transaction (exactly-once scoring), fraud labels (applied once, correctable) and alert_counter.
 * Every operation takes a batch (one transaction is a batch of one) and applies it in order.
 */
import type { FraudLabel, Transaction } from '@fraudwatch/model';

export type Decision = 'fraud' | 'legit';

export interface StoredPrediction {
  readonly probability: number;
  readonly decision: Decision;
}

/**
 * A transaction the store has not recorded gets its features (from the state before it); one it
 * has recorded (same transaction id and customer) gets the prediction stored for it.
 */
export type Lookup = { readonly seen: false; readonly features: Float64Array } | { readonly seen: true; readonly prediction: StoredPrediction };

export interface Scored {
  readonly tx: Transaction;
  readonly prediction: StoredPrediction;
  /**
   * False: the caller may not reset alert_counter (API keys without the role), so a transaction
   * at the reset terminal is counted like any other. Default true.
   */
  readonly mayResetAlertCounter?: boolean;
}

export interface CommitResult {
  /**
   * False when the transaction was already recorded (a retry, or another replica won the race):
   * `prediction` is then the earlier one and nothing changed.
   */
  readonly recorded: boolean;
  readonly prediction: StoredPrediction;
  /** alert_counter right after this commit. */
  readonly alertCounter: number;
  /** This commit reset alert_counter (a transaction from the reset terminal). */
  readonly reset: boolean;
}

/** applied: first label for the transaction; duplicate: the same again (no change); corrected: replaced the earlier one. */
export type LabelOutcome = 'applied' | 'duplicate' | 'corrected';

export interface LabelResult {
  readonly outcome: LabelOutcome;
  /** The decision stored for the transaction, if it was scored within the dedup horizon. */
  readonly decision: Decision | undefined;
}

export interface EntityCounts {
  readonly customers: number;
  readonly terminals: number;
}

export interface OnlineStore {
  readonly backend: 'memory' | 'redis';
  /**
   * True: lookup() gives each transaction of a batch the features it has once the earlier ones of
   * the batch are committed, so scoreTransactions looks a batch up in one call. False: lookup()
   * reads the state as it is, so scoreTransactions cuts a batch into runs whose transactions do
   * not change each other's features.
   */
  readonly lookupFollowsBatch: boolean;
  /** Reads only. */
  lookup(txs: readonly Transaction[]): Promise<Lookup[]>;
  /**
   * Records each transaction with its prediction, in order, and updates alert_counter: each one
   * atomically and at most once per transaction id (per customer).
   */
  commit(scored: readonly Scored[]): Promise<CommitResult[]>;
  /** Applies fraud labels, once per transaction id (per terminal); a changed label replaces the earlier one. */
  applyLabels(labels: readonly FraudLabel[]): Promise<LabelResult[]>;
  alertCounter(): Promise<number>;
  /** Customers and terminals with state (approximate with Redis: HyperLogLogs, ~1 % error). */
  entityCounts(): Promise<EntityCounts>;
  /** Resolves when the store can serve; rejects with FeatureStoreUnavailableError otherwise. */
  health(): Promise<void>;
  close(): Promise<void>;
}

/** The store could not be reached in time (down, restarting, loading, or too slow). */
export class FeatureStoreUnavailableError extends Error {
  override readonly name = 'FeatureStoreUnavailableError';
  constructor(
    readonly operation: string,
    readonly reason: string,
  ) {
    super(`feature store unavailable (${operation}): ${reason}`);
  }
}
