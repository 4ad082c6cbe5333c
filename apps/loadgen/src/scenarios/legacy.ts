/** The legacy query form: `GET /predict?tranaction_id=…` (sic) with the handbook's time columns. */
import { toLegacyQuery } from '@fraudwatch/model';
import type { Scenario } from './scenario.js';
import type { TransactionStream } from './stream.js';
import { legacyDecision } from './wire.js';

export function legacyScenario(stream: TransactionStream): Scenario {
  return {
    name: 'legacy',
    next() {
      const query = toLegacyQuery(stream.next(), stream.start);
      return { method: 'GET', path: `/predict?${query.toString()}` };
    },
    decisionOf: legacyDecision,
  };
}
