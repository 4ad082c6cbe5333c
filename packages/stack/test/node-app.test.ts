import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runNodeApp, startNodeApp } from '../src/index.js';

const fixture = (name: string): string => fileURLToPath(new URL(`fixtures/${name}`, import.meta.url));

describe('startNodeApp', () => {
  it('starts an app on a free loopback port with PORT, HOST and LOG_LEVEL set, and stops it', async () => {
    const app = await startNodeApp({ name: 'echo-env', entry: fixture('echo-env-server.mjs'), env: { EXTRA: 'x' } });
    try {
      const env = (await (await fetch(`${app.url}/env`)).json()) as Record<string, string>;
      expect(env).toEqual({ PORT: app.url.split(':').at(-1), HOST: '127.0.0.1', LOG_LEVEL: 'warn', EXTRA: 'x' });
      expect(app.address).toBe(new URL(app.url).host);
    } finally {
      await app.stop();
    }
    expect(app.process.exitStatus()).not.toBeNull();
  });

  it('fails with the app output when it exits before it is ready', async () => {
    await expect(startNodeApp({ name: 'crasher', entry: fixture('crash.mjs') })).rejects.toThrow(/crasher did not start.*exited \(code 2\).*boom/s);
  });

  it('names the build step when the entry point is missing', async () => {
    await expect(startNodeApp({ name: 'missing', entry: fixture('no-such.mjs') })).rejects.toThrow(/does not exist: build first/);
  });
});

describe('runNodeApp', () => {
  it('runs an entry point given as a file URL to completion', async () => {
    const result = await runNodeApp(new URL('fixtures/crash.mjs', import.meta.url).href, [], { timeoutMs: 20_000 });
    expect(result).toMatchObject({ exitCode: 2, timedOut: false });
    expect(result.stderr).toContain('boom');
  });
});
