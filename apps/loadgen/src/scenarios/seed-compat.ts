/** The seed's query form: `GET /predict?tranaction_id=…` (sic) with the handbook's time columns. */
import { toSeedQuery } from '@fraudwatch/model';
import type { Scenario } from './scenario.js';
import type { TransactionStream } from './stream.js';
import { seedDecision } from './wire.js';

export function seedCompatScenario(stream: TransactionStream): Scenario {
  return {
    name: 'seed-compat',
    next() {
      const query = toSeedQuery(stream.next(), stream.start);
      return { method: 'GET', path: `/predict?${query.toString()}` };
    },
    decisionOf: seedDecision,
  };
}
