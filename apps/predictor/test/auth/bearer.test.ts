import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_TOKEN_LENGTH, bearerToken } from '../../src/auth/bearer.js';

describe('bearerToken', () => {
  it.each([
    ['Bearer abc-DEF_1.2~3+4/5==', 'abc-DEF_1.2~3+4/5=='],
    ['bearer abc', 'abc'],
    ['BEARER abc', 'abc'],
    ['Bearer    abc  ', 'abc'],
    ['Bearer\tabc', 'abc'],
    [`Bearer ${'a'.repeat(MAX_TOKEN_LENGTH)}`, 'a'.repeat(MAX_TOKEN_LENGTH)],
  ])('reads the token of %j', (header, token) => {
    expect(bearerToken(header)).toEqual({ kind: 'token', token });
  });

  it.each([undefined, '', '   ', 'Basic dXNlcjpwYXNz', 'Token abc', 'Bearerabc'])('finds no bearer credentials in %j', (header) => {
    expect(bearerToken(header)).toEqual({ kind: 'absent' });
  });

  it.each(['Bearer', 'Bearer ', 'bearer \t ', `Bearer ${'a'.repeat(MAX_TOKEN_LENGTH + 1)}`, 'Bearer a b', 'Bearer a=b', 'Bearer tok\u00e9n', 'Bearer "abc"'])(
    'calls %j malformed',
    (header) => {
      expect(bearerToken(header).kind).toBe('malformed');
    },
  );

  it('never throws, and returns only tokens a bearer token can be', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string().map((s) => `Bearer ${s}`), fc.string({ unit: 'binary' })), (header) => {
        const result = bearerToken(header);
        if (result.kind === 'token') {
          expect(result.token).toMatch(/^[A-Za-z0-9\-._~+/]+=*$/);
          expect(result.token.length).toBeLessThanOrEqual(MAX_TOKEN_LENGTH);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
