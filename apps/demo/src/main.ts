#!/usr/bin/env node
/**
 * The FraudWatch demo: the predictor, a real Prometheus and Alertmanager with the fast rules, a
 * webhook receiver standing in for a pager, and the loadgen alert drill with its live timeline and
 * its report (the dashboard drawn over the drill, screenshots); then a summary. `--keep` leaves
 * everything running for exploring by hand until Ctrl-C. `--replicas N` (N > 1) runs N predictors
 * on one real redis-server (FEATURE_STORE=redis), spreads the drill's traffic over them, and shows
 * their shared alert_counter in the summary.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve as resolvePath } from 'node:path';
import { parseArgs } from 'node:util';
import { GENERATED_PATHS, PREDICTOR_JOB, repoPath, rulesFilePath } from '@fraudwatch/dashboards';
import {
  createPrometheusApi,
  runNodeApp,
  startNodeApp,
  startRedisServer,
  startStack,
  startWebhookReceiver,
  type RedisServer,
  type RunningNodeApp,
  type Stack,
  type WebhookReceiver,
} from '@fraudwatch/stack';
import { formatSharedCounter, sharedCounter } from './shared-counter.js';
import { alertHistories, formatHistories, formatReportLines, type DrillReportOutline } from './summary.js';

const USAGE = `usage: fraudwatch-demo [--report DIR] [--keep] [--replicas N]   (bash scripts/demo.sh [...] builds first)
  --report DIR   write the drill report there (default: a fresh folder under the OS temp dir)
  --keep         leave the predictors, Prometheus and Alertmanager running after the drill (Ctrl-C stops them)
  --replicas N   N predictors (1-8) sharing one redis-server, the traffic spread over them (default 1: one predictor, memory store)`;
const MAX_REPLICAS = 8;
const DEMO_STORE_TIMEOUT_MS = 1000;

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
  redis?: RedisServer;
  predictors: RunningNodeApp[];
  stack?: Stack;
  /** Holds the drill's JSON; removed at the end (the report folder is kept). */
  workDir?: string;
}

async function stopAll(running: Running): Promise<void> {
  await running.stack?.stop();
  await Promise.all(running.predictors.map((p) => p.stop()));
  await running.redis?.close();
  await running.webhook?.close();
  if (running.workDir) await rm(running.workDir, { recursive: true, force: true });
}

/** Waits for the resolved notification of every alert that fired, bounded; returns those missing. */
async function awaitResolvedDeliveries(webhook: WebhookReceiver): Promise<string[]> {
  const fired = [...new Set(webhook.events().filter((e) => e.status === 'firing').map((e) => e.alertname))];
  const outcomes = await Promise.allSettled(fired.map((name) => webhook.waitForAlert(name, 'resolved', RESOLVED_DELIVERY_TIMEOUT_MS)));
  return fired.filter((_, i) => outcomes[i]?.status === 'rejected');
}

function printUrls(running: Required<Pick<Running, 'predictors' | 'stack' | 'webhook'>> & Pick<Running, 'redis'>): void {
  for (const predictor of running.predictors) say(`  predictor     ${predictor.url}   (/metrics, /v1/model, POST /v1/predict)`);
  if (running.redis) say(`  Redis         ${running.redis.url}   (the predictors' shared feature store)`);
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
    options: {
      keep: { type: 'boolean', default: false },
      report: { type: 'string' },
      replicas: { type: 'string', default: '1' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    say(USAGE);
    return 0;
  }
  const replicas = Number(values.replicas);
  if (!/^\d+$/.test(values.replicas) || replicas < 1 || replicas > MAX_REPLICAS) {
    process.stderr.write(`--replicas: expected a whole number from 1 to ${MAX_REPLICAS}, got "${values.replicas}"\n${USAGE}\n`);
    return 2;
  }
  const running: Running = { predictors: [] };
  const interrupted = abortOnSignal();
  try {
    const shared = replicas > 1;
    say(
      shared
        ? `==> starting redis-server, ${replicas} predictors on it (FEATURE_STORE=redis), Prometheus and Alertmanager (fast rules, 1 s scrape and evaluation)`
        : '==> starting the predictor, Prometheus and Alertmanager (fast rules, 1 s scrape and evaluation)',
    );
    running.webhook = await startWebhookReceiver();
    interrupted.throwIfAborted();
    if (shared) {
      running.redis = await startRedisServer();
      interrupted.throwIfAborted();
    }
    // Everything here shares the machine's cores with Redis: the 100 ms default, meant for a Redis
    // of its own in the cluster, turns a moment of CPU contention into 503s that fail the drill.
    const env: Record<string, string> = running.redis
      ? { FEATURE_STORE: 'redis', REDIS_URL: running.redis.url, FEATURE_STORE_TIMEOUT_MS: String(DEMO_STORE_TIMEOUT_MS) }
      : {};
    for (let i = 0; i < replicas; i++) {
      running.predictors.push(await startNodeApp({ name: shared ? `predictor-${i + 1}` : 'predictor', entry: PREDICTOR_ENTRY, env }));
      interrupted.throwIfAborted();
    }
    running.stack = await startStack({
      jobName: PREDICTOR_JOB,
      targets: running.predictors.map((p) => p.address),
      rulesFiles: [rulesFilePath('fast')],
      webhookUrl: running.webhook.url,
    });
    interrupted.throwIfAborted();
    const { predictors, stack, webhook, redis } = running;
    printUrls({ predictors, stack, webhook, redis });

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
        ...['--target', predictors.map((p) => p.url).join(','), '--prometheus', stack.prometheusUrl, '--alertmanager', stack.alertmanagerUrl],
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
    if (shared) {
      const drillSeconds = (Date.now() - origin.getTime()) / 1000;
      for (const line of formatSharedCounter(await sharedCounter(createPrometheusApi(stack.prometheusUrl), drillSeconds))) say(line);
    }
    say(`  dashboard JSON (import into Grafana): ${repoPath(GENERATED_PATHS.dashboardJson)}`);
    say(`  Grafana alert rules (provisioning file in a ConfigMap): ${repoPath(GENERATED_PATHS.alertsConfigMap)}`);
    say(`  Prometheus rules used here: ${rulesFilePath('fast')}`);
    for (const line of formatReportLines(report.report, reportDir)) say(line);
    const ok = drill.exitCode === 0 && undelivered.length === 0;

    if (values.keep) {
      say('\n==> still running (Ctrl-C to stop):');
      printUrls({ predictors, stack, webhook, redis });
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
