import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ALERT_NAMES, alertNames, catalogue, recordedSeries, type AlertName } from '@fraudwatch/metrics';
import { describe, expect, it } from 'vitest';
import {
  PROFILES,
  RULE_GROUPS,
  availabilitySlo,
  alertDefinitions,
  isAlertingRule,
  monitoringConfig,
  prometheusRuleGroups,
} from '../src/index.js';

const DESIGN_ALERTS = [...ALERT_NAMES].sort();
const README = readFileSync(join(import.meta.dirname, '..', 'README.md'), 'utf8');
/** The simulator's fraud share. */
const BASELINE_FRAUD_SHARE = 0.008;

function alertingRules(profile: (typeof PROFILES)[number]) {
  return prometheusRuleGroups(profile).flatMap((g) => g.rules.filter(isAlertingRule));
}

function rule(profile: (typeof PROFILES)[number], name: AlertName) {
  const found = alertingRules(profile).find((r) => r.alert === name);
  if (!found) throw new Error(`no rule ${name} in ${profile}`);
  return found;
}

describe.each(PROFILES)('%s profile', (profile) => {
  it('defines every alert of the catalogue exactly once', () => {
    expect(alertDefinitions(profile).map((a) => a.name).sort()).toEqual(DESIGN_ALERTS);
    const emitted = alertingRules(profile).map((r) => r.alert);
    expect(emitted.sort()).toEqual(DESIGN_ALERTS);
    expect(prometheusRuleGroups(profile).map((g) => g.name)).toEqual([...RULE_GROUPS]);
  });

  it.each(DESIGN_ALERTS)('%s has a severity, a summary, a description with its value and a runbook', (name) => {
    const r = rule(profile, name);
    expect(['critical', 'warning']).toContain(r.labels['severity']);
    expect(r.annotations['summary']).toBeTruthy();
    expect(r.annotations['description']).toContain('$value');
    const url = r.annotations['runbook_url'] ?? '';
    const anchor = url.split('#')[1];
    expect(anchor).toBe(name.toLowerCase());
    // GitHub's anchor for a "## AlertCounterHigh" heading.
    expect(README).toMatch(new RegExp(`^## ${name}$`, 'm'));
  });

  it('keeps the seed alert: alert_counter above 5, the highest of the replicas (a shared value counted once)', () => {
    expect(rule(profile, alertNames.alertCounterHigh).expr).toBe(
      `(max by (job) (${catalogue.alertCounter.name}{job="fraudwatch-predictor"})) > 5`,
    );
  });

  it('fires FeatureStoreUnavailable on the share of failed feature store calls, per job', () => {
    const { window, threshold } = monitoringConfig(profile).featureStore;
    expect(threshold).toBe(0.5);
    expect(rule(profile, alertNames.featureStoreUnavailable).expr).toBe(
      `(sum by (job) (rate(${catalogue.featureStoreErrors.name}{job="fraudwatch-predictor"}[${window}])) / ` +
        `sum by (job) (rate(${catalogue.featureStoreDuration.name}_count{job="fraudwatch-predictor"}[${window}]))) > 0.5`,
    );
    expect(rule(profile, alertNames.featureStoreUnavailable).labels['severity']).toBe('critical');
  });

  it('sets the fraud-share threshold far above the baseline share and asks for a minimum volume', () => {
    const { threshold, minDecisions } = monitoringConfig(profile).fraudRate;
    expect(threshold).toBeGreaterThan(10 * BASELINE_FRAUD_SHARE);
    expect(threshold).toBeLessThan(0.5);
    expect(minDecisions).toBeGreaterThanOrEqual(10);
    const expr = rule(profile, alertNames.fraudRateSpike).expr;
    expect(expr).toContain(`> ${threshold}`);
    expect(expr).toContain(`> ${minDecisions}`);
  });
});

describe('error budget burn', () => {
  it('uses the SRE workbook table for a 99.9 % objective: 14.4x over 1h/5m, 6x over 6h/30m', () => {
    const cfg = monitoringConfig('default');
    expect(cfg.errorBudget.objective).toBe(0.999);
    expect(cfg.errorBudget.windows).toEqual([
      { long: '1h', short: '5m', factor: 14.4 },
      { long: '6h', short: '30m', factor: 6 },
    ]);
    const expr = rule('default', alertNames.predictorErrorBudgetBurn).expr;
    // It reads the recorded ratios, one per window, and never the raw counter.
    for (const w of ['1h', '5m', '6h', '30m']) expect(expr).toContain(`${recordedSeries.httpErrorRatio(w)}{job="fraudwatch-predictor"}`);
    expect(expr.match(/> 0\.0144\b/g)).toHaveLength(2);
    expect(expr.match(/> 0\.006\b/g)).toHaveLength(2);
    expect(expr).not.toContain(catalogue.httpRequests.name);
  });

  it('keeps the burn factors in the fast profile, on shorter windows', () => {
    const fast = monitoringConfig('fast').errorBudget.windows.map((w) => w.factor);
    expect(fast).toEqual(monitoringConfig('default').errorBudget.windows.map((w) => w.factor));
  });
});

describe('fast profile', () => {
  it('fires the drill alerts without a pending period, on windows of seconds', () => {
    expect(rule('fast', alertNames.alertCounterHigh).for).toBe('0s');
    expect(rule('fast', alertNames.fraudRateSpike).for).toBe('0s');
    expect(rule('fast', alertNames.fraudRateSpike).expr).toMatch(/\[\d+s\]/);
    expect(prometheusRuleGroups('fast').every((g) => g.interval === '1s')).toBe(true);
  });

  it('keeps ModelScoreDrift pending for longer than a drill lasts (its burst is a shift too)', () => {
    // The drill's seven steps are each bounded by a 60 s step timeout (loadgen's default).
    expect(rule('fast', alertNames.modelScoreDrift).for).toBe('10m');
  });
});

describe(alertNames.modelScoreDrift, () => {
  it.each(PROFILES)('fires on the drift gauge above the significant-shift PSI of 0.2 (%s)', (profile) => {
    const { watch, threshold } = monitoringConfig(profile).scoreDrift;
    expect([watch, threshold]).toEqual([0.1, 0.2]);
    expect(rule(profile, alertNames.modelScoreDrift).expr).toBe(`${catalogue.scoreDrift.name}{job="fraudwatch-predictor"} > 0.2`);
  });
});

describe('SLO recording rules', () => {
  const recorded = (profile: (typeof PROFILES)[number]) =>
    prometheusRuleGroups(profile)
      .find((g) => g.name === availabilitySlo(monitoringConfig(profile)).group)
      ?.rules.flatMap((r) => (isAlertingRule(r) ? [] : [r])) ?? [];

  it('record the 5xx share per job over 5m, 30m, 1h and 6h in the default profile', () => {
    const rules = recorded('default');
    expect(rules.map((r) => r.record)).toEqual(['5m', '30m', '1h', '6h'].map(recordedSeries.httpErrorRatio));
    expect(rules[0]?.expr).toBe(
      '(sum by (job) (rate(predictor_http_requests_total{job="fraudwatch-predictor", status_code=~"5.."}[5m])) or ' +
        '0 * sum by (job) (rate(predictor_http_requests_total{job="fraudwatch-predictor"}[5m]))) / ' +
        'sum by (job) (rate(predictor_http_requests_total{job="fraudwatch-predictor"}[5m]))',
    );
  });

  it('come before the burn alert in its group, so that it reads this evaluation\'s ratios', () => {
    const group = prometheusRuleGroups('default').find((g) => g.name === availabilitySlo(monitoringConfig('default')).group);
    const kinds = group?.rules.map((r) => (isAlertingRule(r) ? r.alert : 'record')) ?? [];
    expect(kinds.lastIndexOf('record')).toBeLessThan(kinds.indexOf(alertNames.predictorErrorBudgetBurn));
  });

  it('record the fast burn windows and, for the dashboard, the default ones too, shortest first', () => {
    expect(recorded('fast').map((r) => r.record)).toEqual(
      ['10s', '30s', '1m', '3m', '5m', '30m', '1h', '6h'].map(recordedSeries.httpErrorRatio),
    );
  });
});

describe('the fast profile, as overrides of the default', () => {
  const base = monitoringConfig('default');
  const fast = monitoringConfig('fast');

  it('inherits every threshold, the objective, the selector and the Grafana settings it does not override', () => {
    expect(fast.alertCounter.threshold).toBe(base.alertCounter.threshold);
    expect(fast.fraudRate.threshold).toBe(base.fraudRate.threshold);
    expect([fast.scoreDrift.watch, fast.scoreDrift.threshold]).toEqual([base.scoreDrift.watch, base.scoreDrift.threshold]);
    expect(fast.latency.quantile).toBe(base.latency.quantile);
    expect(fast.errorBudget.objective).toBe(base.errorBudget.objective);
    expect([fast.selector, fast.runbookBaseUrl, fast.grafana]).toEqual([base.selector, base.runbookBaseUrl, base.grafana]);
  });

  it('overrides windows, intervals and pending periods, replacing the burn-window table whole', () => {
    expect(fast.profile).toBe('fast');
    expect(fast.evaluationInterval).toBe('1s');
    expect(fast.errorBudget.windows).toHaveLength(base.errorBudget.windows.length);
    expect(fast.errorBudget.windows.map((w) => w.long)).toEqual(['1m', '3m']);
    expect(base.errorBudget.windows.map((w) => w.long)).toEqual(['1h', '6h']);
  });
});
