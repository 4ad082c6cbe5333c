import { describe, expect, it } from 'vitest';
import { MissingBinaryError, pollUntil, PollTimeoutError, resolveBinary, resultSize } from '../src/index.js';

describe('pollUntil', () => {
  it('returns the first defined value', async () => {
    let calls = 0;
    const value = await pollUntil(async () => (++calls >= 3 ? calls : undefined), { what: 'three calls', timeoutMs: 5000, intervalMs: 10 });
    expect(value).toBe(3);
  });

  it('times out naming what it waited for and the last error', async () => {
    const error = await pollUntil(
      async () => {
        throw new Error('still starting');
      },
      { what: 'the thing', timeoutMs: 100, intervalMs: 10 },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PollTimeoutError);
    expect((error as Error).message).toMatch(/the thing: last attempt: still starting/);
  });

  it('stops at once when the abort check throws', async () => {
    const started = Date.now();
    const abortIf = (): void => {
      throw new Error('process died');
    };
    await expect(pollUntil(async () => undefined, { what: 'x', timeoutMs: 10_000, abortIf })).rejects.toThrow('process died');
    expect(Date.now() - started).toBeLessThan(5000);
  });
});

describe('resolveBinary', () => {
  it('finds an executable on PATH', async () => {
    await expect(resolveBinary('prometheus')).resolves.toMatch(/\/prometheus$/);
  });

  it('rejects a missing binary with the install command', async () => {
    await expect(resolveBinary('prometheus', '/nonexistent')).rejects.toBeInstanceOf(MissingBinaryError);
    await expect(resolveBinary('/nonexistent/prometheus')).rejects.toThrow(/apt-get install -y prometheus prometheus-alertmanager/);
  });
});

describe('resultSize', () => {
  it('counts series of a vector and treats a scalar as one value', () => {
    expect(resultSize({ resultType: 'vector', result: [] })).toBe(0);
    expect(resultSize({ resultType: 'vector', result: [{}, {}] })).toBe(2);
    expect(resultSize({ resultType: 'scalar', result: [1, '2'] })).toBe(1);
  });
});
