/**
 * The drill's step logic on observations shaped like what the real Prometheus and Alertmanager
 * report mid-burst and at rest (the API clients that read them are tested in @fraudwatch/stack).
 */
import { describe, expect, it } from 'vitest';
import { alertChanges, allFiring, allResolved, expectedAlerts, type AlertObservation } from '../src/alerts.js';

const BOTH = ['AlertCounterHigh', 'FraudRateSpike'];
const firing: AlertObservation = {
  prometheus: new Map([
    ['AlertCounterHigh', 'firing'],
    ['FraudRateSpike', 'firing'],
    ['PredictorLatencyHigh', 'pending'],
  ]),
  alertmanager: new Set(BOTH),
};
const quiet: AlertObservation = { prometheus: new Map(), alertmanager: new Set() };

describe('expectations', () => {
  it('always expects the required alerts and the optional ones only where loaded', () => {
    expect(expectedAlerts(new Set([...BOTH, 'PredictorLatencyHigh']), ['AlertCounterHigh'], ['FraudRateSpike'])).toEqual({ expected: BOTH, missing: [] });
    expect(expectedAlerts(new Set(['AlertCounterHigh']), ['AlertCounterHigh'], ['FraudRateSpike'])).toEqual({
      expected: ['AlertCounterHigh'],
      missing: [],
    });
    expect(expectedAlerts(new Set(['FraudRateSpike']), ['AlertCounterHigh'], ['FraudRateSpike']).missing).toEqual(['AlertCounterHigh']);
  });

  it('counts as firing only when Prometheus fires every expected alert and Alertmanager holds it', () => {
    expect(allFiring(BOTH, firing)).toBe(true);
    expect(allFiring(BOTH, { prometheus: firing.prometheus, alertmanager: new Set(['AlertCounterHigh']) })).toBe(false);
    expect(allFiring(BOTH, { prometheus: firing.prometheus })).toBe(true);
    expect(allFiring(['PredictorLatencyHigh'], { prometheus: firing.prometheus })).toBe(false);
    expect(allFiring(BOTH, quiet)).toBe(false);
  });

  it('counts as resolved only when no expected alert fires nor stays in Alertmanager', () => {
    expect(allResolved(BOTH, quiet)).toBe(true);
    expect(allResolved(BOTH, { prometheus: quiet.prometheus, alertmanager: firing.alertmanager ?? new Set() })).toBe(false);
    expect(allResolved(BOTH, firing)).toBe(false);
    // Pending is not firing: it resolves the drill's wait.
    expect(allResolved(['PredictorLatencyHigh'], { prometheus: firing.prometheus })).toBe(true);
  });

  it('reports each change of an expected alert once, for the timeline', () => {
    expect(alertChanges(['AlertCounterHigh'], undefined, quiet)).toEqual([
      { alert: 'AlertCounterHigh', event: 'inactive' },
      { alert: 'AlertCounterHigh', event: 'not-in-alertmanager' },
    ]);
    expect(alertChanges(BOTH, quiet, firing)).toEqual([
      { alert: 'AlertCounterHigh', event: 'firing' },
      { alert: 'AlertCounterHigh', event: 'in-alertmanager' },
      { alert: 'FraudRateSpike', event: 'firing' },
      { alert: 'FraudRateSpike', event: 'in-alertmanager' },
    ]);
    expect(alertChanges(BOTH, firing, firing)).toEqual([]);
  });
});
