/**
 * Wraps a model trained elsewhere on the exported sets (an XGBoost JSON model, or scikit-learn
 * forest parameters from python/sklearn_forest.py) into a FraudWatch artifact, evaluated on the
 * same protocol and data as the built-in trainer (the data options must match the export's).
 *
 *   pnpm --filter @fraudwatch/training import-artifact --model model.json --validation-model validation-model.json --out FILE [--seed N ...]
 */
import { resolve } from 'node:path';
import { saveModelArtifact } from '../artifact.js';
import { importArtifact } from '../import-artifact.js';
import { protocolSets } from '../protocol-sets.js';
import { DATA_OPTIONS, dataSource, requiredOption, runCommand } from './data-source.js';
import { printEvaluation } from './evaluation-table.js';

const OPTIONS = { ...DATA_OPTIONS, model: { type: 'string' }, 'validation-model': { type: 'string' }, out: { type: 'string' } } as const;

runCommand('import-artifact', OPTIONS, (values) => {
  // pnpm runs the script in this package: relative model paths are taken from where the command was typed.
  const from = (path: string): string => resolve(process.env.INIT_CWD ?? process.cwd(), path);
  const modelPath = from(requiredOption(values, 'model', 'FILE', 'the model fitted on train.csv'));
  const validationModelPath = from(requiredOption(values, 'validation-model', 'FILE', 'the same training fitted on validation-fit.csv'));
  const out = requiredOption(values, 'out', 'FILE', 'a relative FILE lands in packages/model/artifacts/');
  const started = performance.now();
  const { stream, source, protocol } = dataSource(values);
  const result = importArtifact(protocolSets(stream, protocol), { modelPath, validationModelPath, protocol, source, now: new Date() });
  printEvaluation(result.artifact.algorithm, { ...result, threshold: result.artifact.threshold }, (performance.now() - started) / 1000);
  const written = saveModelArtifact(out, result.artifact, result.boosterText);
  console.log(`wrote ${written} (${result.artifact.name} ${result.artifact.version})`);
});
