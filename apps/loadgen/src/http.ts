/**
 * The load generator's calls to the target outside autocannon: the readiness probe (open, no key
 * needed) and the setup posts of a scenario (with the API key). The HTTP client (timeouts, errors) is @fraudwatch/stack's.
 */
import { request, underBase, UnexpectedStatusError } from '@fraudwatch/stack';

/** `path` (and query) under the target's own path, so a server behind a path prefix is reached too. */
export function targetPath(base: URL, path: string): string {
  const url = underBase(base, path);
  return `${url.pathname}${url.search}`;
}

/** The headers that carry the predictor's API key (FRAUDWATCH_API_KEY), if there is one; empty counts as none. */
export function authHeaders(apiKey: string | undefined): Record<string, string> {
  return apiKey === undefined || apiKey === '' ? {} : { authorization: `Bearer ${apiKey}` };
}

/** POSTs `body` as JSON; an answer other than `expected` is an UnexpectedStatusError. */
export async function postJson(
  base: URL,
  path: string,
  body: unknown,
  expected: number,
  headers: Readonly<Record<string, string>>,
): Promise<void> {
  await request(underBase(base, path), { json: body, expectedStatus: expected, headers });
}

/**
 * Fails with a clear message unless the target answers `/readyz` (or, for a server without it,
 * `/healthz`) with 2xx: load is only sent at something that is up and ready.
 */
export async function probeTarget(target: URL): Promise<void> {
  for (const path of ['/readyz', '/healthz']) {
    try {
      await request(underBase(target, path));
      return;
    } catch (error) {
      if (!(error instanceof UnexpectedStatusError)) throw error;
      if (error.status !== 404) throw new UnexpectedStatusError(error.url, error.status, 'the target is not ready');
    }
  }
  throw new Error(`target ${target.href} has neither /readyz nor /healthz: is it the FraudWatch predictor?`);
}
