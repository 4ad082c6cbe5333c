/** API keys on the real predictor: every protected route × every kind of caller, and the header fuzzed. */
import { catalogue } from '@fraudwatch/metrics';
import { sumOf } from '@fraudwatch/metrics/testing';
import fc from 'fast-check';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scrape, startPredictor, transaction, type TestPredictor } from '../helpers.js';
import { observableState } from '../reliability/state.js';
import { KEYS, PROTECTED_ROUTES, labeller, resetter, scorer, startKeyedPredictor, type KeyedPredictor } from './keyed-predictor.js';
import { CREDENTIALS, routeMatrix, send } from './route-matrix.js';

let keyed: KeyedPredictor;
let p: TestPredictor;
beforeAll(async () => {
  keyed = await startKeyedPredictor();
  p = keyed.predictor;
});
afterAll(() => keyed.close());

/** A raw request: fetch refuses header values Node's parser accepts (latin-1 bytes among them). */
function statusWith(authorization: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const headers = { authorization, 'content-type': 'application/json' };
    const req = request(`${p.url}/v1/predict`, { method: 'POST', headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(JSON.stringify(transaction()));
  });
}

const requestsCounted = async (route: string, method: string, status_code: string) =>
  sumOf(await scrape(p.url), catalogue.httpRequests.name, { route, method, status_code });

describe('every protected route × every kind of caller', () => {
  it.each(routeMatrix(PROTECTED_ROUTES, KEYS))('$route.method $route.path with $credential → $status', async (c) => {
    const route = c.route.path.split('?')[0]!;
    const countedBefore = await requestsCounted(route, c.route.method, String(c.status));
    const before = await observableState(p);

    const res = await send(p.url, c);
    expect(res.status).toBe(c.status);
    const body = (await res.json()) as Record<string, unknown>;
    expect(await requestsCounted(route, c.route.method, String(c.status))).toBe(countedBefore + 1);
    if (c.challenge) {
      expect(res.headers.get('www-authenticate')).toMatch(c.challenge);
      expect(body).toEqual({ error: expect.any(String), details: [{ field: 'authorization', message: expect.any(String) }] });
      expect(await observableState(p)).toEqual(before);
    } else {
      expect(res.headers.get('www-authenticate')).toBeNull();
      expect(body).not.toHaveProperty('error');
    }
  });

  it('covers the four kinds of caller', () => {
    expect(new Set(routeMatrix(PROTECTED_ROUTES, KEYS).map((c) => c.credential))).toEqual(new Set(CREDENTIALS));
  });

  it('names the key and the missing role in a 403, never the token', async () => {
    const feedback = PROTECTED_ROUTES.find((r) => r.role === 'feedback')!;
    const res = await send(p.url, { route: feedback, token: scorer.token });
    const text = await res.text();
    expect(JSON.parse(text)).toMatchObject({ error: 'key "payments" does not hold role feedback' });
    expect(text).not.toContain(scorer.token);
  });

  it('refuses before reading the body: no token and no body is a 401, not a 400 or 415', async () => {
    expect((await fetch(`${p.url}/v1/predict`, { method: 'POST' })).status).toBe(401);
    const notJson = await fetch(`${p.url}/v1/predict`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{not json' });
    expect(notJson.status).toBe(401);
    const res = await fetch(`${p.url}/v1/feedback`, {
      method: 'POST',
      headers: { authorization: `Bearer ${scorer.token}`, 'content-type': 'application/json' },
      body: '{not json',
    });
    expect(res.status).toBe(403);
  });

  it('leaves the health routes, GET / and the model card open', async () => {
    for (const path of ['/healthz', '/readyz', '/', '/v1/model', '/metrics']) expect((await fetch(`${p.url}${path}`)).status).toBe(200);
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
  let open: TestPredictor;
  beforeAll(async () => {
    open = await startPredictor();
  });
  afterAll(() => open.close());

  it('leaves every route open, as in the legacy service', async () => {
    for (const route of PROTECTED_ROUTES) expect((await send(open.url, { route, token: undefined })).status).toBe(route.okStatus);
  });
});
