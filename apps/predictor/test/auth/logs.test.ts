/** Tokens never reach the logs, at the most verbose level; the key's name does. */
import { IncomingMessage } from 'node:http';
import { Socket } from 'node:net';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { keysDir, newToken, testKey, type KeysDir } from './keys.js';
import { send } from './route-matrix.js';
import { TINY_ROUTES, startTinyApp, type TinyApp } from './tiny-app.js';

const scorer = testKey('payments', ['score']);
const labeller = testKey('case-review', ['feedback']);

function capture() {
  const lines: string[] = [];
  const logger = createLogger('trace', { write: (line: string) => void lines.push(line) });
  return { logger, text: () => lines.join(''), records: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

let dir: KeysDir;
let app: TinyApp;
const logs = capture();
beforeAll(async () => {
  dir = keysDir([scorer, labeller]);
  app = await startTinyApp({ keysFile: dir.path, logger: logs.logger });
});
afterAll(async () => {
  await app.close();
  dir.remove();
});

describe('the logs at LOG_LEVEL=trace', () => {
  it('hold no token, for accepted, refused, unknown and malformed ones, and name the caller', async () => {
    const unknown = newToken();
    for (const route of TINY_ROUTES) {
      for (const token of [scorer.token, labeller.token, unknown, `${unknown} x`]) await send(app.url, { route, token });
    }
    const text = logs.text();
    for (const token of [scorer.token, labeller.token, unknown]) expect(text).not.toContain(token);
    const completed = logs.records().filter((r) => r.msg === 'request completed');
    expect(completed).toHaveLength(TINY_ROUTES.length * 4);
    expect(completed.filter((r) => r.caller === 'payments').length).toBeGreaterThan(0);
    expect(completed.filter((r) => r.caller === 'case-review').length).toBeGreaterThan(0);
  });

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
