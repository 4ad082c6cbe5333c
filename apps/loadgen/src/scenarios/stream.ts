/** The simulator's transactions as a pull stream that scenarios (and the drill's steps) share. */
import { DEFAULT_SIMULATION, simulate, type LabelledTransaction } from '@fraudwatch/simulator';

export interface TransactionStream {
  /** First instant of the simulation (epoch ms): the legacy tx_time_seconds count from it. */
  readonly start: number;
  /** Added to the simulator's transaction ids (and to those a scenario makes up). */
  readonly idBase: number;
  next(): LabelledTransaction;
  /** The transaction `next()` will return, without consuming it. */
  peek(): LabelledTransaction;
}

/**
 * An id base no earlier run used (the clock in ms, modulo 2^30, times 2^22, above the simulation's
 * ~1.8 M ids; under 2^53), for runs that must change the predictor's state whatever ran before:
 * a predictor answers a transaction it has already recorded with its stored answer and changes
 * nothing.
 */
export function freshIdBase(nowMs: number): number {
  return (nowMs % 2 ** 30) * 2 ** 22;
}

/**
 * The handbook simulation for `seed`, in event-time order: ~1.8 million transactions, far beyond any
 * bounded run. The same seed and `idBase` send the same transactions: the predictor answers one it
 * has already scored with its first answer and changes nothing, so a run meant to move its state
 * again takes another `idBase`.
 */
export function simulatedStream(seed: number, idBase = 0): TransactionStream {
  const source = simulate({ seed });
  let buffered: LabelledTransaction | undefined;
  const pull = (): LabelledTransaction => {
    const step = source.next();
    if (step.done === true) throw new RangeError(`the simulation for seed ${seed} ran out of transactions`);
    return idBase === 0 ? step.value : { ...step.value, transactionId: idBase + step.value.transactionId };
  };
  return {
    start: Date.parse(`${DEFAULT_SIMULATION.startDate}T00:00:00Z`),
    idBase,
    next() {
      const tx = buffered ?? pull();
      buffered = undefined;
      return tx;
    },
    peek() {
      buffered ??= pull();
      return buffered;
    },
  };
}

/** `transactions` over and over (a bounded run stops first): what a run sent, for its labels. */
export function replayStream(transactions: readonly LabelledTransaction[], start: number): TransactionStream {
  if (transactions.length === 0) throw new RangeError('nothing to replay');
  let i = 0;
  return {
    start,
    // The transactions as they were sent, ids included.
    idBase: 0,
    next: () => transactions[i++ % transactions.length]!,
    peek: () => transactions[i % transactions.length]!,
  };
}

/**
 * `stream` with every transaction at `terminalId` moved to the next terminal: the simulator puts a
 * few real transactions on the reset terminal (seed 42: the 2830th, 3133rd and 4960th), and each
 * would zero alert_counter in the middle of a run that is meant to raise it. Only the `reset`
 * scenario goes there.
 */
export function avoidingTerminal(stream: TransactionStream, terminalId: number): TransactionStream {
  const elsewhere = (terminalId + 1) % DEFAULT_SIMULATION.terminals;
  const moved = (tx: LabelledTransaction): LabelledTransaction => (tx.terminalId === terminalId ? { ...tx, terminalId: elsewhere } : tx);
  return {
    start: stream.start,
    idBase: stream.idBase,
    next: () => moved(stream.next()),
    peek: () => moved(stream.peek()),
  };
}
