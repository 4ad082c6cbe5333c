/** The --replicas summary lines: one shared alert_counter, or replicas that disagree. */
import { describe, expect, it } from 'vitest';
import { formatSharedCounter, type InstanceCounter } from '../src/shared-counter.js';

const counter = (instance: string, now: number, resets: number): InstanceCounter => ({ instance, now, resets });

describe('formatSharedCounter', () => {
  it('gives the peak, the value every replica exports and where the resets were counted', () => {
    const lines = formatSharedCounter({
      peak: 145,
      instances: [counter('127.0.0.1:4001', 0, 1), counter('127.0.0.1:4002', 0, 1)],
    });
    expect(lines).toEqual([
      '  alert_counter, shared by 2 replicas on one Redis: peak max(alert_counter) 145; now 0 on every replica',
      '    2 reset(s) counted over the drill (it sends one at its clean start and one at its reset step), each by the replica that scored it:',
      '    127.0.0.1:4001         exports 0, resets counted here 1',
      '    127.0.0.1:4002         exports 0, resets counted here 1',
    ]);
  });

  it('says so when the replicas disagree, and when Prometheus has no series', () => {
    const lines = formatSharedCounter({
      peak: 9,
      instances: [counter('a:1', 3, 0), counter('b:1', 0, 1)],
    });
    expect(lines[0]).toContain('replicas DISAGREE now: 3, 0');
    expect(formatSharedCounter({ peak: 0, instances: [] })).toEqual(['  alert_counter: no series in Prometheus']);
  });
});
