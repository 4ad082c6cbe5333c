/**
 * The alert drill: proves that a fraud burst trips the alerts and that the seed's reset clears
 * them, against the real predictor, Prometheus and (optionally) Alertmanager.
 *
 *   target      the predictor is up and ready
 *   rules       Prometheus has AlertCounterHigh loaded (and FraudRateSpike, if it has it, is expected too)
 *   clean-start a reset, then no expected alert is firing, so what follows is caused by the drill
 *   baseline    realistic traffic for a while
 *   fraud-burst the burst runs until every expected alert fires in Prometheus (and is in Alertmanager)
 *   reset       one transaction at the reset terminal
 *   resolve     every expected alert stops firing (and leaves Alertmanager)
 *   feedback    the true labels of the transactions it sent (injected fraud as fraud), so live precision and recall have data
 *
 * Every wait is bounded by the step timeout; the first unmet expectation ends the drill, naming its step.
 * An optional observer hears when the alerts fire and when they resolve (the report's screenshots).
 */
import { alertNames } from '@fraudwatch/metrics';
import { createAlertmanagerApi, createPrometheusApi, type AlertmanagerApi, type PrometheusApi } from '@fraudwatch/stack';
import { alertChanges, allFiring, allResolved, expectedAlerts, type AlertObservation } from './alerts.js';
import { probeTarget } from './http.js';
import { runScenario, type ProgressMode } from './run.js';
import type { LabelledTransaction } from '@fraudwatch/simulator';
import { createScenario, freshIdBase, LABELS_PER_REQUEST, replayStream, simulatedStream, type ScenarioName, type TransactionStream } from './scenarios/index.js';
import { failureOf, type RunSummary } from './summary.js';
import { createTimeline, type Timeline, type TimelineEntry } from './timeline.js';

/** The steps, in the order the drill takes them. */
export type DrillStep = 'target' | 'rules' | 'clean-start' | 'baseline' | 'fraud-burst' | 'reset' | 'resolve' | 'feedback';

/** The seed's alert, which the drill always expects. */
const REQUIRED_ALERTS = [alertNames.alertCounterHigh] as const;
/** Expected as well when the loaded rules define it. */
const OPTIONAL_ALERTS = [alertNames.fraudRateSpike] as const;

/** Told of the drill's moments as they happen; an error it throws fails the step it was called in. */
export interface DrillObserver {
  /** Every expected alert fires (the burst has just been stopped). */
  alertsFiring?(): Promise<void>;
  /** Every expected alert has resolved after the reset. */
  alertsResolved?(): Promise<void>;
}

export interface DrillOptions {
  /** One predictor, or replicas to spread the traffic over. */
  readonly targets: readonly URL[];
  readonly prometheus: URL;
  readonly alertmanager?: URL;
  readonly seed: number;
  readonly connections: number;
  /** Requests per second of the baseline and the burst. */
  readonly rate: number;
  readonly baselineSeconds: number;
  /** The bound on each wait (and on the burst). */
  readonly stepTimeoutSeconds: number;
  readonly pollIntervalMs: number;
  readonly fraudShare: number;
  readonly resetTerminalId: number;
  /** The predictor's API key: it must hold score, feedback (the burst's history) and alert-reset. */
  readonly apiKey?: string;
  readonly progress: ProgressMode;
  readonly output: NodeJS.WritableStream;
  /** Receives each timeline entry as it happens. */
  readonly onEntry: (entry: TimelineEntry) => void;
  readonly observer?: DrillObserver;
}

export interface DrillReport {
  readonly outcome: 'passed' | 'failed';
  /** The step whose expectation did not hold. */
  readonly failedStep?: DrillStep;
  readonly message: string;
  readonly expectedAlerts: readonly string[];
  /** When the drill started: the timeline's `t` counts seconds from here. */
  readonly startedAt: Date;
  readonly timeline: readonly TimelineEntry[];
  readonly runs: readonly RunSummary[];
}

class StepFailure extends Error {
  constructor(
    readonly step: DrillStep,
    message: string,
  ) {
    super(message);
    this.name = 'StepFailure';
  }
}

interface DrillContext {
  readonly options: DrillOptions;
  readonly prometheus: PrometheusApi;
  readonly alertmanager?: AlertmanagerApi;
  readonly timeline: Timeline;
  readonly stream: TransactionStream;
  readonly runs: RunSummary[];
  /** What baseline and the burst sent, as sent: the feedback step labels these. */
  readonly sent: LabelledTransaction[];
  expected: readonly string[];
  /** The step under way: every timeline entry is filed under it. */
  current: DrillStep;
  last?: AlertObservation;
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Runs `action` as `step`, turning any error into a StepFailure that names the step. */
async function step<T>(ctx: DrillContext, name: DrillStep, action: () => Promise<T>): Promise<T> {
  ctx.current = name;
  ctx.timeline.add(name, 'step', name);
  try {
    return await action();
  } catch (error) {
    throw error instanceof StepFailure ? error : new StepFailure(name, describeError(error));
  }
}

async function observe(ctx: DrillContext): Promise<AlertObservation> {
  const [prometheus, alertmanager] = await Promise.all([ctx.prometheus.alertStates(), ctx.alertmanager?.alertNames()]);
  const observation = { prometheus, ...(alertmanager === undefined ? {} : { alertmanager }) };
  for (const change of alertChanges(ctx.expected, ctx.last, observation)) ctx.timeline.add(ctx.current, change.event, change.alert);
  ctx.last = observation;
  return observation;
}

function describeState(ctx: DrillContext): string {
  return ctx.expected
    .map((name) => {
      const am = ctx.last?.alertmanager === undefined ? '' : ctx.last.alertmanager.has(name) ? ', in Alertmanager' : ', not in Alertmanager';
      return `${name} ${ctx.last?.prometheus.get(name) ?? 'inactive'}${am}`;
    })
    .join('; ');
}

/** Polls alert state until `done` holds; bounded by the step timeout (and so in attempts). */
async function waitForAlerts(
  ctx: DrillContext,
  name: DrillStep,
  what: string,
  done: (o: AlertObservation) => boolean,
  signal?: AbortSignal,
): Promise<void> {
  const { stepTimeoutSeconds, pollIntervalMs } = ctx.options;
  const deadline = Date.now() + stepTimeoutSeconds * 1000;
  let lastError: unknown;
  while (Date.now() < deadline && signal?.aborted !== true) {
    try {
      if (done(await observe(ctx))) return;
      lastError = undefined;
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, pollIntervalMs));
  }
  const cause = lastError === undefined ? describeState(ctx) : `last poll failed: ${describeError(lastError)}`;
  throw new StepFailure(name, `timed out after ${stepTimeoutSeconds} s waiting for ${what} (${cause})`);
}

async function run(
  ctx: DrillContext,
  name: ScenarioName,
  bound: { seconds?: number; amount?: number; signal?: AbortSignal },
  stream: TransactionStream = ctx.stream,
): Promise<RunSummary> {
  const { options } = ctx;
  const scenario = createScenario(name, {
    stream,
    seed: options.seed,
    fraudShare: options.fraudShare,
    resetTerminalId: options.resetTerminalId,
    onSent: (tx) => ctx.sent.push(tx),
  });
  const summary = await runScenario({
    targets: options.targets,
    scenario,
    seed: options.seed,
    connections: options.connections,
    durationSeconds: bound.seconds ?? options.stepTimeoutSeconds,
    ...(bound.amount === undefined ? {} : { amount: bound.amount }),
    rate: options.rate,
    progress: options.progress,
    output: options.output,
    apiKey: options.apiKey,
    ...(bound.signal === undefined ? {} : { signal: bound.signal }),
  });
  ctx.runs.push(summary);
  ctx.timeline.add(ctx.current, 'sent', `${name}: ${summary.requests} requests, ${summary.fraudDecisions} fraud decisions`);
  return summary;
}

function expectNoFailures(summary: RunSummary): void {
  const failure = failureOf(summary);
  if (failure !== undefined) throw new Error(failure);
}

/** The burst runs until the alerts fire (then it is stopped) or the step times out. */
async function burstUntilFiring(ctx: DrillContext): Promise<void> {
  const stop = new AbortController();
  const burst = run(ctx, 'fraud-burst', { signal: stop.signal });
  try {
    await Promise.race([
      waitForAlerts(ctx, 'fraud-burst', 'the alerts to fire', (o) => allFiring(ctx.expected, o), stop.signal),
      // A burst that fails ends the step at once; one that merely ends leaves the wait to time out.
      burst.then(() => new Promise<never>(() => {})),
    ]);
  } finally {
    stop.abort();
    await burst.catch(() => undefined);
  }
  expectNoFailures(await burst);
}

/** The true labels of what the drill sent, in batches (the last one tops up from the first labels). */
async function sendFeedback(ctx: DrillContext): Promise<void> {
  const amount = Math.ceil(ctx.sent.length / LABELS_PER_REQUEST);
  expectNoFailures(await run(ctx, 'feedback', { amount }, replayStream(ctx.sent, ctx.stream.start)));
}

async function drillSteps(ctx: DrillContext): Promise<void> {
  const { options } = ctx;
  const observer = options.observer ?? {};
  await step(ctx, 'target', () => Promise.all(options.targets.map(probeTarget)));
  await step(ctx, 'rules', async () => {
    const loaded = new Set(await ctx.prometheus.alertingRuleNames());
    const { expected, missing } = expectedAlerts(loaded, REQUIRED_ALERTS, OPTIONAL_ALERTS);
    if (missing.length > 0) throw new Error(`Prometheus has no alerting rule named ${missing.join(', ')}`);
    ctx.expected = expected;
    ctx.timeline.add(ctx.current, 'expecting', expected.join(', '));
  });
  await step(ctx, 'clean-start', async () => {
    expectNoFailures(await run(ctx, 'reset', {}));
    await waitForAlerts(ctx, 'clean-start', 'no expected alert to be firing', (o) => allResolved(ctx.expected, o));
  });
  await step(ctx, 'baseline', async () => expectNoFailures(await run(ctx, 'baseline', { seconds: options.baselineSeconds })));
  await step(ctx, 'fraud-burst', async () => {
    await burstUntilFiring(ctx);
    await observer.alertsFiring?.();
  });
  await step(ctx, 'reset', async () => expectNoFailures(await run(ctx, 'reset', {})));
  await step(ctx, 'resolve', async () => {
    await waitForAlerts(ctx, 'resolve', 'the alerts to resolve', (o) => allResolved(ctx.expected, o));
    await observer.alertsResolved?.();
  });
  await step(ctx, 'feedback', () => sendFeedback(ctx));
}

/** What the drill did, passed or failed. */
function record(ctx: DrillContext): Pick<DrillReport, 'expectedAlerts' | 'startedAt' | 'timeline' | 'runs'> {
  return { expectedAlerts: ctx.expected, startedAt: ctx.timeline.startedAt, timeline: ctx.timeline.entries(), runs: ctx.runs };
}

export async function runDrill(options: DrillOptions): Promise<DrillReport> {
  const ctx: DrillContext = {
    options,
    prometheus: createPrometheusApi(options.prometheus),
    ...(options.alertmanager === undefined ? {} : { alertmanager: createAlertmanagerApi(options.alertmanager) }),
    timeline: createTimeline(options.onEntry),
    // A second drill with the same seed against the same predictor (or Redis) must raise alerts too.
    stream: simulatedStream(options.seed, freshIdBase(Date.now())),
    runs: [],
    sent: [],
    expected: [...REQUIRED_ALERTS],
    current: 'target',
  };
  try {
    await drillSteps(ctx);
    const message = `every expectation held: ${ctx.expected.join(', ')} fired on the burst and resolved after the reset`;
    ctx.timeline.add(ctx.current, 'passed');
    return { outcome: 'passed', message, ...record(ctx) };
  } catch (error) {
    const failure = error instanceof StepFailure ? error : new StepFailure('target', describeError(error));
    ctx.timeline.add(failure.step, 'failed', failure.step);
    return {
      outcome: 'failed',
      failedStep: failure.step,
      message: `step ${failure.step} failed: ${failure.message}`,
      ...record(ctx),
    };
  }
}
