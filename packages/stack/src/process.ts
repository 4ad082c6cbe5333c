import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';

export interface StartProcessOptions {
  /** Short name used in log lines and errors, e.g. "prometheus". */
  readonly name: string;
  readonly command: string;
  readonly args?: readonly string[];
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
  /** Lines of output kept for error messages. */
  readonly keepLines?: number;
  /** Also echo every output line (prefixed with the name) to this stream. */
  readonly echo?: NodeJS.WritableStream;
}

export interface ManagedProcess {
  readonly name: string;
  readonly pid: number;
  /** The last lines the process wrote to stdout and stderr, interleaved as they came. */
  logs(): string;
  /** Null while running; the exit code (or signal name) once it has exited. */
  exitStatus(): string | null;
  /** Throws, with the logs, if the process has exited. For use as a poll's abort check. */
  assertRunning(): void;
  /** Resolves when the process has exited. */
  readonly exited: Promise<void>;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once the process is gone. Safe to call twice. */
  stop(graceMs?: number): Promise<void>;
}

class ProcessExitedError extends Error {
  constructor(name: string, status: string, logs: string) {
    super(`${name} exited (${status}) unexpectedly. Its last output:\n${logs}`);
    this.name = 'ProcessExitedError';
  }
}

function keepTail(lines: string[], line: string, max: number): void {
  lines.push(line);
  if (lines.length > max) lines.splice(0, lines.length - max);
}

/**
 * Spawns a long-running process whose output is captured (to explain failures) and which is
 * killed when this Node process exits, so a crashed test run leaves nothing behind.
 */
export function startProcess(options: StartProcessOptions): ManagedProcess {
  const keep = options.keepLines ?? 200;
  const lines: string[] = [];
  const child: ChildProcess = spawn(options.command, options.args ?? [], {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // spawn reports ENOENT and friends as an event; without a listener it would crash the caller.
  child.on('error', (error) => keepTail(lines, `spawn error: ${error.message}`, keep));
  if (child.pid === undefined) {
    throw new Error(`could not start ${options.name} (${options.command})`);
  }
  const pid = child.pid;
  let status: string | null = null;

  for (const stream of [child.stdout, child.stderr]) {
    if (stream === null) continue;
    createInterface({ input: stream }).on('line', (line) => {
      keepTail(lines, line, keep);
      options.echo?.write(`[${options.name}] ${line}\n`);
    });
  }

  const killOnExit = (): void => {
    child.kill('SIGKILL');
  };
  process.once('exit', killOnExit);

  const exited = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      status = code === null ? String(signal) : `code ${code}`;
      process.removeListener('exit', killOnExit);
      resolve();
    });
  });

  const logs = (): string => lines.join('\n');

  return {
    name: options.name,
    pid,
    logs,
    exitStatus: () => status,
    assertRunning() {
      if (status !== null) throw new ProcessExitedError(options.name, status, logs());
    },
    exited,
    async stop(graceMs = 5000) {
      if (status !== null) return;
      child.kill('SIGTERM');
      const gone = await Promise.race([exited.then(() => true), sleep(graceMs).then(() => false)]);
      if (!gone) {
        child.kill('SIGKILL');
        await exited;
      }
    },
  };
}

export interface RunOptions {
  readonly command: string;
  readonly args: readonly string[];
  readonly env?: NodeJS.ProcessEnv;
  /** Killed (SIGTERM, then SIGKILL) after this long. */
  readonly timeoutMs: number;
  /** Copy the process' stderr here as it comes (e.g. a live timeline). */
  readonly stderrTo?: NodeJS.WritableStream;
  /** Aborting it stops the command as the timeout does (SIGTERM, then SIGKILL). */
  readonly signal?: AbortSignal;
}

export interface RunResult {
  /** Null when it was killed by a signal (the timeout, say). */
  readonly exitCode: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly timedOut: boolean;
}

/** Runs a command to completion, bounded in time, capturing its output. */
export function runToCompletion(options: RunOptions): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(options.command, options.args, { env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => {
      err.push(chunk);
      options.stderrTo?.write(chunk);
    });
    let timedOut = false;
    const terminate = (): void => {
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 2000).unref();
    };
    const timer = setTimeout(() => {
      timedOut = true;
      terminate();
    }, options.timeoutMs);
    const killOnExit = (): void => {
      child.kill('SIGKILL');
    };
    process.once('exit', killOnExit);
    if (options.signal?.aborted) terminate();
    options.signal?.addEventListener('abort', terminate, { once: true });
    const cleanUp = (): void => {
      clearTimeout(timer);
      process.removeListener('exit', killOnExit);
      options.signal?.removeEventListener('abort', terminate);
    };
    child.once('error', (error) => {
      cleanUp();
      reject(error);
    });
    child.once('close', (code) => {
      cleanUp();
      resolve({ exitCode: code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), timedOut });
    });
  });
}
