/** The built CLI (dist/cli.js), spawned as a user would run it. Build first: `pnpm build`. */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@fraudwatch/stack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DrillReport } from '../src/drill.js';
import type { RunSummary } from '../src/summary.js';
import { cli, cliWith } from './helpers/cli.js';
import { predictorForThisFile } from './helpers/predictor.js';

const predictor = predictorForThisFile();
let dir: string;
/** A loopback port nothing listens on. */
let DOWN: string;

beforeAll(async () => {
  DOWN = `http://127.0.0.1:${await freePort()}`;
  dir = await mkdtemp(join(tmpdir(), 'loadgen-cli-'));
});
afterAll(async () => {
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

const noStackTrace = (text: string): void => expect(text).not.toMatch(/^\s+at /m);

describe('fraudwatch-loadgen', () => {
  it('documents every scenario and option in --help', async () => {
    const top = await cli('--help');
    expect(top.code).toBe(0);
    for (const name of ['baseline', 'fraud-burst', 'reset', 'legacy', 'feedback', 'drill']) expect(top.stdout).toContain(name);
    const drill = await cli('drill', '--help');
    for (const option of ['--target', '--duration', '--rate', '--connections', '--seed', '--prometheus', '--alertmanager', '--json', '--quiet', '--api-key', 'FRAUDWATCH_API_KEY', '--report']) {
      expect(drill.stdout).toContain(option);
    }
    expect((await cli('baseline', '--help')).stdout).toContain('--amount');
  });

  it('runs a bounded scenario, prints the JSON summary and writes it to --json', async () => {
    const file = join(dir, 'baseline.json');
    const run = await cli('baseline', '--target', predictor().url, '--amount', '30', '--connections', '2', '--seed', '5', '--quiet', '--json', file);

    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const summary = JSON.parse(run.stdout) as RunSummary;
    expect(summary).toMatchObject({ scenario: 'baseline', seed: 5, requests: 30, non2xx: 0, errors: 0 });
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual(summary);
  });

  it('prints plain progress lines when stderr is not a terminal', async () => {
    const run = await cli('reset', '--target', predictor().url);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/^reset: 1 requests in .* fraud decisions \d\/1, non-2xx 0, errors 0$/m);
  });

  it('exits non-zero with one clear line when the target is down', async () => {
    const run = await cli('baseline', '--target', DOWN, '--duration', '1');
    expect(run.code).toBe(1);
    expect(run.stderr.trim()).toBe(`fraudwatch-loadgen: cannot reach ${DOWN}/readyz (ECONNREFUSED)`);
    expect(run.stdout).toBe('');
  });

  it('exits non-zero naming the status codes when the target answers errors', async () => {
    // A target that is up but failing: ready, then 503 for every request (what a broken upstream gives).
    const failing = createServer((request, response) => {
      response.statusCode = request.url === '/readyz' ? 200 : 503;
      response.end('{}');
    });
    await new Promise<void>((resolve) => failing.listen(0, '127.0.0.1', resolve));
    const { port } = failing.address() as AddressInfo;
    try {
      const run = await cli('baseline', '--target', `http://127.0.0.1:${port}`, '--amount', '10', '--connections', '1', '--quiet');
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/10 of 10 requests failed against .* \(HTTP 503: 10\)/);
      noStackTrace(run.stderr);
      expect(JSON.parse(run.stdout)).toMatchObject({ non2xx: 10, statusCodes: { '503': 10 } });
    } finally {
      await new Promise((resolve) => failing.close(resolve));
    }
  });

  it('exits non-zero with a clear line when the target is not a predictor', async () => {
    const run = await cli('reset', '--target', new URL('/not-here/', predictor().url).href);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/has neither \/readyz nor \/healthz/);
  });

  it('rejects a bad option value, naming the option', async () => {
    const run = await cli('baseline', '--rate', 'fast');
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/option '--rate <rps>' argument 'fast' is invalid/);
  });

  it('takes several comma-separated targets, all of them probed, and rejects ones with different paths', async () => {
    const down = await cli('reset', '--target', `${predictor().url},${DOWN}`);
    expect(down.code).toBe(1);
    expect(down.stderr).toMatch(/cannot reach/);
    const paths = await cli('reset', '--target', `${predictor().url}/a,${predictor().url}/b`);
    expect(paths.code).not.toBe(0);
    expect(paths.stderr).toMatch(/expected URLs with the same path/);
  });

  it('drill: exits non-zero naming the failed step, and --json holds the report', async () => {
    const file = join(dir, 'drill.json');
    const run = await cli('drill', '--target', predictor().url, '--prometheus', DOWN, '--step-timeout', '1', '--json', file);

    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^t\+\d+\.\ds step target$/m);
    expect(run.stderr).toMatch(/fraudwatch-loadgen: step rules failed: cannot reach/);
    noStackTrace(run.stderr);
    const report = JSON.parse(await readFile(file, 'utf8')) as DrillReport;
    expect(report).toMatchObject({ outcome: 'failed', failedStep: 'rules' });
  });

  it('drill --report: a missing Chromium fails before the drill starts, naming the way out', async () => {
    const missing = join(dir, 'no-chromium');
    const run = await cliWith(
      { FRAUDWATCH_CHROMIUM: missing },
      'drill', '--target', predictor().url, '--prometheus', DOWN, '--report', join(dir, 'report'),
    );

    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`fraudwatch-loadgen: ${missing} was not found: install it with \`sudo apt-get install -y chromium\``);
    expect(run.stderr).not.toMatch(/step target/);
    expect(run.stdout).toBe('');
    noStackTrace(run.stderr);
  });
});
