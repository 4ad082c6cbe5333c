/**
 * One log line per request with a request id: the caller's `x-request-id` when it looks like an
 * id, a fresh UUID otherwise; echoed in the response. Query strings are left out, because the
 * legacy route carries the transaction there.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Request, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';

const SANE_REQUEST_ID = /^[\w.:-]{1,128}$/;

function assignRequestId(req: IncomingMessage, res: ServerResponse): string {
  const given = req.headers['x-request-id'];
  const id = typeof given === 'string' && SANE_REQUEST_ID.test(given) ? given : randomUUID();
  res.setHeader('x-request-id', id);
  return id;
}

function requestFields(req: { id: unknown; method?: string; url?: string }) {
  return { id: req.id, method: req.method, path: req.url?.split('?')[0] };
}

/**
 * With request lines switched off (LOG_LEVEL above info), pino-http would still build a child
 * logger and serialise the request for every request only to drop the line: a large share of a
 * prediction's CPU time (docs/benchmarks.md). Then only the id is kept, and `req.log`, which only
 * error lines read, is a getter on the app's request prototype that builds the child logger when
 * read. Defined on each request instead, it cost time on every request, and with a getter
 * closed over each request V8 gave every request object slow (dictionary) properties, which
 * Express, the router and body-parser then paid on every access.
 */
function requestIdOnly(logger: Logger, requestPrototype: Request): RequestHandler {
  Object.defineProperty(requestPrototype, 'log', {
    configurable: true,
    get(this: Request): Logger {
      return logger.child({ req: requestFields(this) });
    },
  });
  return (req, res, next) => {
    req.id = assignRequestId(req, res);
    next();
  };
}

/** `requestPrototype` is the app's (`app.request`), never Express's shared one. */
export function requestLogging(
  logger: Logger,
  requestPrototype: Request,
  /** The API key's name, once authentication has run; added to the request line. */
  callerName: (req: Request) => string | undefined = () => undefined,
): RequestHandler {
  if (!logger.isLevelEnabled('info')) return requestIdOnly(logger, requestPrototype);
  // Added to the line the request ends with, once authentication has named the caller.
  const withCaller = (req: IncomingMessage, _res: ServerResponse, line: object): object => {
    const caller = callerName(req as Request);
    return caller === undefined ? line : { ...line, caller };
  };
  return pinoHttp({
    logger,
    genReqId: assignRequestId,
    customSuccessObject: withCaller,
    customErrorObject: (req, res, _error, line: object) => withCaller(req, res, line),
    serializers: {
      req: requestFields,
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
    customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : 'info'),
  });
}
