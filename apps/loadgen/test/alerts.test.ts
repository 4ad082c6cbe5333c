/** The drill's pure step logic, on answers recorded from the real Prometheus 2.42 and Alertmanager 0.25. */
import { describe, expect, it } from 'vitest';
import {
  alertChanges,
  alertmanagerAlertNames,
  allFiring,
  allResolved,
  expectedAlerts,
  loadedAlertNames,
  prometheusAlertStates,
  UnexpectedAnswerError,
  type AlertObservation,
} from '../src/alerts.js';
import { recorded } from './helpers/recorded-alerts-server.js';

const BOTH = ['AlertCounterHigh', 'FraudRateSpike'];
const firing: AlertObservation = {
  prometheus: prometheusAlertStates(recorded('prometheus-alerts-firing')),
  alertmanager: alertmanagerAlertNames(recorded('alertmanager-alerts-firing')),
};
const quiet: AlertObservation = {
  prometheus: prometheusAlertStates(recorded('prometheus-alerts-inactive')),
  alertmanager: alertmanagerAlertNames(recorded('alertmanager-alerts-empty')),
};

describe('reading Prometheus and Alertmanager answers', () => {
  it('lists the alerting rules loaded', () => {
    expect([...loadedAlertNames(recorded('prometheus-rules'))].sort()).toEqual([...BOTH, 'PredictorLatencyHigh']);
  });

  it('reads each alert state, pending included', () => {
    expect(Object.fromEntries(firing.prometheus)).toEqual({
      AlertCounterHigh: 'firing',
      FraudRateSpike: 'firing',
      PredictorLatencyHigh: 'pending',
    });
    expect(quiet.prometheus.size).toBe(0);
  });

  it('lets a firing series win over a pending one of the same alert', () => {
    const answer = {
      status: 'success',
      data: {
        alerts: [
          { labels: { alertname: 'A', instance: '1' }, state: 'firing' },
          { labels: { alertname: 'A', instance: '2' }, state: 'pending' },
        ],
      },
    };
    expect(prometheusAlertStates(answer).get('A')).toBe('firing');
  });

  it('lists the alerts Alertmanager holds', () => {
    expect([...(firing.alertmanager ?? [])].sort()).toEqual(BOTH);
    expect(quiet.alertmanager?.size).toBe(0);
  });

  it('rejects answers of another shape with a message naming the source', () => {
    expect(() => prometheusAlertStates({ status: 'error' })).toThrow(UnexpectedAnswerError);
    expect(() => loadedAlertNames({ status: 'success', data: {} })).toThrow(/\/api\/v1\/rules/);
    expect(() => alertmanagerAlertNames({ alerts: [] })).toThrow(/Alertmanager/);
  });
});

describe('expectations', () => {
  it('always expects the required alerts and the optional ones only where loaded', () => {
    const loaded = loadedAlertNames(recorded('prometheus-rules'));
    expect(expectedAlerts(loaded, ['AlertCounterHigh'], ['FraudRateSpike'])).toEqual({ expected: BOTH, missing: [] });
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
