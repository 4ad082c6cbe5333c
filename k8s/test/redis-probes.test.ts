/**
 * The StatefulSet's server flags and probe commands against a real server: Debian's redis-server
 * and redis-cli 7.0 stand in for valkey-server and valkey-cli (same flags, same protocol), on a
 * free loopback port and a temp dir in place of 6379 and the volume.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LOOPBACK, freePort, pollUntil, resolveBinary, runToCompletion, startProcess, type ManagedProcess } from '@fraudwatch/stack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileByFile, findOne } from './manifests.js';
import { StatefulSet } from './models.js';

const PROBE_TIMEOUT_MS = 5_000;
const spec = new StatefulSet(findOne(fileByFile(), 'StatefulSet', 'fraudwatch-redis') as never).spec?.template.spec;
const server = spec?.containers.find((c) => c.name === 'redis');
const manifestPort = String(server?.ports?.find((p) => p.name === 'redis')?.containerPort);

/** The manifest's flags with the port and directory swapped, bound to loopback. */
function localArgs(port: number, dir: string): string[] {
  const args = [...(server?.args ?? [])];
  const set = (name: string, value: string) => {
    const i = args.indexOf(`--${name}`);
    if (i < 0) throw new Error(`the manifest sets no --${name}`);
    args[i + 1] = value;
  };
  set('port', String(port));
  set('dir', dir);
  return [...args, '--bind', LOOPBACK];
}

/** Runs an exec probe as the kubelet would (exit 0 = success), with the local CLI and port. */
async function probe(command: readonly string[] | undefined, port: number): Promise<number | null> {
  const [shell = 'sh', ...rest] = command ?? [];
  const local = rest.map((a) => a.replaceAll('valkey-cli', 'redis-cli').replaceAll(`-p ${manifestPort}`, `-p ${port}`));
  return (await runToCompletion({ command: shell, args: local, timeoutMs: PROBE_TIMEOUT_MS })).exitCode;
}

describe('the Redis StatefulSet against a real server', () => {
  let dir: string;
  let port: number;
  let redis: ManagedProcess;
  const cli = async (...args: string[]) =>
    (await runToCompletion({ command: 'redis-cli', args: ['-h', LOOPBACK, '-p', String(port), ...args], timeoutMs: PROBE_TIMEOUT_MS })).stdout;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fraudwatch-k8s-redis-'));
    port = await freePort();
    redis = startProcess({ name: 'redis-server', command: await resolveBinary('redis-server'), args: localArgs(port, dir) });
    await pollUntil(async () => ((await cli('ping')).trim() === 'PONG' ? true : undefined), {
      what: 'redis-server to answer PING',
      timeoutMs: 15_000,
      abortIf: () => redis.assertRunning(),
    });
  }, 20_000);

  afterAll(async () => {
    await redis?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('runs with the manifest flags: AOF fsynced every second, no snapshots, noeviction under maxmemory', async () => {
    const config = async (name: string) => (await cli('config', 'get', name)).split('\n')[1];
    expect(await config('appendonly')).toBe('yes');
    expect(await config('appendfsync')).toBe('everysec');
    expect(await config('save')).toBe('');
    expect(await config('maxmemory-policy')).toBe('noeviction');
    expect(Number(await config('maxmemory'))).toBeGreaterThan(0);
  });

  it('writes its append-only file into the data directory', async () => {
    expect((await cli('set', 'fraudwatch:probe', '1')).trim()).toBe('OK');
    expect(await readdir(dir)).toContain('appendonlydir');
  });

  it('passes its liveness and readiness probes while it serves', async () => {
    expect(await probe(server?.livenessProbe?.exec?.command, port)).toBe(0);
    expect(await probe(server?.readinessProbe?.exec?.command, port)).toBe(0);
  });

  it('fails both probes once it is gone', async () => {
    const stopped = await freePort();
    expect(await probe(server?.livenessProbe?.exec?.command, stopped)).not.toBe(0);
    expect(await probe(server?.readinessProbe?.exec?.command, stopped)).not.toBe(0);
  });
});
