/**
 * Who may call what: with API_KEYS_FILE set, each protected route needs a bearer token whose key
 * holds the route's role (401 with `WWW-Authenticate: Bearer` for no or an unknown token, 403 for
 * a key without the role). Unset, every route is open, as in the legacy service.
 *
 * A request's key is resolved once, when its first role check runs, and kept for the request: a
 * reload while it is in flight changes nothing for it.
 */
import type { Request, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { HttpError } from '../errors.js';
import { bearerToken } from './bearer.js';
import { createKeyStore } from './key-store.js';
import type { ApiKey, Role } from './roles.js';

export interface AuthOptions {
  /** API_KEYS_FILE; undefined switches authentication off. */
  readonly keysFile: string | undefined;
  readonly logger: Logger;
  /** Reload when the file changes (on unless false); SIGHUP reloads through `reload`. */
  readonly watch?: boolean;
}

export interface Auth {
  readonly enabled: boolean;
  /** Middleware for a route: the request's key must hold `role`. */
  requireRole(role: Role): RequestHandler;
  /**
   * Whether a transaction in this request may reset alert_counter: with keys, only under a key
   * holding `alert-reset`, and only once a role check has passed.
   */
  mayResetAlertCounter(req: Request): boolean;
  /** The name of the request's key, for the request's log line; never the token. */
  callerName(req: Request): string | undefined;
  /** Re-reads the keys file (SIGHUP); false when it is broken and the old keys stay. */
  reload(): boolean;
  close(): void;
}

const REALM = 'realm="fraudwatch"';
const FIELD = 'authorization';

function unauthorized(error: string, message: string, challenge: string): HttpError {
  return new HttpError(401, error, [{ field: FIELD, message }], { 'WWW-Authenticate': challenge });
}

const openAuth: Auth = {
  enabled: false,
  requireRole: () => (_req, _res, next) => next(),
  mayResetAlertCounter: () => true,
  callerName: () => undefined,
  reload: () => true,
  close: () => undefined,
};

/** Throws a KeysFileError naming the file and the entry when the keys file is broken. */
export function createAuth({ keysFile, logger, watch }: AuthOptions): Auth {
  if (keysFile === undefined) return openAuth;
  const store = createKeyStore({ path: keysFile, logger, ...(watch === undefined ? {} : { watch }) });
  const callers = new WeakMap<Request, ApiKey>();

  function authenticate(req: Request): ApiKey {
    const known = callers.get(req);
    if (known) return known;
    const bearer = bearerToken(req.headers.authorization);
    if (bearer.kind === 'absent') {
      throw unauthorized('missing bearer token', 'send Authorization: Bearer <token>', `Bearer ${REALM}`);
    }
    const invalid = `Bearer ${REALM}, error="invalid_token"`;
    if (bearer.kind === 'malformed') throw unauthorized('malformed bearer token', bearer.problem, invalid);
    const key = store.current().find(bearer.token);
    if (!key) throw unauthorized('unknown bearer token', 'no API key has this token', invalid);
    callers.set(req, key);
    return key;
  }

  return {
    enabled: true,
    requireRole(role) {
      return (req, _res, next) => {
        try {
          const key = authenticate(req);
          if (!key.roles.has(role)) {
            const problem = `key "${key.name}" does not hold role ${role}`;
            const challenge = `Bearer ${REALM}, error="insufficient_scope", scope="${role}"`;
            throw new HttpError(403, problem, [{ field: FIELD, message: problem }], { 'WWW-Authenticate': challenge });
          }
          next();
        } catch (error) {
          next(error);
        }
      };
    },
    mayResetAlertCounter: (req) => callers.get(req)?.roles.has('alert-reset') ?? false,
    callerName: (req) => callers.get(req)?.name,
    reload: store.reload,
    close: store.close,
  };
}
