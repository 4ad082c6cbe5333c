/**
 * End to end, all real: the built predictor, Prometheus and Alertmanager (Debian packages) with
 * the generated fast rules, the loadgen CLI, and a webhook receiver standing in for the pager.
 * The tests run in order and share the stack: baseline first, then the drill's fraud burst and
 * reset (with `--report`: the dashboard drawn over the drill and screenshots by Debian's Chromium),
 * then the dashboard queries over everything that traffic left in Prometheus.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { alertNames, catalogue } from '@fraudwatch/metrics';
import {
  DEFAULT_VARIABLE_VALUES,
  dashboardTargets,
  GENERATED_PATHS,
  interpolate,
  monitoringConfig,
  PREDICTOR_JOB,
  repoPath,
  rulesFilePath,
  SEED_ALERT_THRESHOLD,
} from '@fraudwatch/dashboards';
import { REPORT_FILES, VIEWPORT, type DrillReportSummary } from '@fraudwatch/report';
import { inlineReportData, pngSize } from '@fraudwatch/report/testing';
import {
  resultSize,
  runNodeApp,
  startNodeApp,
  startStack,
  startWebhookReceiver,
  type QueryResult,
  type RunningNodeApp,
  type RunResult,
  type Stack,
  type VectorSample,
  type WebhookReceiver,
} from '@fraudwatch/stack';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

const fast = monitoringConfig('fast');
/** The built CLI, resolved through this package's dependency on it; run as a user would. */
const LOADGEN = import.meta.resolve('@fraudwatch/loadgen/cli');
const runLoadgen = (args: readonly string[], timeoutMs: number): Promise<RunResult> => runNodeApp(LOADGEN, args, { timeoutMs });
const BASELINE_SECONDS = 10;
/** The drill's own rate; the baseline here uses it too, so "silent under baseline" is at drill volume. */
const RATE = 50;

/**
 * Panel queries (`panel title / refId`) that cannot return a number after the drill, and why.
 * Every other one must. None: the predictor times its feature store calls on the memory store
 * too, and its error counters start at 0.
 */
const NO_DATA_EXPECTED: Readonly<Record<string, string>> = {};

/** Panels none of whose queries can return a number (each is in NO_DATA_EXPECTED): drawn empty. */
const EMPTY_PANELS_EXPECTED: readonly string[] = [...new Set(dashboardTargets().map((t) => t.panelTitle))].filter((title) =>
  dashboardTargets()
    .filter((t) => t.panelTitle === title)
    .every((t) => `${title} / ${t.refId}` in NO_DATA_EXPECTED),
);

/** Grafana draws nothing for an empty result or NaN (e.g. a quantile over no requests). */
function hasNumber(result: QueryResult): boolean {
  const samples = result.resultType === 'vector' ? (result.result as VectorSample[]) : [];
  return samples.some((s) => Number.isFinite(Number(s.value[1])));
}

interface DrillReport {
  outcome: string;
  message: string;
  timeline: { t: number; step: string; event: string; subject?: string }[];
  report: DrillReportSummary;
}

interface DashboardPanel {
  id: number;
  type: string;
  panels?: DashboardPanel[];
}

/** The time-series and stat panels, counted straight from the generated dashboard JSON (rows' panels included). */
async function chartPanelIds(): Promise<number[]> {
  const ids = (panels: readonly DashboardPanel[]): number[] =>
    panels.flatMap((p) => (p.type === 'timeseries' || p.type === 'stat' ? [p.id] : ids(p.panels ?? [])));
  return ids((JSON.parse(await readFile(repoPath(GENERATED_PATHS.dashboardJson), 'utf8')) as { panels: DashboardPanel[] }).panels);
}

describe('FraudWatch end to end', () => {
  let webhook: WebhookReceiver;
  let predictor: RunningNodeApp;
  let stack: Stack;
  let workDir: string;
  let drillReport: DrillReport;

  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'fraudwatch-e2e-'));
    webhook = await startWebhookReceiver();
    predictor = await startNodeApp({ name: 'predictor', entry: import.meta.resolve('@fraudwatch/predictor/main') });
    stack = await startStack({ jobName: PREDICTOR_JOB, targets: [predictor.address], rulesFiles: [rulesFilePath('fast')], webhookUrl: webhook.url });
  }, 60_000);

  afterEach(({ task }) => {
    if (task.result?.state !== 'fail') return;
    // The servers' own account of what happened, beside the assertion that failed.
    console.error(`${stack?.logs() ?? ''}\n--- predictor ---\n${predictor?.process.logs() ?? ''}`);
  });

  afterAll(async () => {
    await stack?.stop();
    await predictor?.stop();
    await webhook?.close();
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  const firingOrPending = async (alertname: string): Promise<string | undefined> =>
    (await stack.api.alertStates()).get(alertname);

  it('scrapes the predictor under the job the rules select, with the fast rules loaded', async () => {
    const [target] = await stack.api.targets();
    expect(target?.labels).toMatchObject({ job: PREDICTOR_JOB, instance: predictor.address });
    expect(await stack.api.alertingRuleNames()).toEqual(
      expect.arrayContaining([alertNames.alertCounterHigh, alertNames.fraudRateSpike, alertNames.modelScoreDrift]),
    );
  });

  it('keeps FraudRateSpike silent under baseline traffic of enough volume to arm it', async () => {
    const traffic = runLoadgen(
      ['baseline', '--target', predictor.url, '--duration', String(BASELINE_SECONDS), '--rate', String(RATE), '--quiet'],
      (BASELINE_SECONDS + 30) * 1000,
    );
    const seen = new Set<string>();
    let finished = false;
    void traffic.finally(() => {
      finished = true;
    });
    // Watch throughout the run and a few evaluations after it (bounded by the loadgen's own timeout).
    while (!finished) {
      const state = await firingOrPending(alertNames.fraudRateSpike);
      if (state) seen.add(state);
      await sleep(500);
    }
    const volume = await stack.api.query(
      `sum(increase(${catalogue.predictions.name}{job="${PREDICTOR_JOB}"}[${fast.fraudRate.window}])) > ${fast.fraudRate.minDecisions}`,
    );
    for (let i = 0; i < 6; i += 1) {
      const state = await firingOrPending(alertNames.fraudRateSpike);
      if (state) seen.add(state);
      await sleep(500);
    }
    const result = await traffic;
    expect(result.exitCode, result.stderr).toBe(0);
    // The rule's volume guard was met, so its silence is the fraud share's doing.
    expect(resultSize(volume)).toBe(1);
    expect([...seen]).toEqual([]);
    expect(webhook.events().filter((e) => e.alertname === alertNames.fraudRateSpike)).toEqual([]);
  }, 90_000);

  it('fires AlertCounterHigh and FraudRateSpike on the fraud burst, delivers them, and resolves them after the terminal-13 reset', async () => {
    const reportPath = join(workDir, 'drill.json');
    // Only notifications from this drill count, not anything the earlier tests left at the webhook.
    const after = new Date();
    const drill = await runLoadgen(
      [
        'drill',
        ...['--target', predictor.url, '--prometheus', stack.prometheusUrl, '--alertmanager', stack.alertmanagerUrl],
        ...['--json', reportPath, '--report', join(workDir, 'report')],
      ],
      180_000,
    );
    expect(drill.exitCode, drill.stderr).toBe(0);
    const report = JSON.parse(await readFile(reportPath, 'utf8')) as DrillReport;
    drillReport = report;
    expect(report.outcome).toBe('passed');

    // In the drill's timeline, both alerts fire only once the burst has begun.
    const burstAt = report.timeline.find((e) => e.step === 'fraud-burst' && e.event === 'step')?.t ?? Infinity;
    const resetAt = report.timeline.find((e) => e.step === 'reset' && e.event === 'step')?.t ?? Infinity;
    for (const alert of [alertNames.alertCounterHigh, alertNames.fraudRateSpike]) {
      const firedAt = report.timeline.find((e) => e.subject === alert && e.event === 'firing')?.t;
      expect(firedAt, alert).toBeGreaterThanOrEqual(burstAt);
      expect(firedAt, alert).toBeLessThan(resetAt);
    }

    // Prometheus → Alertmanager → webhook, both ways.
    const fired = await webhook.waitForAlert(alertNames.alertCounterHigh, 'firing', 5_000, { after });
    // One alert per job: the rule compares the highest replica's counter.
    expect(fired.labels).toMatchObject({ job: PREDICTOR_JOB, severity: 'warning' });
    const resolved = await webhook.waitForAlert(alertNames.alertCounterHigh, 'resolved', 20_000, { after });
    expect(resolved.receivedAt.getTime()).toBeGreaterThan(fired.receivedAt.getTime());
    await webhook.waitForAlert(alertNames.fraudRateSpike, 'firing', 5_000, { after });
    await webhook.waitForAlert(alertNames.fraudRateSpike, 'resolved', 30_000, { after });

    // The burst shifts the score distribution too, but ModelScoreDrift's pending period
    // (fast profile) outlasts the drill: the drill trips the two alerts it is about and no other.
    expect(await firingOrPending(alertNames.modelScoreDrift)).not.toBe('firing');
    expect(webhook.events().filter((e) => e.alertname === alertNames.modelScoreDrift)).toEqual([]);

    // The reset is what cleared the seed's alert: the counter is back to 0 and a reset was counted.
    const counter = await stack.api.query(`${catalogue.alertCounter.name}{job="${PREDICTOR_JOB}"}`);
    expect(counter.result).toMatchObject([{ value: [expect.any(Number), '0'] }]);
    const resets = await stack.api.query(`${catalogue.alertCounterResets.name}{job="${PREDICTOR_JOB}"} > 0`);
    expect(resultSize(resets)).toBe(1);
  }, 210_000);

  describe("the drill's report (--report)", () => {
    it('draws one chart per time-series and stat panel of the dashboard, each with data over the drill', async () => {
      const { report } = drillReport;
      const ids = await chartPanelIds();
      expect(ids.length).toBeGreaterThan(10);
      // A panel whose queries return nothing during the drill fails here, unless NO_DATA_EXPECTED says
      // why all of them cannot: a broken panel cannot hide.
      expect(report.emptyPanels.map((p) => p.title)).toEqual(EMPTY_PANELS_EXPECTED);
      const expectedEmpty = new Set(report.emptyPanels.map((p) => p.id));
      // The page draws a chart for every panel with data, none for an empty one.
      expect(report.page.panels).toEqual(ids.map((id) => ({ id, series: expect.any(Number), charts: expectedEmpty.has(id) ? 0 : 1, stepLabels: expect.any(Array) })));
      for (const panel of report.page.panels.filter((p) => !expectedEmpty.has(p.id))) {
        expect(panel.series, `panel ${panel.id}`).toBeGreaterThan(0);
      }
      expect(report.page.consoleErrors).toEqual([]);
      expect(report.page.networkRequests).toEqual([]);
    });

    it("bands AlertCounterHigh firing during the burst and resolved after the reset, over the threshold line on its panels", async () => {
      const { report, timeline } = drillReport;
      const data = await inlineReportData(report.htmlFile);
      const marks = new Map(data.steps.map((s) => [s.name, s.at]));
      expect([...marks.keys()]).toEqual(['baseline', 'fraud-burst', 'reset']);
      // The marks are the timeline's steps (to the millisecond), placed from the drill's start.
      expect(marks.get('fraud-burst')! - marks.get('baseline')!).toBeCloseTo(
        timeline.find((e) => e.event === 'step' && e.step === 'fraud-burst')!.t - timeline.find((e) => e.event === 'step' && e.step === 'baseline')!.t,
        2,
      );
      const bands = report.alertBands.filter((b) => b.alert === alertNames.alertCounterHigh);
      const firing = bands.find((b) => b.state === 'firing');
      expect(firing?.from).toBeGreaterThanOrEqual(Math.floor(marks.get('fraud-burst')!));
      expect(firing?.from).toBeLessThanOrEqual(Math.ceil(marks.get('reset')!));
      expect(bands.find((b) => b.state === 'resolved')?.from).toBeGreaterThanOrEqual(Math.floor(marks.get('reset')!));
      const alertPanels = data.panels.filter((p) => p.alerts.includes(alertNames.alertCounterHigh));
      expect(alertPanels.map((p) => p.title).sort()).toEqual(['alert_counter', 'alert_counter over time']);
      for (const panel of alertPanels) expect(panel.thresholds).toEqual([SEED_ALERT_THRESHOLD]);
    });

    it('writes index.html and full-page PNG screenshots of the page and of Prometheus, of the page size', async () => {
      const dir = join(workDir, 'report');
      const { report } = drillReport;
      expect(report.htmlFile).toBe(join(dir, REPORT_FILES.page));
      const files = report.screenshots.map((s) => s.file).sort();
      expect(files).toEqual([REPORT_FILES.alertsFiring, REPORT_FILES.alertsResolved, REPORT_FILES.pageScreenshot, REPORT_FILES.targets].map((f) => join(dir, f)).sort());
      for (const shot of report.screenshots) {
        const png = await pngSize(shot.file);
        expect(png.width, shot.file).toBe(VIEWPORT.width);
        expect(png.height, shot.file).toBe(Math.max(shot.height, VIEWPORT.height));
        expect(png.bytes, shot.file).toBeGreaterThan(10_000);
      }
      // Every panel, not a viewport's worth.
      expect(report.page.height).toBeGreaterThan(2 * VIEWPORT.height);
    });
  });

  it('answers every dashboard panel query with data after the drill (which ends with feedback labels)', async () => {
    await stack.api.waitForScrapeAfter(Date.now(), 10_000);
    const targets = dashboardTargets();
    expect(targets.length).toBeGreaterThan(10);
    const values = { ...DEFAULT_VARIABLE_VALUES, instance: predictor.address };
    const withoutData: string[] = [];
    for (const target of targets) {
      const key = `${target.panelTitle} / ${target.refId}`;
      const result = await stack.api.query(interpolate(target.expr, values));
      if (!hasNumber(result)) withoutData.push(key);
    }
    expect(withoutData).toEqual(Object.keys(NO_DATA_EXPECTED));
  }, 60_000);
});
