import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { catalogue } from '@fraudwatch/metrics';
import { describe, expect, it } from 'vitest';
import {
  PROFILES,
  RULE_GROUPS,
  alertDefinitions,
  monitoringConfig,
  prometheusRuleGroups,
} from '../src/index.js';

const DESIGN_ALERTS = [
  'AlertCounterHigh',
  'FraudRateSpike',
  'ModelScoreDrift',
  'PredictorDown',
  'PredictorErrorBudgetBurn',
  'PredictorLatencyHigh',
  'PredictorNotReady',
];
const README = readFileSync(join(import.meta.dirname, '..', 'README.md'), 'utf8');
/** The simulator's fraud share. */
const BASELINE_FRAUD_SHARE = 0.008;

function rule(profile: (typeof PROFILES)[number], name: string) {
  const found = prometheusRuleGroups(profile)
    .flatMap((g) => g.rules)
    .find((r) => r.alert === name);
  if (!found) throw new Error(`no rule ${name} in ${profile}`);
  return found;
}

describe.each(PROFILES)('%s profile', (profile) => {
  it('defines every alert of the design exactly once', () => {
    expect(alertDefinitions(profile).map((a) => a.name).sort()).toEqual(DESIGN_ALERTS);
    const emitted = prometheusRuleGroups(profile).flatMap((g) => g.rules.map((r) => r.alert));
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

  it('keeps the seed alert: alert_counter above 5', () => {
    expect(rule(profile, 'AlertCounterHigh').expr).toBe(`${catalogue.alertCounter.name}{job="fraudwatch-predictor"} > 5`);
  });

  it('sets the fraud-share threshold far above the baseline share and asks for a minimum volume', () => {
    const { threshold, minDecisions } = monitoringConfig(profile).fraudRate;
    expect(threshold).toBeGreaterThan(10 * BASELINE_FRAUD_SHARE);
    expect(threshold).toBeLessThan(0.5);
    expect(minDecisions).toBeGreaterThanOrEqual(10);
    const expr = rule(profile, 'FraudRateSpike').expr;
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
    const expr = rule('default', 'PredictorErrorBudgetBurn').expr;
    for (const w of ['1h', '5m', '6h', '30m']) expect(expr).toContain(`[${w}]`);
    expect(expr.match(/> 0\.0144\b/g)).toHaveLength(2);
    expect(expr.match(/> 0\.006\b/g)).toHaveLength(2);
    expect(expr).toContain('status_code=~"5.."');
  });

  it('keeps the burn factors in the fast profile, on shorter windows', () => {
    const fast = monitoringConfig('fast').errorBudget.windows.map((w) => w.factor);
    expect(fast).toEqual(monitoringConfig('default').errorBudget.windows.map((w) => w.factor));
  });
});

describe('fast profile', () => {
  it('fires the drill alerts without a pending period, on windows of seconds', () => {
    expect(rule('fast', 'AlertCounterHigh').for).toBe('0s');
    expect(rule('fast', 'FraudRateSpike').for).toBe('0s');
    expect(rule('fast', 'FraudRateSpike').expr).toMatch(/\[\d+s\]/);
    expect(prometheusRuleGroups('fast').every((g) => g.interval === '1s')).toBe(true);
  });

  it('keeps ModelScoreDrift pending for longer than a drill lasts (its burst is a shift too)', () => {
    // The drill's seven steps are each bounded by a 60 s step timeout (loadgen's default).
    expect(rule('fast', 'ModelScoreDrift').for).toBe('10m');
  });
});

describe('ModelScoreDrift', () => {
  it.each(PROFILES)('fires on the drift gauge above the significant-shift PSI of 0.2 (%s)', (profile) => {
    const { watch, threshold } = monitoringConfig(profile).scoreDrift;
    expect([watch, threshold]).toEqual([0.1, 0.2]);
    expect(rule(profile, 'ModelScoreDrift').expr).toBe(`${catalogue.scoreDrift.name}{job="fraudwatch-predictor"} > 0.2`);
  });
});
