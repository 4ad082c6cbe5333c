/**
 * A built Node app as a process: a server started on a free loopback port and polled until ready,
 * or a CLI run to completion. The caller passes the entry point, resolved through its own
 * dependencies (e.g. `import.meta.resolve('@fraudwatch/predictor/main')`): this package declares
 * none of the apps it may start.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { freePort, LOOPBACK } from './ports.js';
import { waitForHttpOk } from './poll.js';
import { runToCompletion, startProcess, type ManagedProcess, type RunResult } from './process.js';

/** A path, or a file: URL as `import.meta.resolve` returns it. */
function entryPath(entry: string): string {
  const path = entry.startsWith('file:') ? fileURLToPath(entry) : entry;
  if (!existsSync(path)) throw new Error(`${path} does not exist: build first (\`pnpm exec turbo run build\`)`);
  return path;
}

export interface StartNodeAppOptions {
  /** Used in log lines and errors, e.g. "predictor". */
  readonly name: string;
  readonly entry: string;
  /** Flags for node itself, before the entry (e.g. --cpu-prof). */
  readonly nodeArgs?: readonly string[];
  /** Extra environment; PORT and HOST are chosen here, LOG_LEVEL is warn unless given. */
  readonly env?: Readonly<Record<string, string>>;
  readonly cwd?: string;
  /** Answers 2xx once the app can take traffic (default /readyz). */
  readonly readyPath?: string;
  readonly readyTimeoutMs?: number;
  /** Echo the app's output, line by line, to this stream. */
  readonly echo?: NodeJS.WritableStream;
}

export interface RunningNodeApp {
  readonly name: string;
  readonly pid: number;
  /** e.g. http://127.0.0.1:41234 */
  readonly url: string;
  /** `host:port`, the scrape target and the Prometheus `instance` label. */
  readonly address: string;
  readonly process: ManagedProcess;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once the process is gone. */
  stop(graceMs?: number): Promise<void>;
}

/** Starts a built app that listens on $HOST:$PORT, on a free 127.0.0.1 port; resolves once its ready path answers 2xx. */
export async function startNodeApp(options: StartNodeAppOptions): Promise<RunningNodeApp> {
  const port = await freePort();
  const address = `${LOOPBACK}:${port}`;
  const url = `http://${address}`;
  const proc = startProcess({
    name: options.name,
    command: process.execPath,
    args: [...(options.nodeArgs ?? []), entryPath(options.entry)],
    env: { ...process.env, LOG_LEVEL: 'warn', ...options.env, PORT: String(port), HOST: LOOPBACK },
    ...(options.cwd ? { cwd: options.cwd } : {}),
    ...(options.echo ? { echo: options.echo } : {}),
  });
  try {
    await waitForHttpOk(`${url}${options.readyPath ?? '/readyz'}`, {
      timeoutMs: options.readyTimeoutMs ?? 30_000,
      what: `${options.name} to be ready at ${url}`,
      abortIf: () => proc.assertRunning(),
    });
  } catch (error) {
    await proc.stop();
    throw new Error(`${options.name} did not start: ${(error as Error).message}\n${options.name} output:\n${proc.logs()}`);
  }
  return { name: options.name, pid: proc.pid, url, address, process: proc, stop: (graceMs) => proc.stop(graceMs) };
}

export interface RunNodeAppOptions {
  readonly timeoutMs: number;
  /** Copy its stderr here as it comes (e.g. a live timeline). */
  readonly stderrTo?: NodeJS.WritableStream;
  /** Stops the run early (as the timeout does). */
  readonly signal?: AbortSignal;
}

/** Runs a built CLI (`node <entry> <args>`) to completion, bounded in time, capturing its output. */
export function runNodeApp(entry: string, args: readonly string[], options: RunNodeAppOptions): Promise<RunResult> {
  return runToCompletion({ command: process.execPath, args: [entryPath(entry), ...args], ...options });
}
