/** Registers a route's handlers by method; every other method gets a 405 naming the allowed ones. */
import { Router, type RequestHandler } from 'express';
import { methodNotAllowed } from '../errors.js';
import { jsonBody } from '../json-body.js';

type Method = 'get' | 'post';

export function defineRoute(
  router: Router,
  path: string,
  handlers: Partial<Record<Method, RequestHandler | readonly RequestHandler[]>>,
): void {
  const route = router.route(path);
  const allowed: string[] = [];
  for (const method of ['get', 'post'] as const) {
    const handler = handlers[method];
    if (!handler) continue;
    route[method](...[handler].flat());
    // Express answers HEAD with the GET handler.
    allowed.push(...(method === 'get' ? ['GET', 'HEAD'] : ['POST']));
  }
  route.all(methodNotAllowed(allowed));
}

/**
 * A router with one route, `POST path`, whose JSON body of at most `bodyLimitBytes` `handler`
 * reads. `guard` (the role check) runs first: a body from a caller it refuses is never parsed.
 */
export function jsonPostRoute(path: string, bodyLimitBytes: number, guard: RequestHandler, handler: RequestHandler): Router {
  const router = Router();
  defineRoute(router, path, { post: [guard, ...jsonBody(bodyLimitBytes), handler] });
  return router;
}
