/**
 * Starts a server under test as its own process on 127.0.0.1, waits until it answers its
 * readiness path, and stops it. Each server gets its own process so that its CPU time and
 * memory can be read from /proc without the load generator's share mixed in.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

export interface ServerSpec {
  readonly name: string;
  /** Arguments to `node`. */
  readonly args: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  readonly cwd?: string;
  /** Answers 200 once the server can take traffic. */
  readonly readyPath: string;
}

export interface RunningServer {
  readonly name: string;
  readonly pid: number;
  readonly url: string;
  /** SIGTERM, then SIGKILL if it has not exited after `graceMs`. Resolves with the exit code. */
  stop(graceMs?: number): Promise<number | null>;
}

const START_TIMEOUT_MS = 30_000;

/** A port that was free a moment ago (the server binds it right after). */
export async function freePort(): Promise<number> {
  const probe = createServer();
  probe.listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const address = probe.address();
  probe.close();
  if (address === null || typeof address === 'string') throw new Error('no TCP address for the probe');
  return address.port;
}

async function waitUntilReady(child: ChildProcess, url: string, name: string): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${name} exited with code ${child.exitCode} before it was ready`);
    try {
      const res = await fetch(url);
      await res.arrayBuffer();
      if (res.ok) return;
    } catch {
      // Not listening yet: poll again.
    }
    await sleep(50);
  }
  throw new Error(`${name} was not ready at ${url} within ${START_TIMEOUT_MS} ms`);
}

export async function startServer(spec: ServerSpec): Promise<RunningServer> {
  const port = await freePort();
  const child = spawn(process.execPath, [...spec.args], {
    cwd: spec.cwd,
    env: { ...process.env, ...spec.env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (child.pid === undefined) throw new Error(`${spec.name} could not be spawned`);
  const pid = child.pid;
  const url = `http://127.0.0.1:${port}`;
  const exited = once(child, 'exit').then(() => child.exitCode);
  try {
    await waitUntilReady(child, url + spec.readyPath, spec.name);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return {
    name: spec.name,
    pid,
    url,
    async stop(graceMs = 10_000) {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}
