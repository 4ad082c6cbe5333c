/**
 * Every error response has one shape, `{error, details: [{field, message}]}`, and one place that
 * makes it: bad input, unknown routes and wrong methods become 4xx naming the problem; a feature
 * store that cannot be reached in time becomes a 503 (retry: a transaction or label the store did
 * record is answered as before, never applied twice); anything else is logged and becomes a 500
 * that shows no internals.
 */
import { FeatureStoreUnavailableError } from '@fraudwatch/feature-store';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { z } from 'zod';

export interface ErrorDetail {
  readonly field: string;
  readonly message: string;
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly details: readonly ErrorDetail[] = [],
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }
}

/** Where request input came from: names the field when the whole input is wrong. */
type InputSource = 'body' | 'query';

// A batch of a thousand bad transactions must not become a megabyte of error text.
const MAX_DETAILS = 100;
const MAX_FIELDS_IN_MESSAGE = 10;

function describeIssue(issue: z.core.$ZodIssue, source: InputSource): ErrorDetail[] {
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({ field: z.core.toDotPath([...issue.path, key]), message: 'unknown field' }));
  }
  return [{ field: z.core.toDotPath(issue.path) || source, message: issue.message }];
}

/** Validates `value` against `schema`; a failure is a 400 naming every offending field. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, source: InputSource): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const details = result.error.issues.flatMap((issue) => describeIssue(issue, source));
  const fields = [...new Set(details.map((d) => d.field))];
  const named = fields.slice(0, MAX_FIELDS_IN_MESSAGE).join(', ');
  const more = fields.length > MAX_FIELDS_IN_MESSAGE ? ` and ${fields.length - MAX_FIELDS_IN_MESSAGE} more` : '';
  throw new HttpError(400, `invalid ${source}: ${named}${more}`, details.slice(0, MAX_DETAILS));
}

function clip(text: string): string {
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

export const notFound: RequestHandler = (req, _res, next) => {
  const problem = `no route for ${req.method} ${clip(req.path)}`;
  next(new HttpError(404, problem, [{ field: 'path', message: problem }]));
};

/** The last handler of a route: answers OPTIONS, and any other unsupported method with a 405. */
export function methodNotAllowed(allowed: readonly string[]): RequestHandler {
  const allow = allowed.join(', ');
  return (req, res, next) => {
    if (req.method === 'OPTIONS') {
      res.set('Allow', allow).status(204).end();
      return;
    }
    const problem = `${req.method} is not allowed here; use ${allow}`;
    next(new HttpError(405, problem, [{ field: 'method', message: problem }], { Allow: allow }));
  };
}

/**
 * body-parser's errors follow http-errors: a 4xx `status`, `expose: true`, and usually a `type`
 * (413 too large, 415 bad charset, ...); a broken gzip stream arrives as zlib's error with
 * only the status added.
 */
interface ClientRequestError extends Error {
  readonly status: number;
  readonly expose: boolean;
  readonly type?: string;
  readonly limit?: number;
}

function isClientRequestError(err: unknown): err is ClientRequestError {
  const e = err as Partial<ClientRequestError>;
  return err instanceof Error && typeof e.status === 'number' && e.status >= 400 && e.status < 500 && e.expose === true;
}

// The header to blame when the body is rejected for how it is declared.
const BODY_ERROR_FIELDS: Readonly<Record<string, string>> = {
  'charset.unsupported': 'content-type',
  'encoding.unsupported': 'content-encoding',
};

function fromClientRequestError(err: ClientRequestError): HttpError {
  const message =
    err.type === 'entity.parse.failed'
      ? 'malformed JSON'
      : err.type === 'entity.too.large'
        ? `body larger than the ${err.limit ?? ''} byte limit`
        : err.message;
  const field = BODY_ERROR_FIELDS[err.type ?? ''] ?? 'body';
  return new HttpError(err.status, message, [{ field, message }]);
}

function fromUnavailableStore(err: FeatureStoreUnavailableError): HttpError {
  return new HttpError(503, 'feature store unavailable, retry', [{ field: 'feature_store', message: err.message }], { 'Retry-After': '1' });
}

function toHttpError(err: unknown): HttpError | undefined {
  if (err instanceof HttpError) return err;
  if (err instanceof FeatureStoreUnavailableError) return fromUnavailableStore(err);
  if (isClientRequestError(err)) return fromClientRequestError(err);
  return undefined;
}

export const handleErrors: ErrorRequestHandler = (err, req, res, next) => {
  if (res.headersSent) {
    next(err);
    return;
  }
  const known = toHttpError(err);
  if (known) {
    res.status(known.status).set(known.headers).json({ error: known.message, details: known.details });
    return;
  }
  req.log.error({ err }, 'request failed');
  res.status(500).json({ error: 'internal error', details: [] });
};
