/**
 * The decisions made for recent transactions, so that a fraud label arriving later can be
 * counted against the decision (live precision and recall). Bounded: the oldest is forgotten.
 */
import type { Decision } from '@fraudwatch/metrics';

export interface DecisionLog {
  remember(transactionId: number, decision: Decision): void;
  recall(transactionId: number): Decision | undefined;
}

export function createDecisionLog(capacity: number): DecisionLog {
  // A Map iterates in insertion order, so its first key is the oldest decision.
  const decisions = new Map<number, Decision>();
  return {
    remember(transactionId, decision) {
      decisions.delete(transactionId);
      decisions.set(transactionId, decision);
      if (decisions.size > capacity) {
        const oldest = decisions.keys().next();
        if (!oldest.done) decisions.delete(oldest.value);
      }
    },
    recall: (transactionId) => decisions.get(transactionId),
  };
}
