/**
 * SIGTERM in the middle of a load run against the built service (`node dist/main.js`, default
 * model): every request sent before the signal completes with a 200, nothing gets a 5xx, readiness
 * turns 503 before the listener closes, traffic keeps being served through the drain delay, the
 * only failures are refused or closed connections after the signal, and the process exits 0
 * within the grace period. Bounded: a fixed number of clients, each with a request cap and a deadline.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';
import { postJson, transaction } from '../helpers.js';

const MAIN = fileURLToPath(new URL('../../dist/main.js', import.meta.url));
const GRACE_MS = 8000;
const DRAIN_DELAY_MS = 500;
const CLIENTS = 16;
const MAX_REQUESTS_PER_CLIENT = 2000;
const LOAD_BEFORE_SIGNAL_MS = 600;
const DEADLINE_MS = 20_000;
/** What a client may see once the listener is closing: the connection refused, reset or closed. */
const CONNECTION_GONE = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET']);

interface Outcome {
  readonly sentAt: number;
  readonly status?: number;
  readonly error?: string;
}

function errorCode(error: unknown): string {
  const cause = (error as { cause?: { code?: string } }).cause;
  return cause?.code ?? String(error);
}

/** One request; a failure to get any answer is an outcome too, named by its code. */
async function attempt(send: () => Promise<Response>): Promise<Outcome> {
  const sentAt = performance.now();
  try {
    const res = await send();
    await res.arrayBuffer();
    return { sentAt, status: res.status };
  } catch (error) {
    return { sentAt, error: errorCode(error) };
  }
}

/** A client sending singles and small batches back to back until its connection goes away. */
async function client(url: string, deadline: number): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  for (let i = 0; i < MAX_REQUESTS_PER_CLIENT && performance.now() < deadline; i += 1) {
    const outcome = await attempt(() =>
      i % 4 === 3
        ? postJson(`${url}/v1/predict/batch`, { transactions: Array.from({ length: 50 }, () => transaction()) })
        : postJson(`${url}/v1/predict`, transaction()),
    );
    outcomes.push(outcome);
    if (outcome.error) break;
  }
  return outcomes;
}

/** Polls /readyz until the connection goes away. */
async function readinessWatch(url: string, deadline: number): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  while (performance.now() < deadline) {
    const outcome = await attempt(() => fetch(`${url}/readyz`));
    outcomes.push(outcome);
    if (outcome.error) break;
    await sleep(10);
  }
  return outcomes;
}

async function waitUntilReady(url: string): Promise<void> {
  const deadline = performance.now() + DEADLINE_MS;
  while (performance.now() < deadline) {
    const { status } = await attempt(() => fetch(`${url}/readyz`));
    if (status === 200) return;
    await sleep(25);
  }
  throw new Error(`${url} was not ready within ${DEADLINE_MS} ms`);
}

// PORT=0: the OS picks a free port at bind time (a port probed free beforehand could be taken
// before the child binds it), and the child names it in its 'listening' log line (info level).
const child = spawn(process.execPath, [MAIN], {
  env: {
    PATH: process.env.PATH,
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'info',
    SHUTDOWN_GRACE_MS: String(GRACE_MS),
    SHUTDOWN_DRAIN_DELAY_MS: String(DRAIN_DELAY_MS),
  },
  // A crash still shows on stderr.
  stdio: ['ignore', 'pipe', 'inherit'],
});

/** The port in the 'listening' line; the request log after it is read and dropped unparsed. */
function listeningPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      const entry = JSON.parse(line) as { msg?: string; port?: number };
      if (entry.msg !== 'listening') return;
      lines.close();
      child.stdout!.resume();
      resolve(entry.port!);
    });
    child.once('exit', () => reject(new Error('the predictor exited before listening')));
  });
}
const port = await listeningPort();
afterAll(() => {
  if (child.exitCode === null) child.kill('SIGKILL');
});

it('drains a load run on SIGTERM: no 5xx, nothing sent before the signal lost, readiness 503 first, exit 0 in time', async () => {
  const url = `http://127.0.0.1:${port}`;
  await waitUntilReady(url);
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  const deadline = performance.now() + DEADLINE_MS;

  const clients = Array.from({ length: CLIENTS }, () => client(url, deadline));
  const readiness = readinessWatch(url, deadline);
  await sleep(LOAD_BEFORE_SIGNAL_MS);
  const signalAt = performance.now();
  child.kill('SIGTERM');

  const outcomes = (await Promise.all(clients)).flat();
  const [code] = await exited;
  const exitAt = performance.now();
  const polls = await readiness;

  const before = outcomes.filter((o) => o.sentAt < signalAt);
  const after = outcomes.filter((o) => o.sentAt >= signalAt);
  expect(before.length).toBeGreaterThan(CLIENTS);
  // Everything sent before the signal was answered, and answered with success.
  expect(before.filter((o) => o.status !== 200)).toEqual([]);
  // No request at all got anything but a 200; the others found the connection gone.
  expect(outcomes.filter((o) => o.status !== undefined && o.status !== 200)).toEqual([]);
  expect(after.filter((o) => o.error !== undefined && !CONNECTION_GONE.has(o.error))).toEqual([]);
  // The drain delay kept serving traffic after the signal.
  expect(after.filter((o) => o.status === 200).length).toBeGreaterThan(0);

  // Readiness answered 503 after the signal and before any client lost its connection.
  const firstNotReady = polls.find((o) => o.sentAt >= signalAt && o.status === 503);
  const firstGone = Math.min(...outcomes.filter((o) => o.error).map((o) => o.sentAt));
  expect(firstNotReady).toBeDefined();
  expect(polls.filter((o) => o.sentAt < signalAt).every((o) => o.status === 200)).toBe(true);
  expect(firstNotReady!.sentAt).toBeLessThan(firstGone);

  expect(code).toBe(0);
  expect(exitAt - signalAt).toBeLessThan(GRACE_MS);
}, 60_000);
