/** Realistic traffic: the simulator's transactions, in event-time order, scored one by one. */
import type { LabelledTransaction } from '@fraudwatch/simulator';
import type { Scenario } from './scenario.js';
import type { TransactionStream } from './stream.js';
import { predictionDecision, predictRequest } from './wire.js';

export function baselineScenario(stream: TransactionStream, onSent?: (tx: LabelledTransaction) => void): Scenario {
  return {
    name: 'baseline',
    next() {
      const tx = stream.next();
      onSent?.(tx);
      return predictRequest(tx);
    },
    decisionOf: predictionDecision,
  };
}
