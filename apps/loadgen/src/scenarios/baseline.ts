/** Realistic traffic: the simulator's transactions, in event-time order, scored one by one. */
import type { Scenario } from './scenario.js';
import type { TransactionStream } from './stream.js';
import { predictionDecision, predictRequest } from './wire.js';

export function baselineScenario(stream: TransactionStream): Scenario {
  return {
    name: 'baseline',
    next: () => predictRequest(stream.next()),
    decisionOf: predictionDecision,
  };
}
