/** The --replicas summary lines: one shared alert_counter, or replicas that disagree. */
import { describe, expect, it } from 'vitest';
import { formatSharedCounter } from '../src/shared-counter.js';

describe('formatSharedCounter', () => {
  it('gives the peak, the value every replica exports and where the resets were counted', () => {
    const lines = formatSharedCounter({
      peak: 145,
      instances: [
        { instance: '127.0.0.1:4001', now: 0, resets: 2 },
        { instance: '127.0.0.1:4002', now: 0, resets: 0 },
      ],
    });
    expect(lines).toEqual([
      '  alert_counter, shared by 2 replicas on one Redis: peak max(alert_counter) 145; now 0 on every replica',
      '    127.0.0.1:4001         exports 0, resets counted here 2',
      '    127.0.0.1:4002         exports 0, resets counted here 0',
    ]);
  });

  it('says so when the replicas disagree, and when Prometheus has no series', () => {
    const lines = formatSharedCounter({
      peak: 9,
      instances: [
        { instance: 'a:1', now: 3, resets: 0 },
        { instance: 'b:1', now: 0, resets: 1 },
      ],
    });
    expect(lines[0]).toContain('replicas DISAGREE now: 3, 0');
    expect(formatSharedCounter({ peak: 0, instances: [] })).toEqual(['  alert_counter: no series in Prometheus']);
  });
});
