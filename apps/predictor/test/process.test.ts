/**
 * The built service as a process (`node dist/main.js`, default model artifact): it starts, logs
 * where it listens, refuses bad configuration (a model file it cannot serve included), serves a
 * bare XGBoost model file, and on SIGTERM drains: readiness turns 503, the
 * listener closes, requests already in flight complete, and it exits 0 within the grace period.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request, type ClientRequest, type IncomingMessage } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { valueOf } from '@fraudwatch/metrics/testing';
import { keysDir, testKey, type KeysDir, type TestKey } from './auth/keys.js';
import { postJson, scrape, transaction } from './helpers.js';
import { trainXGBoostModel } from './xgboost-model.js';

const MAIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));
const children: ChildProcess[] = [];
const dirs: KeysDir[] = [];
const modelDir = mkdtempSync(join(tmpdir(), 'fraudwatch-predictor-process-'));
let xgboostModel: string;
beforeAll(() => void (xgboostModel = trainXGBoostModel(modelDir)), 120_000);
afterAll(() => rmSync(modelDir, { recursive: true, force: true }));
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  for (const dir of dirs.splice(0)) dir.remove();
});

function keysFile(keys: readonly TestKey[] | string): KeysDir {
  const dir = keysDir(keys);
  dirs.push(dir);
  return dir;
}

interface Running {
  readonly child: ChildProcess;
  readonly logs: Record<string, unknown>[];
  readonly stderr: () => string;
  readonly exited: Promise<number | null>;
}

function run(env: Record<string, string>): Running {
  const child = spawn(process.execPath, [MAIN], {
    env: { PATH: process.env.PATH, HOST: '127.0.0.1', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  const logs: Record<string, unknown>[] = [];
  let pending = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    pending += chunk.toString();
    const lines = pending.split('\n');
    pending = lines.pop()!;
    for (const line of lines) if (line) logs.push(JSON.parse(line) as Record<string, unknown>);
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  return { child, logs, stderr: () => stderr, exited };
}

/** Polls `check` every 25 ms until it returns a value, for at most `ms`. */
async function waitFor<T>(what: string, ms: number, check: () => Promise<T | undefined> | T | undefined): Promise<T> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const value = await check();
    if (value !== undefined) return value;
    await sleep(25);
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function listening(r: Running): Promise<string> {
  return (await listeners(r)).api;
}

/** The API's URL and, with METRICS_PORT, the operations listener's, from the listening log line. */
async function listeners(r: Running): Promise<{ api: string; operations: string | undefined }> {
  const line = await waitFor('the listening log line', 20_000, () => r.logs.find((l) => l.msg === 'listening'));
  const url = (port: unknown) => `http://127.0.0.1:${String(port)}`;
  return { api: url(line.port), operations: line.metricsPort === undefined ? undefined : url(line.metricsPort) };
}

/** A batch request whose body is only half sent: in flight until `finish()`. */
function halfSentBatch(url: string, size: number) {
  const body = Buffer.from(JSON.stringify({ transactions: Array.from({ length: size }, () => transaction()) }));
  const req: ClientRequest = request(`${url}/v1/predict/batch`, {
    method: 'POST',
    agent: false,
    headers: { 'content-type': 'application/json', 'content-length': body.length },
  });
  const response = once(req, 'response').then(async (args) => {
    const res = args[0] as IncomingMessage;
    let text = '';
    for await (const chunk of res) text += String(chunk);
    return { status: res.statusCode, body: JSON.parse(text) as { predictions: unknown[] } };
  });
  req.write(body.subarray(0, body.length >> 1));
  return { response, finish: () => req.end(body.subarray(body.length >> 1)) };
}

/**
 * Polls /readyz every 25 ms until the listener refuses the connection, for at most `ms`: the
 * statuses seen, then 'refused'. Any other connection error is thrown.
 */
async function readinessUntilRefused(url: string, ms: number): Promise<(number | 'refused')[]> {
  const seen: (number | 'refused')[] = [];
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    try {
      seen.push((await fetch(`${url}/readyz`)).status);
    } catch (error) {
      const code = (error as { cause?: { code?: string } }).cause?.code;
      // The drain closes idle keep-alive connections: a poll that raced that close on a pooled
      // socket ("other side closed", or a reset) is retried on a new connection, not counted as an answer.
      if (code === 'UND_ERR_SOCKET' || code === 'ECONNRESET') continue;
      if (code !== 'ECONNREFUSED') throw error;
      seen.push('refused');
      return seen;
    }
    await sleep(25);
  }
  throw new Error(`the listener did not close within ${ms} ms; /readyz answered ${seen.join(', ')}`);
}

describe('the predictor process', () => {
  it('drains on SIGTERM: in-flight requests complete, readiness turns 503, exit 0', async () => {
    const r = run({ SHUTDOWN_GRACE_MS: '15000', SHUTDOWN_DRAIN_DELAY_MS: '3000' });
    const url = await listening(r);
    expect((await fetch(`${url}/readyz`)).status).toBe(200);

    const inFlight = Array.from({ length: 4 }, () => halfSentBatch(url, 200));
    // The scrape counts itself: 4 held requests + 1.
    await waitFor('4 requests in flight', 10_000, async () =>
      valueOf(await scrape(url), 'predictor_http_requests_in_flight') >= 5 ? true : undefined,
    );

    r.child.kill('SIGTERM');
    // 200 until the signal is handled, 503 through the drain delay, then new connections refused.
    const answers = (await readinessUntilRefused(url, 15_000)).join(' ');
    expect(answers).toMatch(/^(200 )*(503 )+refused$/);

    for (const held of inFlight) held.finish();
    for (const held of inFlight) {
      const { status, body } = await held.response;
      expect(status).toBe(200);
      expect(body.predictions).toHaveLength(200);
    }
    expect(await r.exited).toBe(0);
    const messages = r.logs.map((l) => l.msg);
    expect(messages).toEqual(expect.arrayContaining(['shutting down', 'draining', 'stopped']));
    expect(r.logs.find((l) => l.msg === 'stopped')).toMatchObject({ clean: true });
  }, 60_000);

  it('cuts a request still unfinished when the grace period ends, and exits 1', async () => {
    const r = run({ SHUTDOWN_GRACE_MS: '500' });
    const url = await listening(r);
    const held = halfSentBatch(url, 10);
    held.response.catch(() => undefined);
    await waitFor('the request in flight', 10_000, async () =>
      valueOf(await scrape(url), 'predictor_http_requests_in_flight') >= 2 ? true : undefined,
    );
    r.child.kill('SIGTERM');
    expect(await r.exited).toBe(1);
    await expect(held.response).rejects.toThrow();
    expect(r.logs.find((l) => l.msg === 'stopped')).toMatchObject({ clean: false });
  }, 30_000);

  it('exits at once on SIGINT when idle', async () => {
    const r = run({});
    await listening(r);
    r.child.kill('SIGINT');
    expect(await r.exited).toBe(0);
  }, 30_000);

  it('ends at once on a second signal of the other kind while draining', async () => {
    const r = run({ SHUTDOWN_GRACE_MS: '20000', SHUTDOWN_DRAIN_DELAY_MS: '15000' });
    await listening(r);
    r.child.kill('SIGTERM');
    await waitFor('the draining log line', 10_000, () => r.logs.find((l) => l.msg === 'draining'));
    r.child.kill('SIGINT');
    // Killed by the signal (no exit code), long before the 15 s drain delay would have ended.
    expect(await r.exited).toBeNull();
    expect(r.child.signalCode).toBe('SIGINT');
  }, 30_000);

  it('logs each request as JSON with its id, without the query string', async () => {
    const r = run({});
    const url = await listening(r);
    await fetch(`${url}/predict?tranaction_id=1&customer_id=1`, { headers: { 'x-request-id': 'req-42' } });
    const line = await waitFor('the request log line', 10_000, () =>
      r.logs.find((l) => (l.req as { id?: string } | undefined)?.id === 'req-42'),
    );
    expect(line).toMatchObject({ req: { method: 'GET', path: '/predict' }, res: { statusCode: 400 } });
    expect(JSON.stringify(line)).not.toContain('customer_id');
    r.child.kill('SIGTERM');
    expect(await r.exited).toBe(0);
  }, 30_000);

  it('refuses to start on a bad variable, naming it', async () => {
    const r = run({ ALERT_COUNTER_MODE: 'sometimes' });
    expect(await r.exited).toBe(2);
    expect(r.stderr()).toContain('ALERT_COUNTER_MODE="sometimes"');
  }, 30_000);

  it('refuses to start on a broken keys file, naming the file and the entry', async () => {
    const dir = keysFile('[{"name": "payments", "roles": ["score"]}]');
    const r = run({ API_KEYS_FILE: dir.path });
    expect(await r.exited).toBe(2);
    expect(r.stderr()).toContain(`predictor: API_KEYS_FILE: ${dir.path}: entry 0 ("payments"): sha256`);
  }, 30_000);

  it('serves /metrics and the probes on METRICS_PORT, and no /metrics on the API port; drains both', async () => {
    const r = run({ METRICS_PORT: '0' });
    const { api, operations } = await listeners(r);
    expect(operations).toBeDefined();
    expect(operations).not.toBe(api);
    for (const path of ['/metrics', '/healthz', '/readyz']) expect((await fetch(`${operations}${path}`)).status).toBe(200);
    const metricsOnApi = await fetch(`${api}/metrics`);
    expect(metricsOnApi.status).toBe(404);
    expect(await metricsOnApi.json()).toMatchObject({ details: [{ field: 'path' }] });
    expect((await fetch(`${api}/readyz`)).status).toBe(200);
    r.child.kill('SIGTERM');
    expect(await r.exited).toBe(0);
    await expect(fetch(`${operations}/healthz`)).rejects.toThrow();
  }, 30_000);

  it('rotates keys on SIGHUP while requests flow, failing none', async () => {
    const staying = testKey('payments', ['score']);
    const retiring = testKey('payments-old', ['score']);
    const arriving = testKey('payments-new', ['score']);
    const dir = keysFile([staying, retiring]);
    const r = run({ API_KEYS_FILE: dir.path });
    const url = await listening(r);
    const statusWith = async (key: TestKey) =>
      (await postJson(`${url}/v1/predict`, transaction(), { authorization: `Bearer ${key.token}` })).status;

    let rotated = false;
    const rotation = (async () => {
      await sleep(200);
      dir.write([staying, arriving]);
      r.child.kill('SIGHUP');
      await waitFor('the new key to be accepted', 10_000, async () => ((await statusWith(arriving)) === 200 ? true : undefined));
      rotated = true;
    })();
    const statuses: number[] = [];
    for (let i = 0; i < 2000 && !rotated; i += 1) statuses.push(await statusWith(staying));
    await rotation;

    expect(statuses.length).toBeGreaterThan(0);
    expect(new Set(statuses)).toEqual(new Set([200]));
    expect(await statusWith(retiring)).toBe(401);
    expect(r.logs.map((l) => l.msg)).toContain('reloading the API keys');
    expect(r.child.exitCode).toBeNull();
    r.child.kill('SIGTERM');
    expect(await r.exited).toBe(0);
  }, 30_000);

  it('survives SIGHUP without a keys file', async () => {
    const r = run({});
    const url = await listening(r);
    r.child.kill('SIGHUP');
    await waitFor('the SIGHUP log line', 10_000, () => r.logs.find((l) => l.msg === 'reloading the API keys'));
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    r.child.kill('SIGTERM');
    expect(await r.exited).toBe(0);
  }, 30_000);

  it('refuses to start without a model artifact, naming the path, as a configuration error', async () => {
    const r = run({ MODEL_PATH: '/nonexistent/model.json' });
    expect(await r.exited).toBe(2);
    expect(r.logs.find((l) => l.level === 60)).toMatchObject({ modelPath: '/nonexistent/model.json' });
    expect(r.stderr()).toMatch(/^predictor: model artifact \/nonexistent\/model\.json: file not found/);
  }, 30_000);

  it('refuses to start on an XGBoost model it cannot serve, saying why', async () => {
    const path = join(modelDir, 'squared-error.json');
    const booster = JSON.parse(readFileSync(xgboostModel, 'utf8')) as { learner: { objective: { name: string } } };
    booster.learner.objective.name = 'reg:squarederror';
    writeFileSync(path, JSON.stringify(booster));
    const r = run({ MODEL_PATH: path });
    expect(await r.exited).toBe(2);
    expect(r.stderr()).toMatch(/unsupported objective "reg:squarederror"/);
  }, 30_000);

  it('serves a bare XGBoost file with MODEL_THRESHOLD, and logs that score drift monitoring is off', async () => {
    const r = run({ MODEL_PATH: xgboostModel, MODEL_THRESHOLD: '0.3' });
    const url = await listening(r);
    const warning = r.logs.find((l) => String(l.msg).includes('score drift monitoring is off'));
    expect(warning).toMatchObject({ level: 40, modelVersion: expect.stringMatching(/^xgboost-1\.7\.4\./) as unknown });
    const card = (await (await fetch(`${url}/v1/model`)).json()) as Record<string, unknown>;
    expect(card).toMatchObject({ threshold: 0.3, drift_monitoring: false, explain: true });
    const res = await fetch(`${url}/v1/predict?explain=true`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(transaction({ tx_amount: 500 })),
    });
    expect(((await res.json()) as { reasons: string[] }).reasons).toContain('tx_amount');
    r.child.kill('SIGTERM');
    expect(await r.exited).toBe(0);
  }, 30_000);
});
