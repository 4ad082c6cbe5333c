/** The HTTP client's three failures, and the API clients' reading of an answer of another shape. */
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createAlertmanagerApi,
  createPrometheusApi,
  freePort,
  getJson,
  LOOPBACK,
  request,
  UnexpectedAnswerError,
  UnexpectedStatusError,
  UnreachableError,
} from '../src/index.js';

/** Answers each path with a fixed status and body: what a broken or foreign server might say. */
const ANSWERS: Record<string, [number, string]> = {
  '/ok': [200, '{"a":1}'],
  '/boom': [500, 'internal error'],
  '/text': [200, 'not json'],
  '/prefix/api/v1/alerts': [200, '{"status":"success","data":{"alerts":[{"labels":{"alertname":"A"},"state":"firing"}]}}'],
  '/api/v1/alerts': [200, '{"status":"error","errorType":"bad_data"}'],
  '/api/v2/alerts': [200, '{"alerts":[]}'],
};

let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    const [status, body] = ANSWERS[req.url ?? ''] ?? [404, 'not found'];
    res.writeHead(status).end(body);
  });
  server.listen(0, LOOPBACK);
  await once(server, 'listening');
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  base = `http://${LOOPBACK}:${address.port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('request', () => {
  it('returns the body of a 2xx answer and parses JSON', async () => {
    expect(await request(`${base}/ok`)).toBe('{"a":1}');
    expect(await getJson(`${base}/ok`)).toEqual({ a: 1 });
  });

  it('reports an HTTP 500 as an unexpected status, not as unreachable', async () => {
    const error = await request(`${base}/boom`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnexpectedStatusError);
    expect(error).not.toBeInstanceOf(UnreachableError);
    expect(error).toMatchObject({ status: 500, message: `${base}/boom answered 500: internal error` });
  });

  it('holds the answer to the status expected', async () => {
    await expect(request(`${base}/ok`, { expectedStatus: 202 })).rejects.toThrow(UnexpectedStatusError);
  });

  it('reports a refused connection as unreachable, naming the URL and the socket error', async () => {
    const down = `http://${LOOPBACK}:${await freePort()}/x`;
    await expect(request(down)).rejects.toThrow(new UnreachableError(`cannot reach ${down} (ECONNREFUSED)`));
  });

  it('reports a body that is not JSON as an unexpected answer', async () => {
    await expect(getJson(`${base}/text`)).rejects.toThrow(UnexpectedAnswerError);
  });
});

describe('the API clients on answers of another shape', () => {
  it('reads under a path prefix', async () => {
    expect(await createPrometheusApi(`${base}/prefix`).alertStates()).toEqual(new Map([['A', 'firing']]));
  });

  it('names the endpoint and what did not fit', async () => {
    await expect(createPrometheusApi(base).alerts()).rejects.toThrow(/Prometheus \/api\/v1\/alerts answered in an unexpected shape: status/);
    await expect(createAlertmanagerApi(base).alerts()).rejects.toThrow(/Alertmanager \/api\/v2\/alerts answered in an unexpected shape/);
  });
});
