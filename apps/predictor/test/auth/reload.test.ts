/**
 * Key rotation without a restart: the file replaced (watched) or reload() (what SIGHUP calls),
 * with requests running throughout; a broken new file keeps the keys in force.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { captureLogs } from '../reliability/log-capture.js';
import { keysDir, testKey, type KeysDir, type TestKey } from './keys.js';
import { send } from './route-matrix.js';
import { TINY_ROUTES, startTinyApp, type TinyApp } from './tiny-app.js';

const PREDICT = TINY_ROUTES[0]!;

let dir: KeysDir | undefined;
let app: TinyApp | undefined;
afterEach(async () => {
  await app?.close();
  dir?.remove();
});

async function start(keys: readonly TestKey[]) {
  const logs = captureLogs('info');
  dir = keysDir(keys);
  app = await startTinyApp({ keysFile: dir.path, logger: logs.logger });
  return { dir, app, logs };
}

const statusFor = async (a: TinyApp, key: TestKey) => (await send(a.url, { route: PREDICT, token: key.token })).status;

/** Sends requests with `key` back to back until `until` settles; resolves to every status seen. */
async function trafficUntil(a: TinyApp, key: TestKey, until: Promise<unknown>): Promise<number[]> {
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

    const slow = fetch(`${a.url}/slow`, { headers: { authorization: `Bearer ${drill.token}` } });
    await a.slowArrived();
    d.write([{ ...drill, roles: ['score'] }]);
    expect(a.auth.reload()).toBe(true);
    // A new request sees the new roles; the one in flight still holds alert-reset.
    expect(await (await send(a.url, { route: TINY_ROUTES[2]!, token: drill.token })).json()).toEqual({ caller: 'ops-drill', mayReset: false });
    a.release();
    const res = await slow;
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ caller: 'ops-drill', mayReset: true });
  });
});
