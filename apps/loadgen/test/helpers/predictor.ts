/** The built predictor (resolved through this package's dependency on it), one per test file. */
import { startNodeApp, type RunningNodeApp } from '@fraudwatch/stack';
import { afterAll, beforeAll } from 'vitest';

/**
 * Starts the predictor before the file's tests and stops it after them. The result gives the
 * running predictor, from inside a test or a hook that runs after this one.
 */
export function predictorForThisFile(): () => RunningNodeApp {
  let predictor: RunningNodeApp | undefined;
  beforeAll(async () => {
    predictor = await startNodeApp({ name: 'predictor', entry: import.meta.resolve('@fraudwatch/predictor/main') });
  });
  afterAll(async () => {
    await predictor?.stop();
  });
  return () => {
    if (predictor === undefined) throw new Error('the predictor is started in beforeAll: read it from a test');
    return predictor;
  };
}
