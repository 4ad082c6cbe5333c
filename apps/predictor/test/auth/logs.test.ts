/** Tokens never reach the real predictor's logs, at LOG_LEVEL=debug and at trace; the key's name does. */
import { IncomingMessage } from 'node:http';
import { Socket } from 'node:net';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { KEYS, PROTECTED_ROUTES, labeller, resetter, scorer, startKeyedPredictor, type KeyedPredictor } from './keyed-predictor.js';
import { newToken } from './keys.js';
import { send } from './route-matrix.js';

function capture(level: 'debug' | 'trace') {
  const lines: string[] = [];
  const logger = createLogger(level, { write: (line: string) => void lines.push(line) });
  return { logger, text: () => lines.join(''), records: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

const started: KeyedPredictor[] = [];
afterAll(async () => {
  await Promise.all(started.map((k) => k.close()));
});

describe('the real predictor at LOG_LEVEL=debug', () => {
  it('logs no token, for accepted, refused, unknown and malformed ones, and names the caller', async () => {
    const logs = capture('debug');
    const keyed = await startKeyedPredictor(KEYS, { logger: logs.logger });
    started.push(keyed);
    const { url } = keyed.predictor;
    const unknown = newToken();
    const tokens = [scorer.token, labeller.token, resetter.token, unknown, `${unknown} x`];
    for (const route of PROTECTED_ROUTES) {
      for (const token of tokens) await send(url, { route, token });
    }
    keyed.predictor.auth.reload();
    const text = logs.text();
    for (const token of [scorer.token, labeller.token, resetter.token, unknown]) expect(text).not.toContain(token);
    const completed = logs.records().filter((r) => r.msg === 'request completed');
    expect(completed).toHaveLength(PROTECTED_ROUTES.length * tokens.length);
    for (const name of ['payments', 'case-review', 'ops-drill']) expect(completed.filter((r) => r.caller === name).length).toBeGreaterThan(0);
    expect(logs.records().map((r) => r.msg)).toEqual(expect.arrayContaining(['API keys loaded', 'API keys reloaded']));
  });
});

describe('the logger at LOG_LEVEL=trace', () => {
  const logs = capture('trace');

  it('censor the Authorization header wherever a request or its headers are logged whole', () => {
    const token = newToken();
    const req = new IncomingMessage(new Socket());
    req.headers = { authorization: `Bearer ${token}`, host: 'predictor' };
    logs.logger.debug({ req: pino.stdSerializers.req(req) }, 'a whole request');
    logs.logger.debug({ headers: req.headers }, 'its headers');
    logs.logger.child({ req: pino.stdSerializers.req(req) }).debug('in bindings');
    const text = logs.text();
    expect(text).not.toContain(token);
    expect(text.match(/"authorization":"\[redacted\]"/g)).toHaveLength(3);
    expect(text).toContain('"host":"predictor"');
  });
});
