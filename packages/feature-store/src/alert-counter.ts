/**
 * The seed's alert_counter rules, applied by both backends: a transaction from the reset terminal
 * resets the counter (and is not counted), if its caller may reset it; otherwise a fraud decision
 * (or, in `all` mode, every transaction) adds one.
 */
import type { Decision } from './contract.js';

export const ALERT_COUNTER_MODES = ['fraud', 'all'] as const;
export type AlertCounterMode = (typeof ALERT_COUNTER_MODES)[number];

export interface AlertCounterRules {
  /** Undefined disables the reset. */
  readonly resetTerminalId: number | undefined;
  readonly mode: AlertCounterMode;
}

export type AlertCounterOp = 'reset' | 'inc' | 'none';

export function alertCounterOp(rules: AlertCounterRules, terminalId: number, decision: Decision, mayReset = true): AlertCounterOp {
  if (mayReset && terminalId === rules.resetTerminalId) return 'reset';
  return rules.mode === 'all' || decision === 'fraud' ? 'inc' : 'none';
}
