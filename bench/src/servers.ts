/**
 * The three servers under test: the built predictor and the two baselines it is compared with.
 * Each runs as its own process so that its CPU time and memory can be read from /proc without
 * the load generator's share mixed in.
 */
import { join } from 'node:path';
import type { StartNodeAppOptions } from '@fraudwatch/stack';
import { benchDir, repoRoot } from './settings.js';

export const PREDICTOR = 'predictor';
export const EXPRESS_MINIMAL = 'express-minimal';
export const BARE_HTTP = 'bare-http';

/** Their output goes to the bench's stderr, as it comes. */
const echo = { echo: process.stderr };

// Baselines run compiled, like the predictor, so no loader's memory or start-up is counted against them.
function baseline(name: string, file: string): StartNodeAppOptions {
  return { name, entry: join(benchDir, 'dist/baselines', file), cwd: benchDir, ...echo };
}

export function predictorSpec(env: Readonly<Record<string, string>> = {}): StartNodeAppOptions {
  return { name: PREDICTOR, entry: import.meta.resolve('@fraudwatch/predictor/main'), cwd: repoRoot, env, ...echo };
}

export function allServerSpecs(): StartNodeAppOptions[] {
  return [baseline(BARE_HTTP, 'bare-http.js'), baseline(EXPRESS_MINIMAL, 'express-minimal.js'), predictorSpec()];
}
