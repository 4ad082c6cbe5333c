/**
 * Training CLI: simulate (or read a handbook-layout CSV), train on the handbook's protocol,
 * print the evaluation beside the handbook's numbers, and write the artifact.
 *
 *   pnpm --filter @fraudwatch/training train --out FILE [--customers N] [--terminals N] [--seed N] [--csv FILE]
 *
 * A relative FILE lands in packages/model/artifacts/, beside the model the predictor serves. --out
 * is required, so a bare run cannot overwrite the committed artifact by accident.
 */
import { parseArgs } from 'node:util';
import { DEFAULT_SIMULATION, simulate } from '@fraudwatch/simulator';
import { ALGORITHMS, type Algorithm } from '../algorithm.js';
import { saveModelArtifact } from '../artifact.js';
import { CsvInputError, readTransactionsCsv } from '../csv.js';
import type { Evaluation } from '../evaluation.js';
import { DEFAULT_BOOSTING } from '../learners/boosting.js';
import { DEFAULT_FOREST } from '../learners/forest.js';
import { DEFAULT_LOGISTIC } from '../learners/logistic.js';
import { DEFAULT_PROTOCOL, epochDay, protocolEnd } from '../protocol.js';
import type { TrainingTransaction } from '../replay.js';
import { train } from '../train.js';

/** Le Borgne et al., Fraud Detection Handbook, baseline results on the same protocol. */
const HANDBOOK = [
  { model: 'handbook logistic regression', auc: 0.871, ap: 0.606, cp: 0.291 },
  { model: 'handbook random forest', auc: 0.867, ap: 0.658, cp: 0.287 },
  { model: 'handbook XGBoost', auc: 0.862, ap: 0.639, cp: 0.273 },
];

function main(): void {
  const { values } = parseArgs({
    options: {
      customers: { type: 'string', default: String(DEFAULT_SIMULATION.customers) },
      terminals: { type: 'string', default: String(DEFAULT_SIMULATION.terminals) },
      seed: { type: 'string', default: String(DEFAULT_SIMULATION.seed) },
      'start-date': { type: 'string', default: DEFAULT_SIMULATION.startDate },
      'train-start': { type: 'string', default: DEFAULT_PROTOCOL.trainStart },
      algorithm: { type: 'string', default: 'gradient-boosting' },
      rounds: { type: 'string', default: String(DEFAULT_BOOSTING.rounds) },
      'max-depth': { type: 'string', default: String(DEFAULT_BOOSTING.maxDepth) },
      trees: { type: 'string', default: String(DEFAULT_FOREST.trees) },
      'legit-per-fraud': { type: 'string', default: String(DEFAULT_FOREST.legitPerFraud) },
      steps: { type: 'string', default: String(DEFAULT_LOGISTIC.steps) },
      csv: { type: 'string' },
      out: { type: 'string' },
    },
    strict: true,
  });

  function integer(name: keyof typeof values): number {
    const n = Number(values[name]);
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`--${name} must be a non-negative integer, got ${values[name]}`);
    return n;
  }

  const out = values.out;
  if (!out) throw new RangeError('--out FILE is required (a relative FILE lands in packages/model/artifacts/; the committed artifact is fraud-model.json there)');

  const protocol = { ...DEFAULT_PROTOCOL, trainStart: values['train-start']! };
  let stream: Iterable<TrainingTransaction>;
  let source: Record<string, string | number>;
  if (values.csv) {
    stream = readTransactionsCsv(values.csv);
    source = { source: 'csv', csv: values.csv };
  } else {
    const startDate = values['start-date']!;
    const days = protocolEnd(protocol) - epochDay(startDate, '--start-date');
    const simulation = { seed: integer('seed'), customers: integer('customers'), terminals: integer('terminals'), startDate, days };
    stream = simulate(simulation);
    source = { source: 'simulation', ...simulation, radius: DEFAULT_SIMULATION.radius };
  }

  const started = performance.now();
  const algorithm = values.algorithm as Algorithm;
  if (!ALGORITHMS.includes(algorithm)) throw new RangeError(`--algorithm must be one of ${ALGORITHMS.join(', ')}, got ${algorithm}`);
  const boosting = { rounds: integer('rounds'), maxDepth: integer('max-depth') };
  const forest = { trees: integer('trees'), maxDepth: integer('max-depth'), legitPerFraud: integer('legit-per-fraud') };
  const logistic = { steps: integer('steps') };
  const { artifact, validation, test } = train(stream, { protocol, algorithm, boosting, forest, logistic, source });
  const seconds = (performance.now() - started) / 1000;

  const row = (model: string, auc: number, ap: number, cp: number): string =>
    `| ${model.padEnd(36)} | ${auc.toFixed(3)} | ${ap.toFixed(3)} | ${cp.toFixed(3)} |`;
  const ours = (label: string, e: Evaluation): string => row(label, e.aucRoc, e.averagePrecision, e.cardPrecisionAt100);
  console.log(`| ${'model'.padEnd(36)} | AUC   | AP    | CP@100 |`);
  console.log(`|${'-'.repeat(38)}|-------|-------|--------|`);
  console.log(ours(`${algorithm} (test week)`, test));
  console.log(ours(`${algorithm} (validation week)`, validation));
  for (const h of HANDBOOK) console.log(row(h.model, h.auc, h.ap, h.cp));
  console.log(
    `test: ${test.transactions} transactions, ${test.frauds} frauds; threshold ${artifact.threshold.toFixed(4)} (best F1 on validation); ${seconds.toFixed(1)} s`,
  );
  const written = saveModelArtifact(out, artifact);
  console.log(`wrote ${written} (${artifact.name} ${artifact.version})`);
}

/** parseArgs reports unknown or malformed options as TypeErrors with an ERR_PARSE_ARGS_* code. */
function isParseArgsError(error: unknown): error is TypeError {
  return error instanceof TypeError && String((error as NodeJS.ErrnoException).code).startsWith('ERR_PARSE_ARGS');
}

try {
  main();
} catch (error) {
  // Bad options and unreadable input are the user's to fix: say what, without a stack trace.
  // Any other error is a bug and keeps its stack.
  if (error instanceof RangeError || error instanceof CsvInputError || isParseArgsError(error)) {
    console.error(`train: ${error.message}`);
    process.exitCode = 2;
  } else {
    throw error;
  }
}
