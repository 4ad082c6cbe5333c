#!/usr/bin/env node
/**
 * The FraudWatch demo: the predictor, a real Prometheus and Alertmanager with the fast rules, a
 * webhook receiver standing in for a pager, and the loadgen alert drill with its live timeline and
 * its report (the dashboard drawn over the drill, screenshots); then a summary. `--keep` leaves
 * everything running for exploring by hand until Ctrl-C.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve as resolvePath } from 'node:path';
import { parseArgs } from 'node:util';
import { GENERATED_PATHS, PREDICTOR_JOB, repoPath, rulesFilePath } from '@fraudwatch/dashboards';
import {
  runNodeApp,
  startNodeApp,
  startStack,
  startWebhookReceiver,
  type RunningNodeApp,
  type Stack,
  type WebhookReceiver,
} from '@fraudwatch/stack';
import { alertHistories, formatHistories, formatReportLines, type DrillReportOutline } from './summary.js';

const USAGE = `usage: fraudwatch-demo [--report DIR] [--keep]   (bash scripts/demo.sh [...] builds first)
  --report DIR  write the drill report there (default: a fresh folder under the OS temp dir)
  --keep        leave the predictor, Prometheus and Alertmanager running after the drill (Ctrl-C stops them)`;

/** The apps it starts, resolved through this package's dependencies on them. */
const PREDICTOR_ENTRY = import.meta.resolve('@fraudwatch/predictor/main');
const LOADGEN_ENTRY = import.meta.resolve('@fraudwatch/loadgen/cli');

/** Bounds: the drill bounds each of its steps; these bound the demo around it. */
const DRILL_TIMEOUT_MS = 5 * 60_000;
const RESOLVED_DELIVERY_TIMEOUT_MS = 20_000;

const say = (line = ''): void => {
  process.stdout.write(`${line}\n`);
};

interface Running {
  webhook?: WebhookReceiver;
  predictor?: RunningNodeApp;
  stack?: Stack;
  /** Holds the drill's JSON; removed at the end (the report folder is kept). */
  workDir?: string;
}

async function stopAll(running: Running): Promise<void> {
  await running.stack?.stop();
  await running.predictor?.stop();
  await running.webhook?.close();
  if (running.workDir) await rm(running.workDir, { recursive: true, force: true });
}

/** Waits for the resolved notification of every alert that fired, bounded; returns those missing. */
async function awaitResolvedDeliveries(webhook: WebhookReceiver): Promise<string[]> {
  const fired = [...new Set(webhook.events().filter((e) => e.status === 'firing').map((e) => e.alertname))];
  const outcomes = await Promise.allSettled(fired.map((name) => webhook.waitForAlert(name, 'resolved', RESOLVED_DELIVERY_TIMEOUT_MS)));
  return fired.filter((_, i) => outcomes[i]?.status === 'rejected');
}

function printUrls(running: Required<Pick<Running, 'predictor' | 'stack' | 'webhook'>>): void {
  say(`  predictor     ${running.predictor.url}   (/metrics, /v1/model, POST /v1/predict)`);
  say(`  Prometheus    ${running.stack.prometheusUrl}   (/alerts, /graph?g0.expr=alert_counter)`);
  say(`  Alertmanager  ${running.stack.alertmanagerUrl}`);
  say(`  webhook       ${running.webhook.url}`);
}

/**
 * Ctrl-C (or SIGTERM) only aborts: main's finally is the one place that stops what was started, so a
 * signal mid-start neither races it nor misses what the step in flight is about to hand back.
 */
function abortOnSignal(): AbortSignal {
  const controller = new AbortController();
  const abort = (): void => {
    if (!controller.signal.aborted) process.stderr.write('\ninterrupted: stopping\n');
    controller.abort();
  };
  process.on('SIGINT', abort);
  process.on('SIGTERM', abort);
  return controller.signal;
}

function untilAborted(signal: AbortSignal): Promise<void> {
  return signal.aborted ? Promise.resolve() : new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}

const INTERRUPTED_EXIT_CODE = 130;

/** What the summary reads from the drill's JSON. */
interface DrillOutcome {
  outcome?: string;
  message?: string;
  report?: DrillReportOutline;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { keep: { type: 'boolean', default: false }, report: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    say(USAGE);
    return 0;
  }
  const running: Running = {};
  const interrupted = abortOnSignal();
  try {
    say('==> starting the predictor, Prometheus and Alertmanager (fast rules, 1 s scrape and evaluation)');
    running.webhook = await startWebhookReceiver();
    interrupted.throwIfAborted();
    running.predictor = await startNodeApp({ name: 'predictor', entry: PREDICTOR_ENTRY });
    interrupted.throwIfAborted();
    running.stack = await startStack({
      jobName: PREDICTOR_JOB,
      targets: [running.predictor.address],
      rulesFiles: [rulesFilePath('fast')],
      webhookUrl: running.webhook.url,
    });
    interrupted.throwIfAborted();
    const { predictor, stack, webhook } = running;
    printUrls({ predictor, stack, webhook });

    say('\n==> alert drill (baseline → fraud burst → terminal-13 reset → resolved → feedback labels), with its report');
    running.workDir = await mkdtemp(join(tmpdir(), 'fraudwatch-demo-'));
    const reportDir = resolvePath(values.report ?? (await mkdtemp(join(tmpdir(), 'fraudwatch-drill-report-'))));
    const drillPath = join(running.workDir, 'drill.json');
    // The summary's times count from here, like the drill's timeline.
    const origin = new Date();
    const drill = await runNodeApp(
      LOADGEN_ENTRY,
      [
        'drill',
        ...['--target', predictor.url, '--prometheus', stack.prometheusUrl, '--alertmanager', stack.alertmanagerUrl],
        ...['--json', drillPath, '--report', reportDir],
      ],
      { timeoutMs: DRILL_TIMEOUT_MS, stderrTo: process.stderr, signal: interrupted },
    );
    interrupted.throwIfAborted();
    const undelivered = await awaitResolvedDeliveries(webhook);
    const report = JSON.parse(await readFile(drillPath, 'utf8').catch(() => '{}')) as DrillOutcome;

    say('\n==> summary');
    say(`  drill: ${report.outcome ?? 'no report'}${report.message ? ` (${report.message})` : ''}${drill.timedOut ? ' [timed out]' : ''}`);
    say(`  Alertmanager delivered ${webhook.notifications.length} notification(s) to the webhook (times since the drill started):`);
    for (const line of formatHistories(alertHistories(webhook.events()), origin)) say(line);
    if (undelivered.length > 0) say(`  no resolved notification (yet) for: ${undelivered.join(', ')}`);
    say(`  dashboard JSON (import into Grafana): ${repoPath(GENERATED_PATHS.dashboardJson)}`);
    say(`  Grafana alert rules (provisioning file in a ConfigMap): ${repoPath(GENERATED_PATHS.alertsConfigMap)}`);
    say(`  Prometheus rules used here: ${rulesFilePath('fast')}`);
    for (const line of formatReportLines(report.report, reportDir)) say(line);
    const ok = drill.exitCode === 0 && undelivered.length === 0;

    if (values.keep) {
      say('\n==> still running (Ctrl-C to stop):');
      printUrls({ predictor, stack, webhook });
      await untilAborted(interrupted);
    }
    return ok ? 0 : 1;
  } catch (error) {
    if (interrupted.aborted) return INTERRUPTED_EXIT_CODE;
    process.stderr.write(`demo failed: ${(error as Error).message}\n`);
    return 1;
  } finally {
    await stopAll(running);
  }
}

process.exitCode = await main();
