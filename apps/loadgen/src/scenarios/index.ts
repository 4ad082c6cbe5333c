/**
 * The scenarios by name, built over one shared transaction stream. Only `reset` sends a
 * transaction at the reset terminal: the others see the stream with that terminal's transactions
 * moved to the next one, so alert_counter is reset when the caller asks and never by chance.
 */
import type { LabelledTransaction } from '@fraudwatch/simulator';
import { baselineScenario } from './baseline.js';
import { feedbackScenario } from './feedback.js';
import { fraudBurstScenario } from './fraud-burst.js';
import { legacyScenario } from './legacy.js';
import { resetScenario } from './reset.js';
import type { Scenario } from './scenario.js';
import { avoidingTerminal, type TransactionStream } from './stream.js';

export const SCENARIO_NAMES = ['baseline', 'fraud-burst', 'reset', 'legacy', 'feedback'] as const;
export type ScenarioName = (typeof SCENARIO_NAMES)[number];

interface ScenarioDeps {
  readonly stream: TransactionStream;
  readonly seed: number;
  readonly fraudShare: number;
  readonly resetTerminalId: number;
  /** Hears each transaction baseline and fraud-burst send, as sent (injected fraud included). */
  readonly onSent?: (tx: LabelledTransaction) => void;
}

export function createScenario(name: ScenarioName, deps: ScenarioDeps): Scenario {
  if (name === 'reset') return resetScenario(deps.stream, deps.resetTerminalId);
  const stream = avoidingTerminal(deps.stream, deps.resetTerminalId);
  switch (name) {
    case 'baseline':
      return baselineScenario(stream, deps.onSent);
    case 'fraud-burst':
      return fraudBurstScenario({ stream, seed: deps.seed, share: deps.fraudShare, resetTerminalId: deps.resetTerminalId, onSent: deps.onSent });
    case 'legacy':
      return legacyScenario(stream);
    case 'feedback':
      return feedbackScenario(stream);
  }
}

export { LABELS_PER_REQUEST } from './feedback.js';
export { freshIdBase, replayStream, simulatedStream, type TransactionStream } from './stream.js';
