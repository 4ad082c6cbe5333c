/** Test API keys: fresh random tokens, and a keys file in a temporary directory holding their hashes. */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Role } from '../../src/auth/roles.js';

export interface TestKey {
  readonly name: string;
  readonly roles: readonly Role[];
  readonly token: string;
}

/** A token as docs/security.md mints them: `openssl rand -base64 32`. */
export const newToken = (): string => randomBytes(32).toString('base64');
export const sha256Hex = (token: string): string => createHash('sha256').update(token).digest('hex');

export function testKey(name: string, roles: readonly Role[]): TestKey {
  return { name, roles, token: newToken() };
}

export const fileEntries = (keys: readonly TestKey[]) =>
  keys.map(({ name, roles, token }) => ({ name, sha256: sha256Hex(token), roles }));

export interface KeysDir {
  readonly path: string;
  /** Replaces the file the way editors and Secret volumes do: write aside, then rename over it. */
  write(content: string | readonly TestKey[]): void;
  remove(): void;
}

export function keysDir(initial: string | readonly TestKey[]): KeysDir {
  const dir = mkdtempSync(join(tmpdir(), 'fraudwatch-keys-'));
  const path = join(dir, 'api-keys.json');
  let version = 0;
  const write = (content: string | readonly TestKey[]) => {
    const text = typeof content === 'string' ? content : JSON.stringify(fileEntries(content));
    const aside = join(dir, `.api-keys.json.${version++}`);
    writeFileSync(aside, text);
    renameSync(aside, path);
  };
  write(initial);
  return { path, write, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
