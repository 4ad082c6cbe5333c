/** The legacy service's reset: the next simulated transaction, made at the reset terminal (13 by default). */
import type { Scenario } from './scenario.js';
import type { TransactionStream } from './stream.js';
import { predictionDecision, predictRequest } from './wire.js';

export function resetScenario(stream: TransactionStream, resetTerminalId: number): Scenario {
  return {
    name: 'reset',
    defaultAmount: 1,
    next: () => predictRequest({ ...stream.next(), terminalId: resetTerminalId }),
    decisionOf: predictionDecision,
  };
}
