/**
 * The legacy service's alert_counter: fraud decisions (or, in `all` mode, every scored
 * transaction) since the last transaction from the reset terminal. The reset transaction itself is
 * not counted, so right after it the counter reads 0, as it did in the legacy service.
 */
import type { Decision } from '@fraudwatch/metrics';
import type { Counter, Gauge } from 'prom-client';
import type { AlertCounterMode } from './config.js';

export interface AlertCounterDeps {
  /** Undefined disables the reset. */
  readonly resetTerminalId: number | undefined;
  readonly mode: AlertCounterMode;
  readonly gauge: Gauge;
  readonly resets: Counter;
}

export interface AlertCounter {
  /** Accounts for one scored transaction. */
  observe(terminalId: number, decision: Decision): void;
}

export function createAlertCounter({ resetTerminalId, mode, gauge, resets }: AlertCounterDeps): AlertCounter {
  let count = 0;
  gauge.set(count);
  return {
    observe(terminalId, decision) {
      if (terminalId === resetTerminalId) {
        count = 0;
        resets.inc();
      } else if (mode === 'all' || decision === 'fraud') {
        count += 1;
      }
      gauge.set(count);
    },
  };
}
