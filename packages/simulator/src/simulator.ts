/**
 * Transaction simulator following the rules the Fraud Detection Handbook (Le Borgne et al.)
 * describes, written from the description. It streams one simulated day at a time, so a caller
 * never holds the dataset in memory.
 */
import { DAY_MS, parseTxDatetime, type Transaction } from '@fraudwatch/model';
import { createRandom, type Random } from './random.js';

/** 0 legit; 1 amount > 220; 2 compromised terminal; 3 compromised card (amounts x5). */
export type FraudScenario = 0 | 1 | 2 | 3;

/** A simulated transaction with its true label and the scenario that made it fraud. */
export interface LabelledTransaction extends Transaction {
  readonly isFraud: boolean;
  readonly scenario: FraudScenario;
}

export interface SimulationOptions {
  readonly seed: number;
  readonly customers: number;
  readonly terminals: number;
  readonly days: number;
  /** First simulated day, "YYYY-MM-DD" (UTC). */
  readonly startDate: string;
  /** A customer uses the terminals within this distance of their location on the 100×100 grid. */
  readonly radius: number;
  /** Scenario 1: every amount above this is fraud. */
  readonly fraudAmount: number;
  /** Scenario 2: terminals compromised each day, and for how many days. */
  readonly compromisedTerminalsPerDay: number;
  readonly terminalCompromiseDays: number;
  /** Scenario 3: customers compromised each day, and for how many days. */
  readonly compromisedCustomersPerDay: number;
  readonly customerCompromiseDays: number;
  /** Scenario 3: share of a compromised customer's transactions that are fraud, and their amount factor. */
  readonly compromisedCustomerFraudShare: number;
  readonly compromisedAmountFactor: number;
}

/** The handbook's settings. */
export const DEFAULT_SIMULATION: SimulationOptions = {
  seed: 0,
  customers: 5000,
  terminals: 10000,
  days: 183,
  startDate: '2018-04-01',
  radius: 5,
  fraudAmount: 220,
  compromisedTerminalsPerDay: 2,
  terminalCompromiseDays: 28,
  compromisedCustomersPerDay: 3,
  customerCompromiseDays: 14,
  compromisedCustomerFraudShare: 1 / 3,
  compromisedAmountFactor: 5,
};

const GRID = 100;
const SECONDS_PER_DAY = 86_400;
const MEAN_TIME_S = SECONDS_PER_DAY / 2;
const STD_TIME_S = 20_000;

interface CustomerProfiles {
  readonly meanAmount: Float64Array;
  readonly stdAmount: Float64Array;
  readonly meanTxPerDay: Float64Array;
  /** Terminals within `radius`, per customer. */
  readonly terminals: readonly Int32Array[];
}

function createProfiles(o: SimulationOptions, rng: Random): CustomerProfiles {
  const cx = new Float64Array(o.customers);
  const cy = new Float64Array(o.customers);
  const meanAmount = new Float64Array(o.customers);
  const stdAmount = new Float64Array(o.customers);
  const meanTxPerDay = new Float64Array(o.customers);
  for (let c = 0; c < o.customers; c++) {
    cx[c] = rng.uniform(0, GRID);
    cy[c] = rng.uniform(0, GRID);
    meanAmount[c] = rng.uniform(5, 100);
    stdAmount[c] = meanAmount[c]! / 2;
    meanTxPerDay[c] = rng.uniform(0, 4);
  }
  const tx = new Float64Array(o.terminals);
  const ty = new Float64Array(o.terminals);
  for (let t = 0; t < o.terminals; t++) {
    tx[t] = rng.uniform(0, GRID);
    ty[t] = rng.uniform(0, GRID);
  }
  const r2 = o.radius * o.radius;
  const terminals: Int32Array[] = [];
  const near: number[] = [];
  for (let c = 0; c < o.customers; c++) {
    near.length = 0;
    for (let t = 0; t < o.terminals; t++) {
      const dx = cx[c]! - tx[t]!;
      const dy = cy[c]! - ty[t]!;
      if (dx * dx + dy * dy < r2) near.push(t);
    }
    terminals.push(Int32Array.from(near));
  }
  return { meanAmount, stdAmount, meanTxPerDay, terminals };
}

interface DayTx {
  timeS: number;
  customerId: number;
  terminalId: number;
  amount: number;
}

function simulateDay(p: CustomerProfiles, rng: Random): DayTx[] {
  const out: DayTx[] = [];
  for (let c = 0; c < p.meanTxPerDay.length; c++) {
    const n = rng.poisson(p.meanTxPerDay[c]!);
    const near = p.terminals[c]!;
    for (let i = 0; i < n; i++) {
      const timeS = Math.round(rng.normal(MEAN_TIME_S, STD_TIME_S));
      // Like the handbook, draws outside the day are dropped, not clamped (no spike at midnight).
      if (timeS <= 0 || timeS >= SECONDS_PER_DAY || near.length === 0) continue;
      let amount = rng.normal(p.meanAmount[c]!, p.stdAmount[c]!);
      while (amount < 0) amount = rng.normal(p.meanAmount[c]!, p.stdAmount[c]!);
      out.push({ timeS, customerId: c, terminalId: near[rng.int(near.length)]!, amount: Math.round(amount * 100) / 100 });
    }
  }
  // Stable sort: ties keep generation order, so the stream stays deterministic.
  return out.sort((a, b) => a.timeS - b.timeS);
}

/** Marks `count` random ids of [0, population) as compromised from `day` for `length` days. */
function compromise(until: Map<number, number>, rng: Random, population: number, count: number, day: number, length: number): void {
  for (let i = 0; i < count && population > 0; i++) {
    const id = rng.int(population);
    until.set(id, Math.max(until.get(id) ?? 0, day + length));
  }
}

function isActive(until: Map<number, number>, id: number, day: number): boolean {
  const end = until.get(id);
  return end !== undefined && day < end;
}

/**
 * Streams labelled transactions in event-time order, day by day, with ids 0, 1, 2, …
 * The compromised terminals and customers of a day are drawn when the day starts, so the labels
 * need no look-ahead.
 */
export function* simulate(options: Partial<SimulationOptions> = {}): Generator<LabelledTransaction> {
  const o: SimulationOptions = { ...DEFAULT_SIMULATION, ...options };
  const start = parseTxDatetime(`${o.startDate} 00:00:00`);
  if (start === undefined) throw new RangeError(`startDate must be a date YYYY-MM-DD, got ${o.startDate}`);
  const rng = createRandom(o.seed);
  const profiles = createProfiles(o, rng);
  const terminalUntil = new Map<number, number>();
  const customerUntil = new Map<number, number>();
  let transactionId = 0;
  for (let day = 0; day < o.days; day++) {
    compromise(terminalUntil, rng, o.terminals, o.compromisedTerminalsPerDay, day, o.terminalCompromiseDays);
    compromise(customerUntil, rng, o.customers, o.compromisedCustomersPerDay, day, o.customerCompromiseDays);
    const dayStart = start + day * DAY_MS;
    for (const t of simulateDay(profiles, rng)) {
      let amount = t.amount;
      let scenario: FraudScenario = amount > o.fraudAmount ? 1 : 0;
      if (isActive(terminalUntil, t.terminalId, day)) scenario = 2;
      if (isActive(customerUntil, t.customerId, day) && rng.next() < o.compromisedCustomerFraudShare) {
        amount = Math.round(amount * o.compromisedAmountFactor * 100) / 100;
        scenario = 3;
      }
      yield {
        transactionId: transactionId++,
        time: dayStart + t.timeS * 1000,
        customerId: t.customerId,
        terminalId: t.terminalId,
        amount,
        isFraud: scenario !== 0,
        scenario,
      };
    }
    // Forget compromises that have ended so the maps stay small on long runs.
    for (const until of [terminalUntil, customerUntil]) {
      for (const [id, end] of until) if (end <= day + 1) until.delete(id);
    }
  }
}
