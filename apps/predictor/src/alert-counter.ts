/**
 * The legacy service's alert_counter: fraud decisions (or, in `all` mode, every scored
 * transaction) since the last transaction from the reset terminal. The reset transaction itself is
 * not counted, so right after it the counter reads 0, as it did in the legacy service.
 *
 * With API keys, only a caller holding `alert-reset` may reset it: from anyone else a transaction
 * at the reset terminal is counted like any other, and the refusal is counted on its own.
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
  /** Reset-terminal transactions from callers who may not reset. */
  readonly refused: Counter;
}

export interface ObserveOptions {
  /** Whether this transaction's caller may reset the counter (auth.mayResetAlertCounter). */
  readonly mayResetAlertCounter: boolean;
}

export interface AlertCounter {
  /** Accounts for one scored transaction. */
  observe(terminalId: number, decision: Decision, options: ObserveOptions): void;
}

export function createAlertCounter({ resetTerminalId, mode, gauge, resets, refused }: AlertCounterDeps): AlertCounter {
  let count = 0;
  gauge.set(count);
  return {
    observe(terminalId, decision, { mayResetAlertCounter }) {
      const atResetTerminal = terminalId === resetTerminalId;
      if (atResetTerminal && mayResetAlertCounter) {
        count = 0;
        resets.inc();
      } else {
        if (atResetTerminal) refused.inc();
        if (mode === 'all' || decision === 'fraud') count += 1;
      }
      gauge.set(count);
    },
  };
}
