/**
 * Against a predictor with API keys on: the CLI sends the key from FRAUDWATCH_API_KEY or
 * --api-key with every request (autocannon's and a scenario's setup posts), and without one the
 * run fails naming the 401s.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { catalogue } from '@fraudwatch/metrics';
import { startNodeApp, type RunningNodeApp } from '@fraudwatch/stack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunSummary } from '../src/summary.js';
import { cliWith } from './helpers/cli.js';
import { readMetric } from './helpers/metrics-text.js';

const drillToken = randomBytes(32).toString('base64');
const scoreToken = randomBytes(32).toString('base64');
const entry = (name: string, token: string, roles: string[]) => ({ name, sha256: createHash('sha256').update(token).digest('hex'), roles });

let dir: string;
let predictor: RunningNodeApp;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'loadgen-keys-'));
  const keysFile = join(dir, 'api-keys.json');
  writeFileSync(keysFile, JSON.stringify([entry('ops-drill', drillToken, ['score', 'feedback', 'alert-reset']), entry('payments', scoreToken, ['score'])]));
  predictor = await startNodeApp({ name: 'predictor', entry: import.meta.resolve('@fraudwatch/predictor/main'), env: { API_KEYS_FILE: keysFile } });
});
afterAll(async () => {
  await predictor?.stop();
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

describe('the API key', () => {
  it('is sent from FRAUDWATCH_API_KEY with the setup posts and every autocannon request', async () => {
    const feedbackBefore = await readMetric(new URL(predictor.url), catalogue.feedback.name);
    const run = await cliWith({ FRAUDWATCH_API_KEY: drillToken }, 'fraud-burst', '--target', predictor.url, '--amount', '40', '--connections', '2', '--quiet');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ requests: 40, statusCodes: { '200': 40 } } satisfies Partial<RunSummary>);
    expect(await readMetric(new URL(predictor.url), catalogue.feedback.name)).toBeGreaterThan(feedbackBefore);
  });

  it('is sent from --api-key: the reset resets under a key holding alert-reset, and is refused under one without', async () => {
    const target = new URL(predictor.url);
    expect((await cliWith({}, 'reset', '--target', predictor.url, '--api-key', scoreToken, '--quiet')).code).toBe(0);
    expect(await readMetric(target, catalogue.alertCounterResetsRefused.name)).toBe(1);
    expect(await readMetric(target, catalogue.alertCounterResets.name)).toBe(0);
    expect((await cliWith({}, 'reset', '--target', predictor.url, '--api-key', drillToken, '--quiet')).code).toBe(0);
    expect(await readMetric(target, catalogue.alertCounterResets.name)).toBe(1);
  });

  it('without one, the run fails naming the 401s', async () => {
    const run = await cliWith({ FRAUDWATCH_API_KEY: '' }, 'baseline', '--target', predictor.url, '--amount', '5', '--connections', '1', '--quiet');
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/5 of 5 requests failed against .* \(HTTP 401: 5\)/);
  });
});
