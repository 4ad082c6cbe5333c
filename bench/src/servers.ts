/** The three servers under test: the built predictor and the two baselines it is compared with. */
import { join } from 'node:path';
import type { ServerSpec } from './server-process.js';
import { benchDir, repoRoot } from './settings.js';

export const PREDICTOR = 'predictor';
export const EXPRESS_MINIMAL = 'express-minimal';
export const BARE_HTTP = 'bare-http';

// Baselines run compiled, like the predictor, so no loader's memory or start-up is counted against them.
function baseline(name: string, file: string): ServerSpec {
  return { name, args: [join(benchDir, 'dist/baselines', file)], cwd: benchDir, readyPath: '/readyz' };
}

export function predictorSpec(env: Readonly<Record<string, string>> = {}): ServerSpec {
  return {
    name: PREDICTOR,
    args: [join(repoRoot, 'apps/predictor/dist/main.js')],
    cwd: repoRoot,
    env: { LOG_LEVEL: 'warn', ...env },
    readyPath: '/readyz',
  };
}

export function allServerSpecs(): ServerSpec[] {
  return [baseline(BARE_HTTP, 'bare-http.js'), baseline(EXPRESS_MINIMAL, 'express-minimal.js'), predictorSpec()];
}
