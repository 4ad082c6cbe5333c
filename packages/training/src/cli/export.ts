/**
 * Feature export for training elsewhere: the handbook protocol's four row sets, computed by the
 * same replay through the serving feature state that training uses, as CSV (feature-csv.ts).
 *
 *   pnpm --filter @fraudwatch/training export --out DIR [--seed N] [--customers N] [--terminals N] [--csv FILE]
 */
import { resolve } from 'node:path';
import { writeFeatureCsvs } from '../feature-csv.js';
import { protocolSets } from '../protocol-sets.js';
import { DATA_OPTIONS, dataSource, requiredOption, runCommand } from './data-source.js';

runCommand('export', { ...DATA_OPTIONS, out: { type: 'string' } }, (values) => {
  // pnpm runs the script in this package: a relative DIR is taken from where the command was typed.
  const out = resolve(process.env.INIT_CWD ?? process.cwd(), requiredOption(values, 'out', 'DIR'));
  const { stream, protocol } = dataSource(values);
  for (const { path, rows } of writeFeatureCsvs(out, protocolSets(stream, protocol))) console.log(`wrote ${path} (${rows} rows)`);
});
