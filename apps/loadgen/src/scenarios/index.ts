/** The scenarios by name, built over one shared transaction stream. */
import { baselineScenario } from './baseline.js';
import { feedbackScenario } from './feedback.js';
import { fraudBurstScenario } from './fraud-burst.js';
import { resetScenario } from './reset.js';
import type { Scenario } from './scenario.js';
import { seedCompatScenario } from './seed-compat.js';
import type { TransactionStream } from './stream.js';

export const SCENARIO_NAMES = ['baseline', 'fraud-burst', 'reset', 'seed-compat', 'feedback'] as const;
export type ScenarioName = (typeof SCENARIO_NAMES)[number];

export interface ScenarioDeps {
  readonly stream: TransactionStream;
  readonly seed: number;
  readonly fraudShare: number;
  readonly resetTerminalId: number;
}

export function createScenario(name: ScenarioName, deps: ScenarioDeps): Scenario {
  switch (name) {
    case 'baseline':
      return baselineScenario(deps.stream);
    case 'fraud-burst':
      return fraudBurstScenario({ stream: deps.stream, seed: deps.seed, share: deps.fraudShare, resetTerminalId: deps.resetTerminalId });
    case 'reset':
      return resetScenario(deps.stream, deps.resetTerminalId);
    case 'seed-compat':
      return seedCompatScenario(deps.stream);
    case 'feedback':
      return feedbackScenario(deps.stream);
  }
}

export type { Decision, LoadRequest, Scenario } from './scenario.js';
export { simulatedStream, type TransactionStream } from './stream.js';
