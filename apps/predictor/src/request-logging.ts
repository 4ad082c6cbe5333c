/**
 * One log line per request with a request id: the caller's `x-request-id` when it looks like an
 * id, a fresh UUID otherwise; echoed in the response. Query strings are left out, because the
 * seed-compatible route carries the transaction there.
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
 * logger and serialise the request for every request only to drop the line: a fifth of a
 * prediction's CPU time (docs/benchmarks.md). Then only the id is kept, and the child logger that
 * error lines need is built when `req.log` is read (by the error handler, once).
 */
function requestIdOnly(logger: Logger): RequestHandler {
  // One getter for every request: V8 gives an object whose accessor differs from the one its
  // shape was first given (a getter closed over each request did) slow dictionary properties,
  // which Express, the router and body-parser then pay on every property access of the request.
  const log = {
    configurable: true,
    get(this: Request): Logger {
      return logger.child({ req: requestFields(this) });
    },
  };
  return (req, res, next) => {
    req.id = assignRequestId(req, res);
    Object.defineProperty(req, 'log', log);
    next();
  };
}

export function requestLogging(logger: Logger): RequestHandler {
  if (!logger.isLevelEnabled('info')) return requestIdOnly(logger);
  return pinoHttp({
    logger,
    genReqId: assignRequestId,
    serializers: {
      req: requestFields,
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
    customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : 'info'),
  });
}
