/**
 * The four row sets of the handbook's protocol, from one replay of a labelled stream: the
 * validation pair (fit a week, skip the delay, score the next week: chooses the threshold and,
 * for XGBoost, the number of rounds) and the test pair one delay later.
 */
import { DEFAULT_PROTOCOL, protocolPeriods, type ProtocolOptions } from './protocol.js';
import { inPeriod, replay, testRows, type Row, type TrainingTransaction } from './replay.js';

export interface ProtocolSets {
  /** Fitted on to score `validation` (all the week's rows). */
  readonly validationFit: readonly Row[];
  /** The validation week without the cards already known to be compromised. */
  readonly validation: readonly Row[];
  /** The model's training week (all rows). */
  readonly train: readonly Row[];
  /** The test week without the cards already known to be compromised. */
  readonly test: readonly Row[];
}

export const PROTOCOL_SET_NAMES = ['validationFit', 'validation', 'train', 'test'] as const;

export function protocolSets(stream: Iterable<TrainingTransaction>, options: Partial<ProtocolOptions> = {}): ProtocolSets {
  const protocol = { ...DEFAULT_PROTOCOL, ...options };
  const periods = protocolPeriods(protocol);
  const data = replay(stream, periods.validationFit.from, periods.test.to, protocol.delayDays);
  return {
    validationFit: inPeriod(data.rows, periods.validationFit),
    validation: testRows(data, periods.validationFit, periods.validationTest, protocol.delayDays),
    train: inPeriod(data.rows, periods.fit),
    test: testRows(data, periods.fit, periods.test, protocol.delayDays),
  };
}
