import { setTimeout as sleep } from 'node:timers/promises';

export interface PollOptions {
  /** What is awaited, for the timeout message. */
  readonly what: string;
  readonly timeoutMs: number;
  readonly intervalMs?: number;
  /** Called before each attempt; throwing aborts the wait (e.g. the process we wait on died). */
  readonly abortIf?: () => void;
}

export class PollTimeoutError extends Error {
  constructor(what: string, timeoutMs: number, lastError: unknown) {
    const cause = lastError instanceof Error ? `: last attempt: ${lastError.message}` : '';
    super(`timed out after ${timeoutMs} ms waiting for ${what}${cause}`);
    this.name = 'PollTimeoutError';
  }
}

/**
 * Retries `attempt` until it returns a value other than undefined (or stops throwing), bounded by
 * `timeoutMs`. Things that become ready at their own pace are polled, never slept on.
 */
export async function pollUntil<T>(attempt: () => Promise<T | undefined>, options: PollOptions): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  const interval = options.intervalMs ?? 200;
  let lastError: unknown;
  for (;;) {
    options.abortIf?.();
    try {
      const value = await attempt();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() + interval > deadline) throw new PollTimeoutError(options.what, options.timeoutMs, lastError);
    await sleep(interval);
  }
}

/** Polls `url` until it answers 2xx. */
export async function waitForHttpOk(url: string, options: Omit<PollOptions, 'what'> & { what?: string }): Promise<void> {
  await pollUntil(
    async () => {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      await response.body?.cancel();
      if (!response.ok) throw new Error(`${url} answered ${response.status}`);
      return true;
    },
    { ...options, what: options.what ?? `${url} to answer 2xx` },
  );
}
