import { describe, expect, it } from 'vitest';
import { alertHistories, formatHistories, formatReportLines } from '../src/summary.js';
import type { AlertEvent } from '@fraudwatch/stack';

const origin = new Date('2026-01-01T00:00:00Z');
const event = (alertname: string, status: 'firing' | 'resolved', receivedSecond: number, startsSecond: number, endsSecond?: number): AlertEvent => ({
  alertname,
  status,
  labels: { alertname },
  annotations: {},
  fingerprint: alertname,
  startsAt: new Date(origin.getTime() + startsSecond * 1000).toISOString(),
  endsAt: endsSecond === undefined ? '0001-01-01T00:00:00Z' : new Date(origin.getTime() + endsSecond * 1000).toISOString(),
  receivedAt: new Date(origin.getTime() + receivedSecond * 1000),
});

describe('demo summary', () => {
  it('folds notifications into one history per alert, keeping the first firing and the resolution', () => {
    const histories = alertHistories([
      event('AlertCounterHigh', 'firing', 9, 8),
      event('FraudRateSpike', 'firing', 18, 17),
      event('AlertCounterHigh', 'firing', 12, 8),
      event('AlertCounterHigh', 'resolved', 20, 8, 19),
    ]);
    expect(histories.map((h) => [h.alertname, h.notifications])).toEqual([
      ['AlertCounterHigh', 3],
      ['FraudRateSpike', 1],
    ]);
    const [counter, spike] = formatHistories(histories, origin);
    expect(counter).toMatch(/AlertCounterHigh +fired t\+8\.0s \(delivered t\+9\.0s\), resolved t\+19\.0s \(delivered t\+20\.0s\), 3 notification/);
    expect(spike).toMatch(/FraudRateSpike +fired t\+17\.0s .*resolved never \(delivered never\)/);
  });

  it('says so when nothing reached the webhook', () => {
    expect(formatHistories([], origin)).toEqual(['  no notification reached the webhook']);
  });

  it('names the drill report and its panels without data, or says the drill wrote none', () => {
    const htmlFile = '/tmp/r/index.html';
    expect(formatReportLines({ htmlFile, emptyPanels: [] }, '/tmp/r')).toEqual([
      `  drill report (open in a browser): ${htmlFile}`,
      "    with report.png and Prometheus' targets and alerts pages (firing, resolved) as PNGs beside it",
      '    dashboard panels without data over the drill: none',
    ]);
    const empty = [{ id: 22, title: 'Live precision and recall' }, { id: 24, title: 'Score drift (PSI)' }];
    expect(formatReportLines({ htmlFile, emptyPanels: empty }, '/tmp/r').at(-1)).toBe(
      '    dashboard panels without data over the drill: Live precision and recall (panel 22), Score drift (PSI) (panel 24)',
    );
    expect(formatReportLines(undefined, '/tmp/r')).toEqual(["  drill report: not written (see the drill's output above); folder /tmp/r"]);
  });
});
