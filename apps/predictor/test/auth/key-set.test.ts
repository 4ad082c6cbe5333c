/**
 * The lookup compares the token's digest with every key's, in constant time, whatever matches: it
 * must call timingSafeEqual once per key, on two 32-byte digests, for a match at any position and
 * for no match at all.
 */
import { describe, expect, it, vi } from 'vitest';

const comparisons: [number, number][] = [];
vi.mock('node:crypto', async (importOriginal) => {
  const crypto = await importOriginal<typeof import('node:crypto')>();
  return {
    ...crypto,
    timingSafeEqual: (a: NodeJS.ArrayBufferView, b: NodeJS.ArrayBufferView) => {
      comparisons.push([a.byteLength, b.byteLength]);
      return crypto.timingSafeEqual(a, b);
    },
  };
});

const { createKeySet } = await import('../../src/auth/key-set.js');
const { parseKeysFile } = await import('../../src/auth/keys-file.js');
const { fileEntries, testKey, newToken } = await import('./keys.js');

const keys = Array.from({ length: 5 }, (_, i) => testKey(`caller-${i}`, i % 2 === 0 ? ['score'] : ['feedback']));
/** The token with its last data character changed (a 32-byte base64 token ends in one `=`). */
const nearMiss = (token: string): string => `${token.slice(0, -2)}${token.at(-2) === 'A' ? 'B' : 'A'}=`;
const set = createKeySet(parseKeysFile('keys.json', JSON.stringify(fileEntries(keys))));

describe('the key lookup', () => {
  it.each([
    ['the first key', keys[0]!.token, 'caller-0'],
    ['a middle key', keys[2]!.token, 'caller-2'],
    ['the last key', keys[4]!.token, 'caller-4'],
    ['an unknown token', newToken(), undefined],
    ['a token differing in its last character', nearMiss(keys[1]!.token), undefined],
    ['an empty token', '', undefined],
  ])('compares every key for %s, 32 bytes against 32', (_, token, name) => {
    comparisons.length = 0;
    expect(set.find(token)?.name).toBe(name);
    expect(comparisons).toEqual(keys.map(() => [32, 32]));
  });

  it('gives the key its roles', () => {
    expect([...(set.find(keys[1]!.token)?.roles ?? [])]).toEqual(['feedback']);
  });
});
