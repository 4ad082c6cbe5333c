#!/usr/bin/env node
/**
 * fraudwatch-loadgen: traffic from the transaction simulator against the predictor, and the
 * alert drill. Human output goes to stderr, the JSON summary (or drill report) to stdout.
 */
import { writeFile } from 'node:fs/promises';
import { Command, Option } from 'commander';
import { runDrill, type DrillReport } from './drill.js';
import { probeTarget } from './http.js';
import { parseNonNegativeInt, parsePositive, parsePositiveInt, parseShare, parseUrl, parseUrls } from './options.js';
import { formatReportLine, startDrillPictures, type DrillPictures, type PicturedDrill } from './report.js';
import { runScenario, type ProgressMode } from './run.js';
import { createScenario, freshIdBase, simulatedStream, SCENARIO_NAMES, type ScenarioName } from './scenarios/index.js';
import { failureOf, formatSummaryLine, type RunSummary } from './summary.js';
import { formatEntry } from './timeline.js';

/** The drill's traffic rate: enough to trip the alerts in seconds without starving the machine. */
const DRILL_RATE = 50;

interface CommonOptions {
  target: URL[];
  seed: number;
  connections: number;
  rate?: number;
  fraudShare: number;
  resetTerminal: number;
  json?: string;
  quiet?: boolean;
  apiKey?: string;
}

interface TrafficOptions extends CommonOptions {
  duration: number;
  amount?: number;
}

interface DrillCliOptions extends CommonOptions {
  duration: number;
  prometheus: URL;
  alertmanager?: URL;
  stepTimeout: number;
  pollInterval: number;
  report?: string;
}

const DESCRIPTIONS: Record<ScenarioName, string> = {
  baseline: 'realistic traffic: simulated transactions in event-time order, POST /v1/predict',
  'fraud-burst': 'the baseline stream with fraud injected (amounts > 220, compromised terminals with their labelled history, compromised cards x5)',
  reset: 'one transaction at the reset terminal: alert_counter goes back to 0',
  legacy: 'the legacy query form, GET /predict?tranaction_id=…',
  feedback: `the true labels of the simulated transactions (what baseline with the same seed sent), POST /v1/feedback in batches`,
};

function addCommonOptions(command: Command): Command {
  return command
    .addOption(
      new Option('--target <url[,url…]>', 'the predictor to load, or several (replicas) to spread the load over')
        .default(parseUrls('http://127.0.0.1:8000'), 'http://127.0.0.1:8000')
        .argParser(parseUrls),
    )
    .addOption(new Option('--seed <n>', 'simulator seed: the same seed sends the same transactions').default(42).argParser(parseNonNegativeInt))
    .addOption(new Option('--connections <n>', 'concurrent connections').default(10).argParser(parsePositiveInt))
    .addOption(new Option('--rate <rps>', 'requests per second over all connections (default: as fast as the target answers)').argParser(parsePositive))
    .addOption(new Option('--fraud-share <share>', 'fraud-burst: share of transactions replaced by injected fraud').default(0.5).argParser(parseShare))
    .addOption(new Option('--reset-terminal <id>', "the predictor's ALERT_RESET_TERMINAL_ID").default(13).argParser(parseNonNegativeInt))
    .addOption(
      new Option('--api-key <token>', "the predictor's API key, sent as Authorization: Bearer (prefer the variable: arguments show in ps)").env(
        'FRAUDWATCH_API_KEY',
      ),
    )
    .addOption(new Option('--json <file>', 'also write the JSON summary (drill: the report) to this file'))
    .addOption(new Option('--quiet', 'no progress output; stdout still carries the JSON'));
}

function progressMode(quiet: boolean | undefined): ProgressMode {
  if (quiet === true) return 'none';
  return process.stderr.isTTY ? 'tty' : 'lines';
}

async function emitJson(value: RunSummary | DrillReport | PicturedDrill, file: string | undefined): Promise<void> {
  const text = `${JSON.stringify(value, null, 2)}\n`;
  process.stdout.write(text);
  if (file !== undefined) await writeFile(file, text);
}

async function runTraffic(name: ScenarioName, options: TrafficOptions): Promise<void> {
  await Promise.all(options.target.map(probeTarget));
  const scenario = createScenario(name, {
    // A reset is a trigger, not traffic: sent again it must reset again, so its transaction is new
    // each time (the others send the seed's transactions, the same ones for the same seed).
    stream: simulatedStream(options.seed, name === 'reset' ? freshIdBase(Date.now()) : 0),
    seed: options.seed,
    fraudShare: options.fraudShare,
    resetTerminalId: options.resetTerminal,
  });
  const progress = progressMode(options.quiet);
  // Ctrl-C ends the run early but still prints its summary; a second one exits at once.
  const interrupt = new AbortController();
  process.once('SIGINT', () => interrupt.abort());
  const summary = await runScenario({
    targets: options.target,
    scenario,
    seed: options.seed,
    connections: options.connections,
    durationSeconds: options.duration,
    ...(options.amount === undefined ? {} : { amount: options.amount }),
    ...(options.rate === undefined ? {} : { rate: options.rate }),
    apiKey: options.apiKey,
    progress,
    output: process.stderr,
    signal: interrupt.signal,
  });
  if (progress === 'lines') process.stderr.write(`${formatSummaryLine(summary)}\n`);
  await emitJson(summary, options.json);
  const failure = failureOf(summary);
  if (failure !== undefined) throw new Error(failure);
}

async function drill(options: DrillCliOptions): Promise<void> {
  const pictures = options.report === undefined ? undefined : await startDrillPictures(options.report, options.prometheus);
  try {
    await drillWith(options, pictures);
  } finally {
    await pictures?.close();
  }
}

async function drillWith(options: DrillCliOptions, pictures: DrillPictures | undefined): Promise<void> {
  const quiet = options.quiet === true;
  const report = await runDrill({
    targets: options.target,
    prometheus: options.prometheus,
    ...(options.alertmanager === undefined ? {} : { alertmanager: options.alertmanager }),
    seed: options.seed,
    connections: options.connections,
    rate: options.rate ?? DRILL_RATE,
    baselineSeconds: options.duration,
    stepTimeoutSeconds: options.stepTimeout,
    pollIntervalMs: options.pollInterval,
    fraudShare: options.fraudShare,
    resetTerminalId: options.resetTerminal,
    apiKey: options.apiKey,
    // Autocannon's bars would interleave with the timeline: the drill prints the timeline only.
    progress: 'none',
    output: process.stderr,
    onEntry: (entry) => {
      if (!quiet) process.stderr.write(`${formatEntry(entry)}\n`);
    },
    ...(pictures === undefined ? {} : { observer: pictures.observer }),
  });
  // A failed drill is drawn too: the page shows how far it got.
  const pictured = pictures === undefined ? undefined : await pictures.finish(report, new Date());
  await emitJson(pictured === undefined ? report : { ...report, report: pictured }, options.json);
  if (pictured !== undefined && !quiet) process.stderr.write(`${formatReportLine(pictured)}\n`);
  if (report.outcome !== 'passed') throw new Error(report.message);
  if (!quiet) process.stderr.write(`drill passed: ${report.message}\n`);
}

function buildProgram(): Command {
  const program = new Command('fraudwatch-loadgen')
    .description('Load the FraudWatch predictor with simulated card traffic, or run the alert drill.')
    .showHelpAfterError()
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  fraudwatch-loadgen baseline --duration 30 --rate 200\n' +
        '  fraudwatch-loadgen fraud-burst --amount 500 --json burst.json\n' +
        '  fraudwatch-loadgen reset\n' +
        '  fraudwatch-loadgen drill --prometheus http://127.0.0.1:9090 --alertmanager http://127.0.0.1:9093 --report drill-report\n',
    );
  for (const name of SCENARIO_NAMES) {
    addCommonOptions(program.command(name).description(DESCRIPTIONS[name]))
      .addOption(new Option('--duration <seconds>', 'how long to run (ignored when --amount is given)').default(10).argParser(parsePositive))
      .addOption(new Option('--amount <requests>', 'how many requests to send, then stop').argParser(parsePositiveInt))
      .action((options: TrafficOptions) => runTraffic(name, options));
  }
  addCommonOptions(
    program
      .command('drill')
      .description(
        'prove the alerting: baseline, then a fraud burst until AlertCounterHigh (and FraudRateSpike, if loaded) fires in ' +
          'Prometheus (and reaches Alertmanager), then a reset, then wait until they resolve; exit 0 only if all of that held',
      ),
  )
    .addOption(new Option('--prometheus <url>', 'Prometheus that scrapes the target and has the alert rules').argParser(parseUrl).makeOptionMandatory())
    .addOption(new Option('--alertmanager <url>', 'also expect the alerts in this Alertmanager').argParser(parseUrl))
    .addOption(new Option('--duration <seconds>', 'how long the baseline step runs').default(5).argParser(parsePositive))
    .addOption(new Option('--step-timeout <seconds>', 'bound on each step (the burst included)').default(60).argParser(parsePositive))
    .addOption(new Option('--poll-interval <ms>', 'how often alert state is read').default(500).argParser(parsePositiveInt))
    .addOption(
      new Option(
        '--report <dir>',
        "also write the drill report to this folder: the dashboard's panels over the drill (index.html) and screenshots by headless Chromium",
      ),
    )
    .action((options: DrillCliOptions) => drill(options));
  return program;
}

// Every failure is reported as one line, without a stack trace.
try {
  await buildProgram().parseAsync(process.argv);
} catch (error) {
  process.stderr.write(`fraudwatch-loadgen: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
