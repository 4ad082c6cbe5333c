/**
 * API_KEYS_FILE: a JSON array of `{name, sha256, roles}`, the hash of each token and never the
 * token itself. A broken file is an error naming the file and the entry, so a typo stops the start
 * (or, on a reload, keeps the previous keys) instead of locking callers out one by one.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ROLES, type ApiKey } from './roles.js';

const entrySchema = z.strictObject({
  name: z.string().regex(/^[\w.@:-]{1,64}$/, 'expected 1-64 letters, digits or . _ @ : -'),
  sha256: z.string().regex(/^[0-9a-fA-F]{64}$/, 'expected the 64 hex digits of a SHA-256'),
  roles: z.array(z.enum(ROLES)).min(1, 'expected at least one role'),
});

export interface KeyEntry extends ApiKey {
  /** The SHA-256 of the token, 32 bytes. */
  readonly digest: Buffer;
}

export class KeysFileError extends Error {
  override readonly name = 'KeysFileError';
}

function describeEntry(entries: readonly unknown[], index: number): string {
  const name = (entries[index] as { name?: unknown } | null)?.name;
  return typeof name === 'string' ? `entry ${index} ("${name.slice(0, 64)}")` : `entry ${index}`;
}

function parseEntries(path: string, entries: readonly unknown[]): KeyEntry[] {
  const seenNames = new Map<string, number>();
  const seenHashes = new Map<string, number>();
  return entries.map((raw, index) => {
    const fail = (problem: string): never => {
      throw new KeysFileError(`${path}: ${describeEntry(entries, index)}: ${problem}`);
    };
    const parsed = entrySchema.safeParse(raw);
    if (!parsed.success) {
      fail(parsed.error.issues.map((i) => `${z.core.toDotPath(i.path) || 'entry'}: ${i.message}`).join('; '));
    }
    const { name, sha256, roles } = parsed.data!;
    const hash = sha256.toLowerCase();
    const sameName = seenNames.get(name);
    if (sameName !== undefined) fail(`name "${name}" is also entry ${sameName}'s`);
    const sameHash = seenHashes.get(hash);
    if (sameHash !== undefined) fail(`sha256 is also entry ${sameHash}'s: one token, one key`);
    seenNames.set(name, index);
    seenHashes.set(hash, index);
    return { name, roles: new Set(roles), digest: Buffer.from(hash, 'hex') };
  });
}

/** Parses the text of a keys file; `path` only names it in errors. */
export function parseKeysFile(path: string, text: string): KeyEntry[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new KeysFileError(`${path}: not JSON: ${(error as Error).message}`);
  }
  if (!Array.isArray(json)) throw new KeysFileError(`${path}: expected a JSON array of {name, sha256, roles}`);
  return parseEntries(path, json);
}

export function readKeysFile(path: string): KeyEntry[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new KeysFileError(`${path}: cannot read: ${(error as Error).message}`);
  }
  return parseKeysFile(path, text);
}
