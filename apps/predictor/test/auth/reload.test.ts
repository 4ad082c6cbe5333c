/**
 * Key rotation without a restart, on the real predictor: the file replaced (watched) or reload()
 * (what SIGHUP calls), with requests running throughout; a broken new file keeps the keys in force.
 */
import { once } from 'node:events';
import { request, type IncomingMessage } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { valueOf } from '@fraudwatch/metrics/testing';
import { scrape, transaction, type TestPredictor } from '../helpers.js';
import { captureLogs } from '../reliability/log-capture.js';
import { observableState } from '../reliability/state.js';
import { PROTECTED_ROUTES, startKeyedPredictor, type KeyedPredictor } from './keyed-predictor.js';
import { testKey, type TestKey } from './keys.js';
import { send } from './route-matrix.js';

const PREDICT = PROTECTED_ROUTES[0]!;

let keyed: KeyedPredictor | undefined;
afterEach(async () => {
  await keyed?.close();
  keyed = undefined;
});

async function start(keys: readonly TestKey[]) {
  const logs = captureLogs('info');
  keyed = await startKeyedPredictor(keys, { logger: logs.logger });
  return { dir: keyed.keys, app: keyed.predictor, logs };
}

const statusFor = async (a: TestPredictor, key: TestKey) => (await send(a.url, { route: PREDICT, token: key.token })).status;

/** Sends requests with `key` back to back until `until` settles; resolves to every status seen. */
async function trafficUntil(a: TestPredictor, key: TestKey, until: Promise<unknown>): Promise<number[]> {
  let done = false;
  void until.finally(() => (done = true));
  const statuses: number[] = [];
  for (let i = 0; i < 2000 && !done; i += 1) statuses.push(await statusFor(a, key));
  return statuses;
}

async function eventually(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let waited = 0; waited < 10_000; waited += 50) {
    if (await check()) return;
    await sleep(50);
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('reloading the keys', () => {
  it('follows the file when it is replaced, and drops no request meanwhile', async () => {
    const staying = testKey('payments', ['score']);
    const retiring = testKey('payments-old', ['score']);
    const arriving = testKey('payments-new', ['score']);
    const { dir: d, app: a } = await start([staying, retiring]);

    const switched = (async () => {
      await sleep(100);
      d.write([staying, arriving]);
      await eventually(async () => (await statusFor(a, arriving)) === 200, 'the new key to be accepted');
    })();
    const statuses = await trafficUntil(a, staying, switched);
    await switched;

    expect(statuses.length).toBeGreaterThan(0);
    expect(new Set(statuses)).toEqual(new Set([200]));
    expect(await statusFor(a, retiring)).toBe(401);
  });

  it('reloads on reload() (SIGHUP) at once, and keeps the keys in force when the new file is broken', async () => {
    const caller = testKey('payments', ['score']);
    const next = testKey('payments-next', ['score']);
    const { dir: d, app: a, logs } = await start([caller]);

    d.write('[{"name": "payments", "sha256": "not a hash", "roles": ["score"]}]');
    expect(a.auth.reload()).toBe(false);
    expect(await statusFor(a, caller)).toBe(200);
    const problem = logs.records().find((r) => r.msg === 'API keys not reloaded: keeping the keys in force');
    expect(problem).toMatchObject({ level: 50, keysFile: d.path, problem: expect.stringContaining(`${d.path}: entry 0 ("payments"): sha256`) });

    d.write([caller, next]);
    expect(a.auth.reload()).toBe(true);
    expect(await statusFor(a, next)).toBe(200);
  });

  it('keeps a broken file out when the watcher sees it, too', async () => {
    const caller = testKey('payments', ['score']);
    const { dir: d, app: a, logs } = await start([caller]);
    const statuses = await trafficUntil(
      a,
      caller,
      (async () => {
        d.write('{ not json');
        await eventually(async () => logs.text().includes('API keys not reloaded'), 'the broken file to be noticed');
      })(),
    );
    expect(new Set(statuses)).toEqual(new Set([200]));
    expect(await statusFor(a, caller)).toBe(200);
  });

  it('lets a request in flight keep the key it started with', async () => {
    const drill = testKey('ops-drill', ['score', 'alert-reset']);
    const { dir: d, app: a } = await start([drill]);
    const atReset = () => transaction({ terminal_id: 13 });

    // Its headers checked under the old keys, its body only half sent.
    const body = Buffer.from(JSON.stringify(atReset()));
    const held = request(`${a.url}/v1/predict`, {
      method: 'POST',
      headers: { authorization: `Bearer ${drill.token}`, 'content-type': 'application/json', 'content-length': body.length },
    });
    const response = once(held, 'response').then(([res]) => (res as IncomingMessage).statusCode);
    held.write(body.subarray(0, body.length >> 1));
    // The scrape counts itself: the held request + 1.
    await eventually(async () => valueOf(await scrape(a.url), 'predictor_http_requests_in_flight') >= 2, 'the request in flight');

    d.write([{ ...drill, roles: ['score'] }]);
    expect(a.auth.reload()).toBe(true);
    // A new request sees the new roles: its reset is refused.
    expect((await send(a.url, { route: { ...PREDICT, body: atReset }, token: drill.token })).status).toBe(200);
    expect(await observableState(a)).toMatchObject({ alertCounterResets: 0, alertCounterResetsRefused: 1 });
    // The one in flight still holds alert-reset.
    held.end(body.subarray(body.length >> 1));
    expect(await response).toBe(200);
    expect(await observableState(a)).toMatchObject({ alertCounter: 0, alertCounterResets: 1, alertCounterResetsRefused: 1 });
  });
});
