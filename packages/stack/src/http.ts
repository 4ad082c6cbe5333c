/**
 * The plain HTTP calls made outside a load generator (Prometheus and Alertmanager reads, probes,
 * /metrics), each bounded in time and failing with an error that says which of three things went
 * wrong: no answer, an answer with an unexpected status, or an answer that cannot be read.
 */
import type { z } from 'zod';

/** The server could not be reached: refused, unknown host, or no answer within the timeout. */
export class UnreachableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnreachableError';
  }
}

/** The server answered, with a status other than the one expected. */
export class UnexpectedStatusError extends Error {
  constructor(
    readonly url: string,
    readonly status: number,
    readonly body: string,
  ) {
    super(`${url} answered ${status}: ${body.slice(0, 200)}`);
    this.name = 'UnexpectedStatusError';
  }
}

/** The server answered with the expected status, but not in the shape expected (e.g. not JSON). */
export class UnexpectedAnswerError extends Error {
  constructor(source: string, detail: string) {
    super(`${source} answered in an unexpected shape: ${detail}`);
    this.name = 'UnexpectedAnswerError';
  }
}

const REQUEST_TIMEOUT_MS = 10_000;

export interface RequestOptions {
  /** Sent as JSON, with POST; without it the request is a GET. */
  readonly json?: unknown;
  /** Any other status is an UnexpectedStatusError; default: any 2xx. */
  readonly expectedStatus?: number;
  /** Sent as well (e.g. `authorization`). */
  readonly headers?: Readonly<Record<string, string>>;
}

function describeFetchFailure(url: URL, error: unknown): string {
  if (error instanceof Error && error.name === 'TimeoutError') return `${url.href} did not answer within ${REQUEST_TIMEOUT_MS} ms`;
  // undici hides the socket error (ECONNREFUSED, ENOTFOUND, ...) in `cause`.
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  const code = typeof cause === 'object' && cause !== null && 'code' in cause ? String(cause.code) : undefined;
  return `cannot reach ${url.href} (${code ?? (cause instanceof Error ? cause.message : String(cause))})`;
}

/** One request; resolves with the body text of an answer with the expected status. */
export async function request(url: URL | string, options: RequestOptions = {}): Promise<string> {
  const target = new URL(url);
  let response: Response;
  try {
    response = await fetch(target, {
      method: options.json === undefined ? 'GET' : 'POST',
      headers: { ...options.headers, ...(options.json === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(options.json === undefined ? {} : { body: JSON.stringify(options.json) }),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  } catch (error) {
    throw new UnreachableError(describeFetchFailure(target, error));
  }
  const body = await response.text();
  const expected = options.expectedStatus === undefined ? response.ok : response.status === options.expectedStatus;
  if (!expected) throw new UnexpectedStatusError(target.href, response.status, body);
  return body;
}

/** GETs `url` and parses the JSON body. */
export async function getJson(url: URL | string): Promise<unknown> {
  const body = await request(url);
  try {
    return JSON.parse(body) as unknown;
  } catch {
    throw new UnexpectedAnswerError(String(url), `not JSON: ${body.slice(0, 200)}`);
  }
}

/** `path` under the base URL's own path, so a server behind a path prefix is reached too. */
export function underBase(base: URL | string, path: string): URL {
  const url = new URL(base);
  return new URL(`${url.pathname.replace(/\/$/, '')}/${path.replace(/^\//, '')}`, url);
}

/** Decodes an answer with `schema`, or an UnexpectedAnswerError naming `source` and what did not fit. */
export function decode<T>(schema: z.ZodType<T>, answer: unknown, source: string): T {
  const parsed = schema.safeParse(answer);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UnexpectedAnswerError(source, `${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}
