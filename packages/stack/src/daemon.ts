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

/** What a server's module fixes: its name (also the config file's), config and flags beyond the common ones. */
export interface DaemonKind {
  readonly name: string;
  readonly config: Record<string, unknown>;
  readonly flags: readonly string[];
}

/**
 * Writes a server's YAML config into its directory, starts it on 127.0.0.1 and resolves once its
 * `/-/ready` answers (Prometheus and Alertmanager share that endpoint). If it dies or never gets
 * ready, it is stopped and the error carries its output.
 */
export async function startDaemon(options: DaemonOptions, kind: DaemonKind): Promise<RunningDaemon> {
  const command = await resolveBinary(options.binary);
  const configPath = join(options.dir, `${kind.name}.yml`);
  await writeFile(configPath, stringify(kind.config));
  const listenAddress = `${LOOPBACK}:${options.port}`;
  const url = `http://${listenAddress}`;
  const proc = startProcess({
    name: kind.name,
    command,
    // Both servers take these two flags under the same names.
    args: [`--config.file=${configPath}`, `--web.listen-address=${listenAddress}`, ...kind.flags],
    ...(options.echo ? { echo: options.echo } : {}),
  });
  try {
    await waitForHttpOk(`${url}/-/ready`, {
      timeoutMs: options.readyTimeoutMs,
      what: `${kind.name} to be ready at ${url}`,
      abortIf: () => proc.assertRunning(),
    });
  } catch (error) {
    await proc.stop();
    throw new Error(`${kind.name} did not start: ${(error as Error).message}\n${kind.name}'s output:\n${proc.logs()}`);
  }
  return { url, process: proc, configPath };
}
