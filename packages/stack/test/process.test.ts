import { describe, expect, it } from 'vitest';
import { runToCompletion } from '../src/index.js';

/** A child that would outlive any test unless something stops it. */
const SLEEPER = { command: process.execPath, args: ['-e', 'setTimeout(() => {}, 60_000)'] };

describe('runToCompletion', () => {
  it('reports the exit code and output of a command that finishes', async () => {
    const result = await runToCompletion({ command: process.execPath, args: ['-e', 'console.log("hi"); process.exit(3)'], timeoutMs: 20_000 });
    expect(result).toMatchObject({ exitCode: 3, stdout: 'hi\n', timedOut: false });
  });

  it('stops the command when the signal aborts, not at its timeout', async () => {
    const controller = new AbortController();
    const run = runToCompletion({ ...SLEEPER, timeoutMs: 60_000, signal: controller.signal });
    controller.abort();
    const result = await run;
    // Killed by SIGTERM: no exit code, and the timeout played no part.
    expect(result).toMatchObject({ exitCode: null, timedOut: false });
  }, 20_000);

  it('stops the command at once when the signal was already aborted', async () => {
    const result = await runToCompletion({ ...SLEEPER, timeoutMs: 60_000, signal: AbortSignal.abort() });
    expect(result.exitCode).toBeNull();
  }, 20_000);
});
