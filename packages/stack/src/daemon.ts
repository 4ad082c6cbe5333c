import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { resolveBinary } from './binaries.js';
import { LOOPBACK } from './ports.js';
import { waitForHttpOk } from './poll.js';
import { startProcess, type ManagedProcess } from './process.js';

/** What the caller of a Prometheus-family server chooses; the rest is fixed by its module. */
export interface DaemonOptions {
  /** A name looked up on PATH, or an absolute path. */
  readonly binary: string;
  /** A private directory for the config file and the server's data. */
  readonly dir: string;
  readonly port: number;
  readonly readyTimeoutMs: number;
  /** Echo the server's output, line by line, to this stream. */
  readonly echo?: NodeJS.WritableStream;
}

export interface RunningDaemon {
  /** Base URL, e.g. http://127.0.0.1:9090 */
  readonly url: string;
  readonly process: ManagedProcess;
  readonly configPath: string;
}

interface StartDaemonOptions extends DaemonOptions {
  readonly name: string;
  readonly configFileName: string;
  readonly config: Record<string, unknown>;
  /** Server flags; it listens on `listenAddress` and reads `configPath`. */
  readonly args: (paths: { configPath: string; listenAddress: string }) => readonly string[];
}

/**
 * Writes a server's YAML config into its directory, starts it on 127.0.0.1 and resolves once its
 * `/-/ready` answers (Prometheus and Alertmanager share that endpoint). If it dies or never gets
 * ready, it is stopped and the error carries its output.
 */
export async function startDaemon(options: StartDaemonOptions): Promise<RunningDaemon> {
  const command = await resolveBinary(options.binary);
  const configPath = join(options.dir, options.configFileName);
  await writeFile(configPath, stringify(options.config));
  const listenAddress = `${LOOPBACK}:${options.port}`;
  const url = `http://${listenAddress}`;
  const proc = startProcess({
    name: options.name,
    command,
    args: options.args({ configPath, listenAddress }),
    ...(options.echo ? { echo: options.echo } : {}),
  });
  try {
    await waitForHttpOk(`${url}/-/ready`, {
      timeoutMs: options.readyTimeoutMs,
      what: `${options.name} to be ready at ${url}`,
      abortIf: () => proc.assertRunning(),
    });
  } catch (error) {
    await proc.stop();
    throw new Error(`${options.name} did not start: ${(error as Error).message}\n${options.name}'s output:\n${proc.logs()}`);
  }
  return { url, process: proc, configPath };
}
