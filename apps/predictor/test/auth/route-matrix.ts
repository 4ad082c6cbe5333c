/**
 * Every protected route × {no token, unknown token, a key without the route's role, a key with
 * it}, as a table: each case says what the caller sends and what must come back. The app under
 * test supplies the routes (with a valid request each) and the keys.
 */
import type { Role } from '../../src/auth/roles.js';
import { newToken, type TestKey } from './keys.js';

export interface ProtectedRoute {
  readonly method: 'GET' | 'POST';
  /** With its query string, for the legacy route. */
  readonly path: string;
  readonly role: Role;
  /** A valid JSON body for POST routes. */
  readonly body?: () => unknown;
  /** What the route answers a valid request with a key holding the role. */
  readonly okStatus: number;
}

export const CREDENTIALS = ['no token', 'unknown token', 'key without the role', 'key with the role'] as const;
export type Credential = (typeof CREDENTIALS)[number];

export interface MatrixCase {
  readonly route: ProtectedRoute;
  readonly credential: Credential;
  /** Undefined: no Authorization header. */
  readonly token: string | undefined;
  readonly status: number;
  /** The WWW-Authenticate challenge a refusal carries. */
  readonly challenge: RegExp | undefined;
}

function keyFor(keys: readonly TestKey[], route: ProtectedRoute, holding: boolean): TestKey {
  const key = keys.find((k) => k.roles.includes(route.role) === holding);
  if (!key) throw new Error(`no test key ${holding ? 'with' : 'without'} role ${route.role}`);
  return key;
}

export function routeMatrix(routes: readonly ProtectedRoute[], keys: readonly TestKey[]): MatrixCase[] {
  return routes.flatMap((route) => [
    { route, credential: 'no token', token: undefined, status: 401, challenge: /^Bearer realm="fraudwatch"$/ },
    { route, credential: 'unknown token', token: newToken(), status: 401, challenge: /^Bearer realm="fraudwatch", error="invalid_token"$/ },
    {
      route,
      credential: 'key without the role',
      token: keyFor(keys, route, false).token,
      status: 403,
      challenge: new RegExp(`^Bearer realm="fraudwatch", error="insufficient_scope", scope="${route.role}"$`),
    },
    { route, credential: 'key with the role', token: keyFor(keys, route, true).token, status: route.okStatus, challenge: undefined },
  ]);
}

export function send(base: string, c: Pick<MatrixCase, 'route' | 'token'>): Promise<Response> {
  const headers: Record<string, string> = c.token === undefined ? {} : { authorization: `Bearer ${c.token}` };
  const body = c.route.body?.();
  if (body !== undefined) headers['content-type'] = 'application/json';
  return fetch(`${base}${c.route.path}`, {
    method: c.route.method,
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}
