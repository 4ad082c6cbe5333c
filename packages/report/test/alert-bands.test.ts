import { describe, expect, it } from 'vitest';
import { bandsFromAlertsSeries } from '../src/alert-bands.js';

const window = { start: 100, end: 130, step: 1, rateInterval: '4s', range: '30s' };
const samples = (from: number, to: number): [number, string][] =>
  Array.from({ length: to - from + 1 }, (_, i) => [from + i, '1'] as [number, string]);

describe('bandsFromAlertsSeries', () => {
  it('turns ALERTS samples into pending, firing and resolved bands per alert', () => {
    const bands = bandsFromAlertsSeries(
      [
        { metric: { alertname: 'A', alertstate: 'pending', instance: 'x' }, values: samples(105, 106) },
        { metric: { alertname: 'A', alertstate: 'firing', instance: 'x' }, values: [...samples(107, 110), ...samples(120, 121)] },
        { metric: { alertname: 'B', alertstate: 'firing' }, values: samples(125, 130) },
      ],
      window,
    );
    expect(bands).toEqual([
      { alert: 'A', state: 'pending', from: 105, to: 107 },
      { alert: 'A', state: 'firing', from: 107, to: 111 },
      { alert: 'A', state: 'resolved', from: 111, to: 120 },
      { alert: 'A', state: 'firing', from: 120, to: 122 },
      { alert: 'A', state: 'resolved', from: 122, to: 130 },
      // Still firing at the window's end: no resolved band.
      { alert: 'B', state: 'firing', from: 125, to: 130 },
    ]);
  });

  it('ignores series without an alert name or a known state', () => {
    expect(bandsFromAlertsSeries([{ metric: { alertstate: 'firing' }, values: samples(100, 101) }], window)).toEqual([]);
  });
});
