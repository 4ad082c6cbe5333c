/**
 * The handbook's protocol in dates: fit on one week, skip the label delay, test on the next week;
 * the same one week earlier chooses the threshold.
 */
import { dayIndex, parseTxDatetime } from '@fraudwatch/model';

export interface ProtocolOptions {
  /** First day of the training week, "YYYY-MM-DD" (the handbook's 2018-07-25). */
  readonly trainStart: string;
  readonly trainDays: number;
  readonly delayDays: number;
  readonly testDays: number;
}

export const DEFAULT_PROTOCOL: ProtocolOptions = { trainStart: '2018-07-25', trainDays: 7, delayDays: 7, testDays: 7 };

/** Days are epoch day indices; ranges are [from, to). */
export interface Period {
  readonly from: number;
  readonly to: number;
}

export interface Periods {
  /** The same protocol one week earlier: a model fitted here and tested on `validationTest` picks the threshold. */
  readonly validationFit: Period;
  readonly validationTest: Period;
  readonly fit: Period;
  readonly test: Period;
}

/** The epoch day of a "YYYY-MM-DD" date; `name` names the option in the error. */
export function epochDay(date: string, name: string): number {
  const time = parseTxDatetime(`${date} 00:00:00`);
  if (time === undefined) throw new RangeError(`${name} must be a date YYYY-MM-DD, got ${date}`);
  return dayIndex(time);
}

export function protocolPeriods(p: ProtocolOptions): Periods {
  const start = epochDay(p.trainStart, 'trainStart');
  const fit = { from: start, to: start + p.trainDays };
  const test = { from: fit.to + p.delayDays, to: fit.to + p.delayDays + p.testDays };
  const validationFit = { from: start - p.delayDays - p.trainDays, to: start - p.delayDays };
  const validationTest = { from: start, to: start + p.testDays };
  return { validationFit, validationTest, fit, test };
}

/** Last day (exclusive) a stream must reach for the protocol. */
export function protocolEnd(p: ProtocolOptions): number {
  return protocolPeriods(p).test.to;
}
