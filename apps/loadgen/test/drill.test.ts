/**
 * The drill against the real predictor: once with a real Prometheus + Alertmanager (packages/stack)
 * and the product's generated fast rules, and through every failure path with recorded answers served by a
 * fixture (helpers/recorded-alerts-server.ts) that the test switches as the drill moves on.
 */
import { PREDICTOR_JOB, rulesFilePath } from '@fraudwatch/dashboards';
import { catalogue } from '@fraudwatch/metrics';
import { freePort, type Stack, startStack } from '@fraudwatch/stack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDrill, type DrillOptions, type DrillReport } from '../src/drill.js';
import type { TimelineEntry } from '../src/timeline.js';
import { readMetric } from './helpers/metrics-text.js';
import { predictorForThisFile } from './helpers/predictor.js';
import { recorded, startRecordedAlertsServer, type RecordedAlertsServer } from './helpers/recorded-alerts-server.js';

const predictor = predictorForThisFile();
/** The predictor's URL. */
const target = (): URL => new URL(predictor().url);

function options(prometheus: URL, overrides: Partial<DrillOptions> = {}): DrillOptions {
  return {
    targets: [target()],
    prometheus,
    seed: 3,
    connections: 2,
    rate: 50,
    baselineSeconds: 0.5,
    stepTimeoutSeconds: 20,
    pollIntervalMs: 100,
    fraudShare: 0.5,
    resetTerminalId: 13,
    progress: 'none',
    output: process.stderr,
    onEntry: () => {},
    ...overrides,
  };
}

/** Index of the first entry matching, after `from`; -1 when there is none. */
function indexOf(timeline: readonly TimelineEntry[], event: string, subject: string, from = 0): number {
  const i = timeline.slice(from).findIndex((e) => e.event === event && e.subject === subject);
  return i < 0 ? -1 : i + from;
}

describe('the drill against a real Prometheus and Alertmanager', () => {
  let stack: Stack;

  beforeAll(async () => {
    // The rules the product ships (fast profile: the same alerts with windows a test can wait for).
    stack = await startStack({ jobName: PREDICTOR_JOB, targets: [predictor().address], rulesFiles: [rulesFilePath('fast')] });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('fires AlertCounterHigh and FraudRateSpike on the burst, sees them in Alertmanager, and sees them resolve after the reset', async () => {
    // FraudRateSpike resolves only once the burst has left its 15 s window: steps get 45 s.
    const report = await runDrill(
      options(new URL(stack.prometheusUrl), { alertmanager: new URL(stack.alertmanagerUrl), stepTimeoutSeconds: 45 }),
    );

    expect(report.message).toMatch(/every expectation held/);
    expect(report.outcome).toBe('passed');
    expect(report.expectedAlerts).toEqual(['AlertCounterHigh', 'FraudRateSpike']);
    const t = report.timeline;
    const burst = indexOf(t, 'step', 'fraud-burst');
    const reset = indexOf(t, 'step', 'reset');
    expect(burst).toBeGreaterThanOrEqual(0);
    for (const alert of report.expectedAlerts) {
      const fired = indexOf(t, 'firing', alert, burst);
      const inAm = indexOf(t, 'in-alertmanager', alert, burst);
      const resolved = indexOf(t, 'inactive', alert, reset);
      const leftAm = indexOf(t, 'not-in-alertmanager', alert, reset);
      expect([fired, inAm, reset, resolved, leftAm].every((i) => i >= 0), alert).toBe(true);
      expect(fired, alert).toBeGreaterThan(burst);
      expect(reset, alert).toBeGreaterThan(Math.max(fired, inAm));
    }
    expect(t.map((e) => e.t)).toEqual([...t.map((e) => e.t)].sort((a, b) => a - b));
    expect(report.runs.map((r) => r.scenario)).toEqual(['reset', 'baseline', 'fraud-burst', 'reset', 'feedback']);
    expect(await readMetric(target(), catalogue.alertCounter.name)).toBe(0);
    // The feedback labels what was sent, injected fraud as fraud: most of what the burst flagged is a true positive.
    const burstRun = report.runs.find((r) => r.scenario === 'fraud-burst');
    const truePositives = await readMetric(target(), catalogue.feedback.name, { decision: 'fraud', label: 'fraud' });
    expect(truePositives).toBeGreaterThan((burstRun?.fraudDecisions ?? Infinity) / 2);
  }, 150_000);
});

describe('the drill on recorded answers', () => {
  let fixture: RecordedAlertsServer;

  beforeAll(async () => {
    fixture = await startRecordedAlertsServer({ rules: {}, alerts: {}, alertmanager: {} });
  });
  afterAll(async () => {
    await fixture?.close();
  });

  /** Serves `quiet` answers until the drill enters `firingFrom`, then the firing ones until it enters `quietFrom`. */
  function script(firingFrom: string | undefined, quietFrom: string | undefined, firingInAlertmanager = true) {
    const quiet = (): void => {
      fixture.answers.alerts = recorded('prometheus-alerts-inactive');
      fixture.answers.alertmanager = recorded('alertmanager-alerts-empty');
    };
    fixture.answers.rules = recorded('prometheus-rules');
    quiet();
    return (entry: TimelineEntry): void => {
      if (entry.event !== 'step') return;
      if (entry.subject === firingFrom) {
        fixture.answers.alerts = recorded('prometheus-alerts-firing');
        if (firingInAlertmanager) fixture.answers.alertmanager = recorded('alertmanager-alerts-firing');
      }
      if (entry.subject === quietFrom) quiet();
    };
  }

  const drill = (onEntry: (e: TimelineEntry) => void, overrides: Partial<DrillOptions> = {}): Promise<DrillReport> =>
    runDrill(options(fixture.url, { alertmanager: fixture.url, onEntry, ...overrides }));

  it('expects FraudRateSpike too when the rules define it, and passes when both fire and resolve', async () => {
    const before = Date.now();
    // What the timeline held when the observer was told each moment.
    const seen: TimelineEntry[] = [];
    const heard: { moment: string; at: number }[] = [];
    const hear = (moment: string) => async (): Promise<void> => {
      heard.push({ moment, at: seen.length });
    };
    const onEntry = script('fraud-burst', 'reset');
    const record = (entry: TimelineEntry): void => {
      seen.push(entry);
      onEntry(entry);
    };
    const report = await drill(record, {
      observer: { alertsFiring: hear('firing'), alertsResolved: hear('resolved') },
    });

    expect(report.outcome).toBe('passed');
    expect(report.startedAt.getTime()).toBeGreaterThanOrEqual(before);
    expect(heard.map((h) => h.moment)).toEqual(['firing', 'resolved']);
    const [firing, resolved] = heard.map((h) => report.timeline.slice(0, h.at));
    for (const alert of report.expectedAlerts) {
      expect(indexOf(firing!, 'firing', alert)).toBeGreaterThan(indexOf(firing!, 'step', 'fraud-burst'));
      expect(indexOf(resolved!, 'inactive', alert, indexOf(resolved!, 'step', 'reset')), alert).toBeGreaterThan(0);
    }
    expect(indexOf(firing!, 'step', 'reset')).toBe(-1);
    expect(indexOf(resolved!, 'step', 'feedback')).toBe(-1);
    expect(report.runs.at(-1)).toMatchObject({ scenario: 'feedback', non2xx: 0 });
    expect(report.expectedAlerts).toEqual(['AlertCounterHigh', 'FraudRateSpike']);
    for (const alert of report.expectedAlerts) {
      expect(indexOf(report.timeline, 'firing', alert)).toBeGreaterThan(indexOf(report.timeline, 'step', 'fraud-burst'));
      expect(indexOf(report.timeline, 'in-alertmanager', alert)).toBeGreaterThan(0);
    }
  });

  it('fails at "rules" when Prometheus lacks AlertCounterHigh, before sending any load', async () => {
    const onEntry = script(undefined, undefined);
    fixture.answers.rules = { status: 'success', data: { groups: [] } };
    const report = await drill(onEntry);

    expect(report).toMatchObject({ outcome: 'failed', failedStep: 'rules' });
    expect(report.message).toMatch(/no alerting rule named AlertCounterHigh/);
    expect(report.runs).toEqual([]);
  });

  it('fails the step whose observer fails, with its error', async () => {
    const observer = { alertsResolved: () => Promise.reject(new Error('the browser went away')) };
    const report = await drill(script('fraud-burst', 'reset'), { observer });

    expect(report).toMatchObject({ outcome: 'failed', failedStep: 'resolve', message: 'step resolve failed: the browser went away' });
  });

  it('fails at "fraud-burst", naming the state it saw, when the alerts never fire', async () => {
    const report = await drill(script(undefined, undefined), { stepTimeoutSeconds: 1 });

    expect(report).toMatchObject({ outcome: 'failed', failedStep: 'fraud-burst' });
    expect(report.message).toMatch(/timed out after 1 s waiting for the alerts to fire \(AlertCounterHigh inactive/);
    expect(report.runs.at(-1)?.scenario).toBe('fraud-burst');
  });

  it('fails at "fraud-burst" when the alerts fire in Prometheus but never reach Alertmanager', async () => {
    const report = await drill(script('fraud-burst', undefined, false), { stepTimeoutSeconds: 1 });

    expect(report).toMatchObject({ outcome: 'failed', failedStep: 'fraud-burst' });
    expect(report.message).toMatch(/AlertCounterHigh firing, not in Alertmanager/);
  });

  it('fails at "resolve" when the alerts keep firing after the reset', async () => {
    const report = await drill(script('fraud-burst', undefined), { stepTimeoutSeconds: 1 });

    expect(report).toMatchObject({ outcome: 'failed', failedStep: 'resolve' });
    expect(report.message).toMatch(/waiting for the alerts to resolve/);
  });

  it('fails at "clean-start" when an alert is already firing before the drill', async () => {
    const report = await drill(script('clean-start', undefined), { stepTimeoutSeconds: 1 });

    expect(report).toMatchObject({ outcome: 'failed', failedStep: 'clean-start' });
  });

  it('fails at "rules" with a clear message when Prometheus is unreachable', async () => {
    const down = `http://127.0.0.1:${await freePort()}`;
    const report = await runDrill(options(new URL(down), { stepTimeoutSeconds: 1 }));

    expect(report).toMatchObject({ outcome: 'failed', failedStep: 'rules' });
    expect(report.message).toBe(`step rules failed: cannot reach ${down}/api/v1/rules (ECONNREFUSED)`);
  });

  it('fails at "target" when the predictor is down', async () => {
    const down = `http://127.0.0.1:${await freePort()}`;
    const report = await drill(script(undefined, undefined), { targets: [new URL(down)] });

    expect(report).toMatchObject({ outcome: 'failed', failedStep: 'target' });
    expect(report.message).toBe(`step target failed: cannot reach ${down}/readyz (ECONNREFUSED)`);
  });
});
