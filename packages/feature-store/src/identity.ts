/**
 * What identifies a transaction for exactly-once: its id together with its customer when it is
 * scored, with its terminal when it is labelled. Redis keeps each record in the slot of that
 * entity (so one atomic call covers both in a Cluster), and the memory store keys the same way so
 * the two behave alike. A retry carries the same fields, so it is recognised.
 */
import type { FraudLabel, Transaction } from '@fraudwatch/model';

export function predictionKey(tx: Pick<Transaction, 'customerId' | 'transactionId'>): string {
  return `${tx.customerId}:${tx.transactionId}`;
}

export function labelKey(label: Pick<FraudLabel, 'terminalId' | 'transactionId'>): string {
  return `${label.terminalId}:${label.transactionId}`;
}
