/**
 * The few plain HTTP calls the load generator makes outside autocannon (probes, history,
 * Prometheus and Alertmanager reads), with timeouts and errors a person can act on.
 */

/** The target (or Prometheus, Alertmanager) could not be reached or answered unusably. */
class UnreachableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnreachableError';
  }
}

const REQUEST_TIMEOUT_MS = 5000;

/** `path` under the base URL's own path, so a server behind a path prefix is reached too. */
export function targetPath(base: URL, path: string): string {
  return `${base.pathname.replace(/\/$/, '')}${path}`;
}

function resolve(base: URL, path: string): URL {
  return new URL(targetPath(base, path), base);
}

function describeFetchFailure(url: URL, error: unknown): string {
  if (error instanceof Error && error.name === 'TimeoutError') return `${url.href} did not answer within ${REQUEST_TIMEOUT_MS} ms`;
  // undici hides the socket error (ECONNREFUSED, ENOTFOUND, ...) in `cause`.
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  const code = typeof cause === 'object' && cause !== null && 'code' in cause ? String(cause.code) : undefined;
  const detail = code ?? (cause instanceof Error ? cause.message : String(cause));
  return `cannot reach ${url.href} (${detail})`;
}

async function send(url: URL, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, { ...init, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  } catch (error) {
    throw new UnreachableError(describeFetchFailure(url, error));
  }
}

/** GETs `path` on `base` and parses the JSON body; a non-2xx answer is an UnreachableError. */
export async function getJson(base: URL, path: string): Promise<unknown> {
  const url = resolve(base, path);
  const response = await send(url, { method: 'GET' });
  const text = await response.text();
  if (!response.ok) throw new UnreachableError(`${url.href} answered ${response.status}: ${text.slice(0, 200)}`);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new UnreachableError(`${url.href} answered something that is not JSON: ${text.slice(0, 200)}`);
  }
}

/** GETs `path` on `base` as text (e.g. /metrics); a non-2xx answer is an UnreachableError. */
export async function getText(base: URL, path: string): Promise<string> {
  const url = resolve(base, path);
  const response = await send(url, { method: 'GET' });
  const text = await response.text();
  if (!response.ok) throw new UnreachableError(`${url.href} answered ${response.status}: ${text.slice(0, 200)}`);
  return text;
}

/** POSTs `body` as JSON and returns the status; anything but `expected` is an UnreachableError. */
export async function postJson(base: URL, path: string, body: unknown, expected: number): Promise<void> {
  const url = resolve(base, path);
  const response = await send(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (response.status !== expected) {
    throw new UnreachableError(`POST ${url.href} answered ${response.status} (expected ${expected}): ${text.slice(0, 200)}`);
  }
}

/**
 * Fails with a clear message unless the target answers `/readyz` (or, for a server without it,
 * `/healthz`) with 2xx: load is only sent at something that is up and ready.
 */
export async function probeTarget(target: URL): Promise<void> {
  for (const path of ['/readyz', '/healthz']) {
    const url = resolve(target, path);
    const response = await send(url, { method: 'GET' });
    await response.body?.cancel();
    if (response.ok) return;
    if (response.status !== 404) throw new UnreachableError(`target ${url.href} is not ready (HTTP ${response.status})`);
  }
  throw new UnreachableError(`target ${target.href} has neither /readyz nor /healthz: is it the FraudWatch predictor?`);
}
