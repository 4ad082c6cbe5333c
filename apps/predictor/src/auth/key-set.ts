/**
 * Finds the key a token belongs to by its SHA-256, comparing the digest with every key's in
 * constant time and without stopping at a match: how long a lookup takes tells nothing about
 * which key, or how much of a hash, a token matched.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { KeyEntry } from './keys-file.js';
import type { ApiKey } from './roles.js';

export interface KeySet {
  readonly size: number;
  find(token: string): ApiKey | undefined;
}

export function sha256(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

export function createKeySet(entries: readonly KeyEntry[]): KeySet {
  const keys = entries.map(({ name, roles, digest }) => ({ key: { name, roles }, digest }));
  return {
    size: keys.length,
    find(token) {
      const digest = sha256(token);
      let found: ApiKey | undefined;
      for (const { key, digest: expected } of keys) {
        // Both sides are 32-byte digests, so timingSafeEqual never throws on a length mismatch.
        if (timingSafeEqual(digest, expected)) found = key;
      }
      return found;
    },
  };
}
