/** The --replicas summary lines: one shared alert_counter, or replicas that disagree. */
import { describe, expect, it } from 'vitest';
import { formatInstanceCounters } from '../src/shared-counter.js';

describe('formatInstanceCounters', () => {
  it('says the replicas share the value when their peaks and current values agree', () => {
    const lines = formatInstanceCounters([
      { instance: '127.0.0.1:4001', peak: 37, now: 0, resets: 1 },
      { instance: '127.0.0.1:4002', peak: 37, now: 0, resets: 0 },
    ]);
    expect(lines[0]).toBe('  alert_counter on 2 replicas sharing one Redis: the same value on every replica');
    expect(lines.slice(1)).toEqual([
      '    127.0.0.1:4001         peak 37, now 0, resets counted here 1',
      '    127.0.0.1:4002         peak 37, now 0, resets counted here 0',
    ]);
  });

  it('says so when they disagree, and when Prometheus has no series', () => {
    const lines = formatInstanceCounters([
      { instance: 'a:1', peak: 37, now: 0, resets: 1 },
      { instance: 'b:1', peak: 12, now: 0, resets: 0 },
    ]);
    expect(lines[0]).toContain('replicas DISAGREE');
    expect(formatInstanceCounters([])).toEqual(['  alert_counter: no series in Prometheus']);
  });
});
