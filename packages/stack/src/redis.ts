/**
 * Real redis-server processes on loopback for tests, benchmarks and the demo: one server with an
 * append-only file (so a restart in the same directory keeps its data), or a Redis Cluster of
 * primaries without replicas.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MissingBinaryError, resolveBinary } from './binaries.js';
import { pollUntil } from './poll.js';
import { freePort, LOOPBACK } from './ports.js';
import { runToCompletion, startProcess, type ManagedProcess } from './process.js';

const REDIS_INSTALL_HINT = 'install it with `sudo apt-get update && sudo apt-get install -y redis-server` (or run `bash scripts/setup.sh`)';

export interface RedisServerOptions {
  /** Where the AOF lives; a new temp dir (removed by `close()`) when not given. */
  readonly dir?: string;
  readonly readyTimeoutMs?: number;
  /** Echo the server's output, line by line, to this stream. */
  readonly echo?: NodeJS.WritableStream;
  /** Extra redis-server arguments, e.g. ['--cluster-enabled', 'yes']. */
  readonly extraArgs?: readonly string[];
}

export interface RedisServer {
  /** redis://127.0.0.1:<port> */
  readonly url: string;
  readonly port: number;
  readonly dir: string;
  /** The running process' id (changes on restart). */
  pid(): number;
  /** Stops the server (SIGTERM: it flushes the AOF), keeping its directory. Safe to call twice. */
  stop(): Promise<void>;
  /** Starts it again on the same port and directory (it replays its AOF), once stopped. */
  restart(): Promise<void>;
  /** SIGSTOP: the server keeps its connections but answers nothing, as a hung server would. */
  pause(): void;
  /** SIGCONT after `pause()`. */
  resume(): void;
  /** Stops it and removes the directory if this module created it. */
  close(): Promise<void>;
}

async function redisBinary(name: string): Promise<string> {
  try {
    return await resolveBinary(name);
  } catch (error) {
    if (error instanceof MissingBinaryError) throw new Error(`${name} was not found on PATH: ${REDIS_INSTALL_HINT}`);
    throw error;
  }
}

/** Runs redis-cli against one server, bounded in time; its stdout. */
export async function redisCli(port: number, args: readonly string[], timeoutMs = 5000): Promise<string> {
  const result = await runToCompletion({ command: await redisBinary('redis-cli'), args: ['-h', LOOPBACK, '-p', String(port), ...args], timeoutMs });
  if (result.exitCode !== 0) throw new Error(`redis-cli ${args.join(' ')} failed (${result.exitCode}): ${result.stderr || result.stdout}`);
  return result.stdout;
}

/** How often a command ran and the microseconds Redis spent in it, since the last CONFIG RESETSTAT. */
export interface RedisCommandStat {
  readonly calls: number;
  readonly usec: number;
}

/** INFO commandstats by command name (a function's inner commands also count under their own names). */
export async function redisCommandStats(port: number): Promise<Record<string, RedisCommandStat>> {
  const info = await redisCli(port, ['INFO', 'commandstats']);
  return Object.fromEntries([...info.matchAll(/^cmdstat_([^:]+):calls=(\d+),usec=(\d+),/gm)].map((m) => [m[1]!, { calls: Number(m[2]), usec: Number(m[3]) }]));
}

/**
 * Starts redis-server on a free loopback port with AOF (`appendfsync everysec`) and no RDB
 * snapshots, and resolves once it answers PING (after loading its AOF).
 */
export async function startRedisServer(options: RedisServerOptions = {}): Promise<RedisServer> {
  const command = await redisBinary('redis-server');
  const ownsDir = options.dir === undefined;
  const dir = options.dir ?? (await mkdtemp(join(tmpdir(), 'fraudwatch-redis-')));
  const port = await freePort();
  const readyTimeoutMs = options.readyTimeoutMs ?? 15_000;
  const args = [
    '--port', String(port),
    '--bind', LOOPBACK,
    '--dir', dir,
    '--appendonly', 'yes',
    '--appendfsync', 'everysec',
    '--save', '',
    ...(options.extraArgs ?? []),
  ];
  let proc: ManagedProcess | undefined;

  const launch = async (): Promise<void> => {
    const started = startProcess({ name: `redis-server:${port}`, command, args, ...(options.echo ? { echo: options.echo } : {}) });
    proc = started;
    try {
      await pollUntil(async () => ((await redisCli(port, ['ping'], 2000)).trim() === 'PONG' ? true : undefined), {
        what: `redis-server to answer PING on ${LOOPBACK}:${port}`,
        timeoutMs: readyTimeoutMs,
        intervalMs: 50,
        abortIf: () => started.assertRunning(),
      });
    } catch (error) {
      await started.stop();
      throw new Error(`redis-server did not start: ${(error as Error).message}\nits output:\n${started.logs()}`);
    }
  };
  const running = (): ManagedProcess => {
    if (proc === undefined || proc.exitStatus() !== null) throw new Error(`redis-server on port ${port} is not running`);
    return proc;
  };
  const stop = async (): Promise<void> => {
    await proc?.stop();
  };

  try {
    await launch();
  } catch (error) {
    if (ownsDir) await rm(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    url: `redis://${LOOPBACK}:${port}`,
    port,
    dir,
    pid: () => running().pid,
    stop,
    async restart() {
      if (proc?.exitStatus() === null) throw new Error(`redis-server on port ${port} is still running: stop it first`);
      await launch();
    },
    pause: () => process.kill(running().pid, 'SIGSTOP'),
    resume: () => process.kill(running().pid, 'SIGCONT'),
    async close() {
      // A paused process ignores SIGTERM until it runs again.
      if (proc?.exitStatus() === null) process.kill(proc.pid, 'SIGCONT');
      await stop();
      if (ownsDir) await rm(dir, { recursive: true, force: true });
    },
  };
}

export interface RedisCluster {
  /** The primaries, each a RedisServer in cluster mode. */
  readonly nodes: readonly RedisServer[];
  /** "127.0.0.1:port" of every primary: what REDIS_CLUSTER_NODES takes. */
  readonly addresses: readonly string[];
  close(): Promise<void>;
}

/**
 * Starts `primaries` redis-servers in cluster mode (own temp dirs, free ports and bus ports),
 * joins them with `redis-cli --cluster create … --cluster-replicas 0` and resolves once every
 * node reports cluster_state:ok.
 */
export async function startRedisCluster(options: { primaries?: number; readyTimeoutMs?: number } = {}): Promise<RedisCluster> {
  const primaries = options.primaries ?? 3;
  const readyTimeoutMs = options.readyTimeoutMs ?? 30_000;
  const root = await mkdtemp(join(tmpdir(), 'fraudwatch-redis-cluster-'));
  const nodes: RedisServer[] = [];
  const close = async (): Promise<void> => {
    await Promise.all(nodes.map((node) => node.close()));
    await rm(root, { recursive: true, force: true });
  };
  try {
    for (let i = 0; i < primaries; i++) {
      const dir = join(root, `node-${i}`);
      await mkdir(dir);
      const busPort = await freePort();
      nodes.push(
        await startRedisServer({
          dir,
          readyTimeoutMs,
          extraArgs: ['--cluster-enabled', 'yes', '--cluster-config-file', join(dir, 'nodes.conf'), '--cluster-port', String(busPort), '--cluster-node-timeout', '5000'],
        }),
      );
    }
    const addresses = nodes.map((node) => `${LOOPBACK}:${node.port}`);
    await redisCli(nodes[0]!.port, ['--cluster', 'create', ...addresses, '--cluster-replicas', '0', '--cluster-yes'], readyTimeoutMs);
    for (const node of nodes) {
      await pollUntil(async () => ((await redisCli(node.port, ['cluster', 'info'], 2000)).includes('cluster_state:ok') ? true : undefined), {
        what: `cluster_state:ok on ${LOOPBACK}:${node.port}`,
        timeoutMs: readyTimeoutMs,
        intervalMs: 100,
      });
    }
    return { nodes, addresses, close };
  } catch (error) {
    await close();
    throw error;
  }
}
