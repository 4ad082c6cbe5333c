/** Registers a route's handlers by method; every other method gets a 405 naming the allowed ones. */
import type { RequestHandler, Router } from 'express';
import { methodNotAllowed } from '../errors.js';

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
