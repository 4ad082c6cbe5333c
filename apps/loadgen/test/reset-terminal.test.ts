/**
 * Only `reset` reaches the reset terminal. The simulated stream does visit it (seed 42: three times
 * in its first 5,000 transactions), and any such request would zero alert_counter mid-run.
 */
import { describe, expect, it } from 'vitest';
import { createScenario, simulatedStream, type ScenarioName } from '../src/scenarios/index.js';
import type { LoadRequest } from '../src/scenarios/scenario.js';

const SEED = 42;
const RESET_TERMINAL = 13;
/** Long enough to hold the stream's visits to terminal 13 for this seed. */
const TRANSACTIONS = 5_000;

/** The terminal ids a request carries, whatever its wire form. */
function terminalIds(request: LoadRequest): number[] {
  if (request.method === 'GET') return [Number(new URL(request.path, 'http://x').searchParams.get('terminal_id'))];
  const body = JSON.parse(request.body ?? '{}') as { terminal_id?: number; labels?: { terminal_id: number }[] };
  return body.labels?.map((label) => label.terminal_id) ?? [body.terminal_id!];
}

function sentTerminalIds(name: ScenarioName, resetTerminalId: number): number[] {
  const scenario = createScenario(name, { stream: simulatedStream(SEED), seed: SEED, fraudShare: 0.5, resetTerminalId });
  const ids: number[] = [];
  while (ids.length < TRANSACTIONS) ids.push(...terminalIds(scenario.next()));
  return ids;
}

describe('the reset terminal', () => {
  it('is visited by the raw simulated stream (what the scenarios must steer around)', () => {
    const stream = simulatedStream(SEED);
    const visits = Array.from({ length: TRANSACTIONS }, () => stream.next().terminalId).filter((id) => id === RESET_TERMINAL);
    expect(visits.length).toBeGreaterThan(0);
  });

  it.each(['baseline', 'fraud-burst', 'legacy', 'feedback'] as const)('never appears in a long %s run', (name) => {
    const ids = sentTerminalIds(name, RESET_TERMINAL);
    expect(ids).toHaveLength(TRANSACTIONS);
    expect(ids).not.toContain(RESET_TERMINAL);
  });

  it('follows --reset-terminal: with another reset terminal, 13 is sent as simulated', () => {
    expect(sentTerminalIds('baseline', 9_999)).toContain(RESET_TERMINAL);
  });

  it('moves only the reset terminal\'s transactions, to the next terminal', () => {
    const raw = simulatedStream(SEED);
    const expected = Array.from({ length: TRANSACTIONS }, () => raw.next().terminalId).map((id) => (id === RESET_TERMINAL ? RESET_TERMINAL + 1 : id));
    expect(sentTerminalIds('baseline', RESET_TERMINAL)).toEqual(expected);
  });

  it('is where reset sends its one transaction', () => {
    const reset = createScenario('reset', { stream: simulatedStream(SEED), seed: SEED, fraudShare: 0.5, resetTerminalId: RESET_TERMINAL });
    expect(terminalIds(reset.next())).toEqual([RESET_TERMINAL]);
  });
});
