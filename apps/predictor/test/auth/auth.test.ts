/** createAuth over real HTTP, on a small app guarded like the predictor's routes. */
import { catalogue } from '@fraudwatch/metrics';
import { parseExposition } from '@fraudwatch/metrics/testing';
import fc from 'fast-check';
import { request } from 'node:http';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keysDir, testKey, type KeysDir } from './keys.js';
import { CREDENTIALS, routeMatrix, send } from './route-matrix.js';
import { TINY_ROUTES, startTinyApp, type TinyApp } from './tiny-app.js';

const scorer = testKey('payments', ['score']);
const labeller = testKey('case-review', ['feedback']);
const resetter = testKey('ops-drill', ['score', 'alert-reset']);
const KEYS = [scorer, labeller, resetter];

let dir: KeysDir;
let app: TinyApp;
beforeAll(async () => {
  dir = keysDir(KEYS);
  app = await startTinyApp({ keysFile: dir.path, logger: pino({ level: 'silent' }) });
});
afterAll(async () => {
  await app.close();
  dir.remove();
});

/** A raw request: fetch refuses header values Node's parser accepts (latin-1 bytes among them). */
function statusWith(authorization: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(`${app.url}/v1/predict`, { method: 'POST', headers: { authorization, 'content-type': 'application/json' } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end('{}');
  });
}

describe('every route × every kind of caller', () => {
  it.each(routeMatrix(TINY_ROUTES, KEYS))('$route.method $route.path with $credential → $status', async (c) => {
    const res = await send(app.url, c);
    expect(res.status).toBe(c.status);
    const body = (await res.json()) as Record<string, unknown>;
    if (c.challenge) {
      expect(res.headers.get('www-authenticate')).toMatch(c.challenge);
      expect(body).toEqual({ error: expect.any(String), details: [{ field: 'authorization', message: expect.any(String) }] });
    } else {
      expect(res.headers.get('www-authenticate')).toBeNull();
    }
  });

  it('covers the four kinds of caller', () => {
    expect(new Set(routeMatrix(TINY_ROUTES, KEYS).map((c) => c.credential))).toEqual(new Set(CREDENTIALS));
  });

  it('names the key and the missing role in a 403, never the token', async () => {
    const res = await send(app.url, { route: TINY_ROUTES[1]!, token: scorer.token });
    const text = await res.text();
    expect(JSON.parse(text)).toMatchObject({ error: 'key "payments" does not hold role feedback' });
    expect(text).not.toContain(scorer.token);
  });

  it('counts refusals in the HTTP metrics under the route template', async () => {
    await send(app.url, { route: TINY_ROUTES[0]!, token: undefined });
    await send(app.url, { route: TINY_ROUTES[1]!, token: scorer.token });
    const e = parseExposition(await app.metrics.registry.metrics());
    const count = (route: string, status_code: string) =>
      e.samples.find((s) => s.name === catalogue.httpRequests.name && s.labels.route === route && s.labels.status_code === status_code)?.value ?? 0;
    expect(count('/v1/predict', '401')).toBeGreaterThan(0);
    expect(count('/v1/feedback', '403')).toBeGreaterThan(0);
  });
});

describe('the alert-reset role', () => {
  it('lets only a key holding it reset alert_counter', async () => {
    const legacy = TINY_ROUTES[2]!;
    expect(await (await send(app.url, { route: legacy, token: resetter.token })).json()).toEqual({ caller: 'ops-drill', mayReset: true });
    expect(await (await send(app.url, { route: legacy, token: scorer.token })).json()).toEqual({ caller: 'payments', mayReset: false });
  });
});

describe('the Authorization header', () => {
  it.each(['Bearer', 'Bearer ', 'Bearer a b', `Bearer ${'x'.repeat(5000)}`, 'Bearer \u00ff\u00fe', 'Bearer ===', 'Basic dXNlcjpwYXNz', 'bearer'])(
    'answers %j with a 401',
    async (authorization) => {
      expect(await statusWith(authorization)).toBe(401);
    },
  );

  it('takes the scheme in any case', async () => {
    expect(await statusWith(`bEaReR ${scorer.token}`)).toBe(200);
  });

  it('never answers a 5xx, whatever the header holds', async () => {
    // Every character Node lets a header value carry: tab, visible ASCII and space, latin-1.
    const headerChar = fc.oneof(fc.constant('\t'), fc.integer({ min: 0x20, max: 0x7e }), fc.integer({ min: 0x80, max: 0xff })).map((c) =>
      typeof c === 'string' ? c : String.fromCharCode(c),
    );
    const headerText = fc.array(headerChar, { maxLength: 200 }).map((cs) => cs.join(''));
    const header = fc.oneof(
      headerText,
      headerText.map((s) => `Bearer ${s}`),
      fc.constantFrom(scorer.token, labeller.token, resetter.token).chain((t) =>
        fc.tuple(headerText, headerText).map(([a, b]) => `${a}Bearer ${t}${b}`),
      ),
    );
    await fc.assert(
      fc.asyncProperty(header, async (authorization) => {
        expect([200, 401, 403]).toContain(await statusWith(authorization));
      }),
      { numRuns: 300 },
    );
  });
});

describe('without API_KEYS_FILE', () => {
  let open: TinyApp;
  beforeAll(async () => {
    open = await startTinyApp({ keysFile: undefined, logger: pino({ level: 'silent' }) });
  });
  afterAll(() => open.close());

  it('leaves every route open and the reset terminal working, as in the legacy service', async () => {
    for (const route of TINY_ROUTES) {
      const res = await send(open.url, { route, token: undefined });
      expect(res.status).toBe(route.okStatus);
      expect(await res.json()).toEqual({ mayReset: true });
    }
    expect(open.auth.enabled).toBe(false);
  });
});
