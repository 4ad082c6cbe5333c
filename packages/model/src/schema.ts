/**
 * The wire form of a transaction (snake_case, as the legacy service and the handbook name the fields),
 * validated once at the edge and turned into the domain type.
 */
import { z } from 'zod';
import type { FraudLabel, Transaction } from './types.js';

const SPACE_FORM = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;
// ISO 8601 with a date and a time; an offset is optional (none means UTC, like the space form).
const ISO_FORM = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:(Z)|([+-])(\d{2}):?(\d{2}))?$/;
const MINUTE_MS = 60_000;

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * Whether the fields name a real wall-clock time. Checked by arithmetic rather than a Date round
 * trip: this runs for every transaction, and the round trip was a third of validating one.
 * Years below 100 are refused because Date.UTC would read them as 1900–1999.
 */
function isWallClockTime(y: number, mo: number, d: number, h: number, mi: number, s: number): boolean {
  return y >= 100 && mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo) && h <= 23 && mi <= 59 && s <= 59;
}

/**
 * Parses "YYYY-MM-DD HH:MM:SS" (UTC) or ISO 8601 into epoch ms; undefined when it is neither or
 * names an impossible wall-clock time or offset. Every form is checked field by field, because
 * Date.parse rolls 2023-02-30 over to 2 March and reads 24:00 as the next day.
 */
export function parseTxDatetime(text: string): number | undefined {
  const m = SPACE_FORM.exec(text) ?? ISO_FORM.exec(text);
  if (!m) return undefined;
  // Absent groups (ISO seconds, fraction, offset) read as 0.
  const field = (i: number): number => Number(m[i] ?? 0);
  const [y, mo, d, h, mi, s] = [field(1), field(2), field(3), field(4), field(5), field(6)];
  if (!isWallClockTime(y, mo, d, h, mi, s)) return undefined;
  // Milliseconds are the fraction's first three digits (further digits are cut, as Date.parse does).
  const ms = Number((m[7] ?? '').slice(0, 3).padEnd(3, '0'));
  const [sign, offsetHours, offsetMinutes] = [m[9], field(10), field(11)];
  if (offsetHours > 23 || offsetMinutes > 59) return undefined;
  const offset = (sign === '-' ? -1 : 1) * (offsetHours * 60 + offsetMinutes) * MINUTE_MS;
  return Date.UTC(y, mo - 1, d, h, mi, s) + ms - offset;
}

/** The handbook's "YYYY-MM-DD HH:MM:SS" form, in UTC. */
export function formatTxDatetime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

const id = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

/**
 * The largest amount accepted: far above any card payment, yet small enough that summing a
 * customer's 30-day window (the features add amounts up) stays finite and exact to the cent.
 */
export const MAX_TX_AMOUNT = 1e9;

/**
 * The instants a transaction may carry, [from, to): the handbook's data is from 2018, and a time
 * outside this century is a unit or zeroed-field error upstream rather than a payment. Whether a
 * time is too far in the future is a matter of the receiver's clock, so the service checks that.
 */
export const TX_TIME_RANGE = { from: Date.UTC(2000, 0, 1), to: Date.UTC(2100, 0, 1) } as const;

export const txDatetimeSchema = z
  .string()
  .max(40)
  .transform((text, ctx) => {
    const ms = parseTxDatetime(text);
    if (ms === undefined) {
      ctx.addIssue({ code: 'custom', message: 'expected "YYYY-MM-DD HH:MM:SS" or ISO 8601 date-time' });
      return z.NEVER;
    }
    if (ms < TX_TIME_RANGE.from || ms >= TX_TIME_RANGE.to) {
      ctx.addIssue({ code: 'custom', message: 'tx_datetime must be from 2000-01-01 up to 2100-01-01 (UTC)' });
      return z.NEVER;
    }
    return ms;
  });

const txAmount = z
  .number()
  .finite()
  .nonnegative()
  .max(MAX_TX_AMOUNT, { message: `tx_amount must be at most ${MAX_TX_AMOUNT}` });

export const transactionInputSchema = z
  .strictObject({
    transaction_id: id,
    tx_datetime: txDatetimeSchema,
    customer_id: id,
    terminal_id: id,
    tx_amount: txAmount,
  })
  .transform(
    (t): Transaction => ({
      transactionId: t.transaction_id,
      time: t.tx_datetime,
      customerId: t.customer_id,
      terminalId: t.terminal_id,
      amount: t.tx_amount,
    }),
  );
export type TransactionInput = z.input<typeof transactionInputSchema>;

/** A label's verdict: a boolean or 0/1 (the handbook's TX_FRAUD column). */
export const isFraudSchema = z.union([z.boolean(), z.literal(0), z.literal(1)]).transform((v) => v === true || v === 1);

export const fraudLabelInputSchema = z
  .strictObject({
    transaction_id: id,
    customer_id: id,
    terminal_id: id,
    tx_datetime: txDatetimeSchema,
    is_fraud: isFraudSchema,
  })
  .transform(
    (l): FraudLabel => ({
      transactionId: l.transaction_id,
      time: l.tx_datetime,
      customerId: l.customer_id,
      terminalId: l.terminal_id,
      isFraud: l.is_fraud,
    }),
  );
export type FraudLabelInput = z.input<typeof fraudLabelInputSchema>;

/** The wire form of a domain transaction (for the load generator and tests). */
export function toTransactionInput(tx: Transaction): TransactionInput {
  return {
    transaction_id: tx.transactionId,
    tx_datetime: formatTxDatetime(tx.time),
    customer_id: tx.customerId,
    terminal_id: tx.terminalId,
    tx_amount: tx.amount,
  };
}

/** The wire form of a domain fraud label (for the load generator's label feed and tests). */
export function toFraudLabelInput(label: FraudLabel): FraudLabelInput {
  return {
    transaction_id: label.transactionId,
    customer_id: label.customerId,
    terminal_id: label.terminalId,
    tx_datetime: formatTxDatetime(label.time),
    is_fraud: label.isFraud,
  };
}

/**
 * The legacy query form of a transaction (`GET /predict?…`, with its misspelt `tranaction_id`);
 * as in the handbook's data, tx_time_seconds and tx_time_days count from `startMs`, the first day.
 */
export function toLegacyQuery(tx: Transaction, startMs: number): URLSearchParams {
  const seconds = Math.floor((tx.time - startMs) / 1000);
  return new URLSearchParams({
    tranaction_id: String(tx.transactionId),
    tx_datetime: formatTxDatetime(tx.time),
    customer_id: String(tx.customerId),
    terminal_id: String(tx.terminalId),
    tx_amount: String(tx.amount),
    tx_time_seconds: String(seconds),
    tx_time_days: String(Math.floor(seconds / 86_400)),
  });
}
