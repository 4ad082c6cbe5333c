/** The seed's query form: `GET /predict?tranaction_id=…` (sic) with the handbook's time columns. */
import { formatTxDatetime } from '@fraudwatch/model';
import type { Scenario } from './scenario.js';
import type { TransactionStream } from './stream.js';
import { seedDecision } from './wire.js';

const SECONDS_PER_DAY = 86_400;

export function seedCompatScenario(stream: TransactionStream): Scenario {
  return {
    name: 'seed-compat',
    next() {
      const tx = stream.next();
      const seconds = Math.floor((tx.time - stream.start) / 1000);
      const query = new URLSearchParams({
        tranaction_id: String(tx.transactionId),
        tx_datetime: formatTxDatetime(tx.time),
        customer_id: String(tx.customerId),
        terminal_id: String(tx.terminalId),
        tx_amount: String(tx.amount),
        tx_time_seconds: String(seconds),
        tx_time_days: String(Math.floor(seconds / SECONDS_PER_DAY)),
      });
      return { method: 'GET', path: `/predict?${query.toString()}` };
    },
    decisionOf: seedDecision,
  };
}
