/**
 * Reads the token of `Authorization: Bearer <token>` (RFC 6750 2.1). Anything else is a problem
 * to answer with a 401, never an exception: the header is attacker-controlled.
 */

// RFC 6750's b64token. Tokens minted as docs/security.md says are 43-88 characters; the bound
// keeps a hostile header from costing more than one small hash.
const B64TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;
export const MAX_TOKEN_LENGTH = 512;

export type BearerResult =
  | { readonly kind: 'token'; readonly token: string }
  /** No Authorization header, or one for another scheme (Basic, …). */
  | { readonly kind: 'absent' }
  | { readonly kind: 'malformed'; readonly problem: string };

export function bearerToken(header: string | undefined): BearerResult {
  if (header === undefined || header.trim() === '') return { kind: 'absent' };
  const match = /^\s*(\S+)(?:[ \t]+(.*))?$/s.exec(header);
  const scheme = match?.[1] ?? '';
  if (scheme.toLowerCase() !== 'bearer') return { kind: 'absent' };
  const token = (match?.[2] ?? '').trim();
  if (token === '') return { kind: 'malformed', problem: 'Bearer with no token' };
  if (token.length > MAX_TOKEN_LENGTH) return { kind: 'malformed', problem: `token longer than ${MAX_TOKEN_LENGTH} characters` };
  if (!B64TOKEN.test(token)) return { kind: 'malformed', problem: 'token has characters a bearer token cannot have' };
  return { kind: 'token', token };
}
