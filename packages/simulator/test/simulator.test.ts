import { describe, expect, it } from 'vitest';
import { DAY_MS } from '@fraudwatch/model';
import { DEFAULT_SIMULATION, simulate, type LabelledTransaction } from '../src/simulator.js';

const SMALL = { customers: 400, terminals: 800, days: 60, seed: 7 };

function take(options: Parameters<typeof simulate>[0]): LabelledTransaction[] {
  return [...simulate(options)];
}

describe('simulate', () => {
  const stream = take(SMALL);
  const start = Date.parse(`${DEFAULT_SIMULATION.startDate}T00:00:00Z`);

  it('gives the same stream for the same seed and another for another seed', () => {
    expect(take(SMALL)).toEqual(stream);
    const other = take({ ...SMALL, seed: 8 });
    expect(other.slice(0, 50)).not.toEqual(stream.slice(0, 50));
  });

  it('streams lazily: taking the first transactions does not simulate every day', () => {
    const it = simulate({ ...SMALL, days: 1_000_000 });
    const first = it.next();
    expect(first.done).toBe(false);
    expect(first.value.transactionId).toBe(0);
  });

  it('is in event-time order with consecutive ids, within the simulated days', () => {
    for (let i = 1; i < stream.length; i++) {
      expect(stream[i]!.time).toBeGreaterThanOrEqual(stream[i - 1]!.time);
      expect(stream[i]!.transactionId).toBe(i);
    }
    expect(stream[0]!.time).toBeGreaterThanOrEqual(start);
    expect(stream.at(-1)!.time).toBeLessThan(start + SMALL.days * DAY_MS);
  });

  it('keeps ids and amounts in range', () => {
    for (const tx of stream) {
      expect(tx.customerId).toBeLessThan(SMALL.customers);
      expect(tx.terminalId).toBeLessThan(SMALL.terminals);
      expect(tx.amount).toBeGreaterThanOrEqual(0);
    }
  });

  it('labels every amount above 220 as fraud, and fraud exactly when a scenario applies', () => {
    for (const tx of stream) {
      if (tx.amount > 220) expect(tx.isFraud).toBe(true);
      expect(tx.isFraud).toBe(tx.scenario !== 0);
      if (tx.scenario === 1) expect(tx.amount).toBeGreaterThan(220);
    }
  });

  it('labels every transaction at a compromised terminal within its 28-day window', () => {
    // The simulator does not expose its schedule: between a terminal's first and last scenario-2
    // fraud, when they are less than 28 days apart, one compromise covers every transaction.
    const span = new Map<number, { first: number; last: number }>();
    for (const tx of stream) {
      if (tx.scenario !== 2) continue;
      const s = span.get(tx.terminalId);
      if (s) s.last = tx.time;
      else span.set(tx.terminalId, { first: tx.time, last: tx.time });
    }
    expect(span.size).toBeGreaterThan(10);
    let checked = 0;
    for (const tx of stream) {
      const s = span.get(tx.terminalId);
      if (s && s.last - s.first < 28 * DAY_MS && tx.time >= s.first && tx.time <= s.last) {
        expect(tx.isFraud).toBe(true);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('keeps each compromise for its window: never more compromised entities a day than the windows allow', () => {
    // Dense: 100 terminals each used ~40 times a day, so every compromised terminal shows daily.
    const perDay = new Map<number, { terminals: Set<number>; customers: Set<number> }>();
    for (const tx of simulate({ customers: 2000, terminals: 100, days: 60, seed: 4 })) {
      const day = Math.floor((tx.time - start) / DAY_MS);
      let d = perDay.get(day);
      if (!d) perDay.set(day, (d = { terminals: new Set(), customers: new Set() }));
      if (tx.scenario === 2) d.terminals.add(tx.terminalId);
      if (tx.scenario === 3) d.customers.add(tx.customerId);
    }
    let most = 0;
    for (const [day, d] of perDay) {
      // 2 terminals a day for 28 days, 3 customers a day for 14 days.
      expect(d.terminals.size).toBeLessThanOrEqual(2 * Math.min(day + 1, 28));
      expect(d.customers.size).toBeLessThanOrEqual(3 * Math.min(day + 1, 14));
      most = Math.max(most, d.terminals.size);
    }
    // With windows much shorter than 28 days there could never be this many at once.
    expect(most).toBeGreaterThan(30);
  });

  it('makes about a third of a compromised customer\'s transactions in its 14-day window fraud, at 5× the amount', () => {
    const firstDay = new Map<number, number>();
    for (const tx of stream) {
      const day = Math.floor((tx.time - start) / DAY_MS);
      if (tx.scenario === 3 && !firstDay.has(tx.customerId)) firstDay.set(tx.customerId, day);
    }
    let inWindow = 0;
    let scenario3 = 0;
    for (const tx of stream) {
      const from = firstDay.get(tx.customerId);
      if (from === undefined) continue;
      const day = Math.floor((tx.time - start) / DAY_MS);
      // The first fraud can come after the compromise started, so count a window from it.
      if (day >= from && day < from + 14) {
        inWindow++;
        if (tx.scenario === 3) scenario3++;
      }
      if (tx.scenario === 3) expect(day).toBeGreaterThanOrEqual(from);
    }
    expect(scenario3 / inWindow).toBeGreaterThan(0.25);
    expect(scenario3 / inWindow).toBeLessThan(0.5);
  });

  it('yields a sane fraud share at the handbook size', () => {
    let n = 0;
    let frauds = 0;
    for (const tx of simulate({ days: 40, seed: 1 })) {
      n++;
      if (tx.isFraud) frauds++;
    }
    // The handbook reports about 0.84 % over 183 days; the first 28 days ramp scenario 2 up.
    expect(n / 40).toBeGreaterThan(8000);
    expect(n / 40).toBeLessThan(11000);
    expect(frauds / n).toBeGreaterThan(0.004);
    expect(frauds / n).toBeLessThan(0.012);
  });
});

describe('simulate options', () => {
  it('rejects an impossible start date', () => {
    expect(() => simulate({ startDate: '2018-02-30' }).next()).toThrow(/startDate must be a date YYYY-MM-DD, got 2018-02-30/);
  });
});
