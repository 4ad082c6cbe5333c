/**
 * The baseline stream with fraud injected the way the simulator's scenarios produce it, at a
 * share high enough that the model flags it: amounts above 220 (scenario 1), a few compromised
 * terminals (scenario 2) and compromised cards spending five times their usual amounts
 * (scenario 3). Compromised terminals only look risky to the model once fraud labels for them
 * are known a label delay earlier, so `prepare` first sends that history and its labels, the way
 * a week-old compromise would have produced them. Nothing in the requests tells the predictor it
 * is a test.
 */
import { DEFAULT_FEATURE_STORE_OPTIONS, newestLabelledDay, toFraudLabelInput, toTransactionInput } from '@fraudwatch/model';
import { createRandom, DEFAULT_SIMULATION, type FraudScenario, type LabelledTransaction } from '@fraudwatch/simulator';
import { postJson } from '../http.js';
import type { Scenario } from './scenario.js';
import type { TransactionStream } from './stream.js';
import { predictionDecision, predictRequest } from './wire.js';

interface FraudBurstOptions {
  readonly stream: TransactionStream;
  readonly seed: number;
  /** Share of the stream replaced by injected fraud, in (0, 1]. */
  readonly share: number;
  /** Never compromised: a transaction there would reset alert_counter mid-burst. */
  readonly resetTerminalId: number;
  readonly onSent?: ((tx: LabelledTransaction) => void) | undefined;
}

const COMPROMISED_TERMINALS = 3;
const COMPROMISED_CARDS = 3;
/** Fraudulent transactions per compromised terminal in the history sent before the burst. */
const HISTORY_PER_TERMINAL = 8;
/** Transaction ids of the history, far above the simulator's (which count from 0). */
const HISTORY_ID_BASE = 1e12;
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** The injected kinds and their weights: amounts above 220 are the rule a model learns most surely. */
const INJECTED: readonly { scenario: Exclude<FraudScenario, 0>; weight: number }[] = [
  { scenario: 1, weight: 0.5 },
  { scenario: 2, weight: 0.25 },
  { scenario: 3, weight: 0.25 },
];

function distinctIds(count: number, population: number, excluded: number, draw: (n: number) => number): number[] {
  const ids = new Set<number>();
  while (ids.size < count) {
    const id = draw(population);
    if (id !== excluded) ids.add(id);
  }
  return [...ids];
}

export function fraudBurstScenario({ stream, seed, share, resetTerminalId, onSent }: FraudBurstOptions): Scenario {
  // A generator of its own, so the underlying stream stays the one baseline sends for this seed.
  const rng = createRandom(seed ^ 0x5eed_f00d);
  const terminals = distinctIds(COMPROMISED_TERMINALS, DEFAULT_SIMULATION.terminals, resetTerminalId, rng.int);
  const cards = distinctIds(COMPROMISED_CARDS, DEFAULT_SIMULATION.customers, -1, rng.int);
  const pick = (ids: readonly number[]): number => ids[rng.int(ids.length)]!;

  const inject = (tx: LabelledTransaction): LabelledTransaction => {
    let roll = rng.next();
    const kind = INJECTED.find(({ weight }) => (roll -= weight) < 0)?.scenario ?? 1;
    const fraud = { ...tx, isFraud: true, scenario: kind };
    if (kind === 1) return { ...fraud, amount: Math.round(rng.uniform(DEFAULT_SIMULATION.fraudAmount + 1, 2.5 * DEFAULT_SIMULATION.fraudAmount) * 100) / 100 };
    if (kind === 2) return { ...fraud, terminalId: pick(terminals) };
    return { ...fraud, customerId: pick(cards), amount: Math.round(tx.amount * DEFAULT_SIMULATION.compromisedAmountFactor * 100) / 100 };
  };

  return {
    name: 'fraud-burst',
    async prepare(target, headers) {
      // Terminal risk reads labelled days up to newestLabelledDay: put the history on that day.
      const burstDay = Math.floor(stream.peek().time / DAY_MS);
      const historyDayStart = newestLabelledDay(burstDay, DEFAULT_FEATURE_STORE_OPTIONS.labelDelayDays) * DAY_MS;
      const history: LabelledTransaction[] = terminals.flatMap((terminalId, t) =>
        Array.from({ length: HISTORY_PER_TERMINAL }, (_, i) => ({
          transactionId: stream.idBase + HISTORY_ID_BASE + t * HISTORY_PER_TERMINAL + i,
          time: historyDayStart + (8 + i) * HOUR_MS,
          customerId: rng.int(DEFAULT_SIMULATION.customers),
          terminalId,
          amount: Math.round(rng.uniform(5, 100) * 100) / 100,
          isFraud: true,
          scenario: 2 as const,
        })),
      );
      await postJson(target, '/v1/predict/batch', { transactions: history.map(toTransactionInput) }, 200, headers);
      await postJson(target, '/v1/feedback', { labels: history.map(toFraudLabelInput) }, 202, headers);
    },
    next() {
      const tx = stream.next();
      const sent = rng.next() < share ? inject(tx) : tx;
      onSent?.(sent);
      return predictRequest(sent);
    },
    decisionOf: predictionDecision,
  };
}
