/**
 * Training CLI: simulate (or read a handbook-layout CSV), train on the handbook's protocol,
 * print the evaluation beside the handbook's numbers, and write the artifact.
 *
 *   pnpm --filter @fraudwatch/training train --out FILE [--customers N] [--terminals N] [--seed N] [--csv FILE]
 *
 * A relative FILE lands in packages/model/artifacts/, beside the model the predictor serves. --out
 * is required, so a bare run cannot overwrite the committed artifact by accident.
 */
import { ALGORITHMS, type Algorithm } from '../algorithm.js';
import { saveModelArtifact } from '../artifact.js';
import { DEFAULT_BOOSTING } from '../learners/boosting.js';
import { DEFAULT_FOREST } from '../learners/forest.js';
import { DEFAULT_LOGISTIC } from '../learners/logistic.js';
import { train } from '../train.js';
import { DATA_OPTIONS, dataSource, integerOption, requiredOption, runCommand } from './data-source.js';
import { printEvaluation } from './evaluation-table.js';

const OPTIONS = {
  ...DATA_OPTIONS,
  algorithm: { type: 'string', default: 'gradient-boosting' },
  rounds: { type: 'string', default: String(DEFAULT_BOOSTING.rounds) },
  'max-depth': { type: 'string', default: String(DEFAULT_BOOSTING.maxDepth) },
  trees: { type: 'string', default: String(DEFAULT_FOREST.trees) },
  'legit-per-fraud': { type: 'string', default: String(DEFAULT_FOREST.legitPerFraud) },
  steps: { type: 'string', default: String(DEFAULT_LOGISTIC.steps) },
  out: { type: 'string' },
} as const;

runCommand('train', OPTIONS, (values) => {
  const out = requiredOption(values, 'out', 'FILE', 'a relative FILE lands in packages/model/artifacts/; the committed artifact is fraud-model.json there');
  const { stream, source, protocol } = dataSource(values);
  const started = performance.now();
  const algorithm = values.algorithm as Algorithm;
  if (!ALGORITHMS.includes(algorithm)) throw new RangeError(`--algorithm must be one of ${ALGORITHMS.join(', ')}, got ${String(algorithm)}`);
  const boosting = { rounds: integerOption(values, 'rounds'), maxDepth: integerOption(values, 'max-depth') };
  const forest = { trees: integerOption(values, 'trees'), maxDepth: integerOption(values, 'max-depth'), legitPerFraud: integerOption(values, 'legit-per-fraud') };
  const logistic = { steps: integerOption(values, 'steps') };
  const { artifact, validation, test } = train(stream, { protocol, algorithm, boosting, forest, logistic, source });
  printEvaluation(algorithm, { validation, test, threshold: artifact.threshold }, (performance.now() - started) / 1000);
  const written = saveModelArtifact(out, artifact);
  console.log(`wrote ${written} (${artifact.name} ${artifact.version})`);
});
