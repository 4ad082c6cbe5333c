import * as alerting from '@grafana/grafana-foundation-sdk/alerting';
import { DataqueryBuilder } from '@grafana/grafana-foundation-sdk/prometheus';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { durationSeconds, formatDuration } from '../src/emit/duration.js';
import { alertNames, catalogue, type AlertName } from '@fraudwatch/metrics';
import {
  DASHBOARD_UID,
  GENERATED_PATHS,
  buildDashboard,
  RULE_GROUPS,
  alertDefinitions,
  grafanaRuleGroups,
  monitoringConfig,
  provisioningFileSchema,
  repoPath,
  toProvisioningFile,
} from '../src/index.js';

function sampleRule(title: string, group = 'g', folderUid = 'f-uid', orgId = 2) {
  return new alerting.RuleBuilder(title)
    .uid(`uid-${title}`)
    .orgID(orgId)
    .folderUID(folderUid)
    .ruleGroup(group)
    .condition('A')
    .forDuration('5m')
    .noDataState('OK')
    .execErrState('Error')
    .labels({ severity: 'warning' })
    .queries([
      new alerting.QueryBuilder('A')
        .datasourceUid('prom')
        .relativeTimeRange({ from: 300, to: 0 })
        .model(new DataqueryBuilder().refId('A').expr('up')),
    ]);
}

function sampleGroup(rules: alerting.RuleBuilder[], interval = 90) {
  return new alerting.RuleGroupBuilder('g').folderUid('f-uid').interval(interval).rules(rules).build();
}

describe('conversion from the HTTP API shape to file provisioning', () => {
  it('names the folder by title, lifts org and interval to the group, drops per-rule placement', () => {
    const file = toProvisioningFile([sampleGroup([sampleRule('one'), sampleRule('two')])], { 'f-uid': 'Folder' });
    expect(file.apiVersion).toBe(1);
    const [group] = file.groups;
    expect(group).toMatchObject({ orgId: 2, name: 'g', folder: 'Folder', interval: '1m30s' });
    expect(group?.rules.map((r) => r.title)).toEqual(['one', 'two']);
    const rule = group?.rules[0] as Record<string, unknown>;
    for (const httpOnly of ['folderUID', 'ruleGroup', 'orgID']) expect(rule).not.toHaveProperty(httpOnly);
    expect(rule).toMatchObject({ uid: 'uid-one', condition: 'A', for: '5m', noDataState: 'OK', execErrState: 'Error' });
    expect(JSON.parse(JSON.stringify(rule['data']))).toEqual([
      { refId: 'A', datasourceUid: 'prom', relativeTimeRange: { from: 300, to: 0 }, model: { refId: 'A', expr: 'up' } },
    ]);
  });

  it('turns the reserved panel-link annotations into dashboardUid and panelId', () => {
    const linked = sampleRule('one').annotations({ summary: 's', __dashboardUid__: 'dash', __panelId__: '7' });
    const [rule] = toProvisioningFile([sampleGroup([linked])], { 'f-uid': 'Folder' }).groups[0]?.rules ?? [];
    expect(rule).toMatchObject({ dashboardUid: 'dash', panelId: 7, annotations: { summary: 's' } });
    expect(rule?.annotations).not.toHaveProperty('__panelId__');
  });

  it('refuses a folder uid it has no title for', () => {
    expect(() => toProvisioningFile([sampleGroup([sampleRule('one')])], {})).toThrow(/no folder title.*f-uid/);
  });

  it('refuses rules from different orgs in one group', () => {
    const group = sampleGroup([sampleRule('one', 'g', 'f-uid', 1), sampleRule('two', 'g', 'f-uid', 2)]);
    expect(() => toProvisioningFile([group], { 'f-uid': 'Folder' })).toThrow(/one org/);
  });

  it('refuses a rule that claims another group or folder', () => {
    const group = sampleGroup([sampleRule('one', 'other-group')]);
    expect(() => toProvisioningFile([group], { 'f-uid': 'Folder' })).toThrow(/other-group/);
  });

  it('refuses a rule without a uid', () => {
    const noUid = new alerting.RuleBuilder('x')
      .orgID(1)
      .folderUID('f-uid')
      .ruleGroup('g')
      .condition('A')
      .queries([new alerting.QueryBuilder('A').datasourceUid('prom').relativeTimeRange({ from: 60, to: 0 })]);
    expect(() => toProvisioningFile([sampleGroup([noUid])], { 'f-uid': 'Folder' })).toThrow(/needs a uid/);
  });

  it('formats and parses durations', () => {
    expect([0, 1, 60, 90, 3600, 5400].map(formatDuration)).toEqual(['0s', '1s', '1m', '1m30s', '1h', '1h30m']);
    expect(['1m', '1m30s', '2h', '1d'].map(durationSeconds)).toEqual([60, 90, 7200, 86400]);
    expect(() => durationSeconds('5 minutes')).toThrow(/not a duration/);
  });
});

describe('provisioning schema', () => {
  const valid = toProvisioningFile([sampleGroup([sampleRule('one')])], { 'f-uid': 'Folder' });

  it('accepts what the conversion makes', () => {
    expect(provisioningFileSchema.safeParse(valid).success).toBe(true);
  });

  it('rejects HTTP API fields, a dangling condition, a numeric interval', () => {
    const [group] = valid.groups;
    const [rule] = group?.rules ?? [];
    const bad = [
      { ...valid, groups: [{ ...group, rules: [{ ...rule, folderUID: 'f-uid' }] }] },
      { ...valid, groups: [{ ...group, rules: [{ ...rule, condition: 'Z' }] }] },
      { ...valid, groups: [{ ...group, interval: 60 }] },
      { ...valid, apiVersion: 2 },
      { ...valid, groups: [{ ...group, rules: [{ ...rule, dashboardUid: 'dash' }] }] },
    ];
    for (const file of bad) expect(provisioningFileSchema.safeParse(file).success).toBe(false);
  });
});

describe('the generated Grafana alert provisioning file', () => {
  const configMap = parse(readFileSync(repoPath(GENERATED_PATHS.alertsConfigMap), 'utf8')) as {
    data: Record<string, string>;
  };
  const files = Object.values(configMap.data);
  const file = provisioningFileSchema.parse(parse(files[0] ?? ''));
  const rules = file.groups.flatMap((g) => g.rules);

  it('is one file that Grafana can read', () => {
    expect(files).toHaveLength(1);
    expect(file.groups.map((g) => g.name)).toEqual([...RULE_GROUPS]);
    expect(file.groups.every((g) => g.interval === '1m' && g.folder === 'FraudWatch' && g.orgId === 1)).toBe(true);
  });

  it('holds each alert once, with its labels and annotations', () => {
    expect(rules.map((r) => r.title).sort()).toEqual(alertDefinitions('default').map((a) => a.name).sort());
    for (const r of rules) {
      expect(r.labels?.['severity']).toMatch(/^(critical|warning)$/);
      expect(r.annotations?.['description']).toContain('$values.A.Value');
      expect(r.annotations?.['runbook_url']).toMatch(/README\.md#[a-z]+$/);
    }
  });

  const rule = (name: AlertName) => rules.find((r) => r.title === name);
  /** The expression query the rule's condition names. */
  const conditionModel = (name: AlertName) => {
    const found = rule(name);
    return found?.data.find((q) => q.refId === found.condition)?.model;
  };

  it('keeps the seed alert: alert_counter, threshold 5', () => {
    expect(conditionModel(alertNames.alertCounterHigh)).toMatchObject({
      type: 'threshold',
      expression: 'A',
      conditions: [{ evaluator: { type: 'gt', params: [5] } }],
    });
  });

  it('links the seed alert to the alert_counter panel, as the seed clicked it together', () => {
    const seed = rule(alertNames.alertCounterHigh);
    const panel = buildDashboard().panels?.find((p) => p.id === seed?.panelId);
    expect(seed?.dashboardUid).toBe(DASHBOARD_UID);
    expect(panel?.title).toBe(`${catalogue.alertCounter.name} over time`);
  });

  it('alerts on no data only where absence is the outage', () => {
    const noData = Object.fromEntries(rules.map((r) => [r.title, r.noDataState]));
    expect(noData[alertNames.predictorDown]).toBe('Alerting');
    expect(noData[alertNames.fraudRateSpike]).toBe('OK');
  });

  it('combines multi-condition alerts with a math expression over their queries', () => {
    expect(conditionModel(alertNames.predictorErrorBudgetBurn)).toMatchObject({
      type: 'math',
      expression: '($A > 0.0144 && $B > 0.0144) || ($C > 0.006 && $D > 0.006)',
    });
  });

  it('is what the SDK builders produce, converted', () => {
    const { grafana } = monitoringConfig('default');
    const converted = toProvisioningFile(grafanaRuleGroups(), { [grafana.folderUid]: grafana.folder });
    // The whole file (every rule's queries, condition, states, annotations), not just the group titles.
    expect(file).toEqual(converted);
  });
});
