import { describe, expect, it } from 'vitest';
import { createAuth } from '../../src/auth/auth.js';
import { KeysFileError, parseKeysFile } from '../../src/auth/keys-file.js';
import { pino } from 'pino';
import { keysDir, newToken, sha256Hex } from './keys.js';

const HASH = sha256Hex(newToken());
const OTHER_HASH = sha256Hex(newToken());
const entry = (overrides: Record<string, unknown> = {}) => ({ name: 'payments', sha256: HASH, roles: ['score'], ...overrides });
const silent = pino({ level: 'silent' });

describe('the keys file', () => {
  it('parses names, roles and digests; hashes in either case', () => {
    const [a, b] = parseKeysFile('keys.json', JSON.stringify([entry(), entry({ name: 'ops', sha256: OTHER_HASH.toUpperCase(), roles: ['feedback', 'alert-reset'] })]));
    expect(a).toMatchObject({ name: 'payments', roles: new Set(['score']) });
    expect(a?.digest.toString('hex')).toBe(HASH);
    expect(b).toMatchObject({ name: 'ops', roles: new Set(['feedback', 'alert-reset']) });
    expect(b?.digest.toString('hex')).toBe(OTHER_HASH);
  });

  it.each([
    ['bad JSON', '[{"name": "payments",', /keys\.json: not JSON/],
    ['not an array', JSON.stringify(entry()), /keys\.json: expected a JSON array/],
    ['an entry without sha256', JSON.stringify([entry(), { name: 'ops', roles: ['score'] }]), /keys\.json: entry 1 \("ops"\): sha256: /],
    ['a short hash', JSON.stringify([entry({ sha256: 'abc123' })]), /keys\.json: entry 0 \("payments"\): sha256: expected the 64 hex digits/],
    ['an unknown role', JSON.stringify([entry({ roles: ['score', 'admin'] })]), /keys\.json: entry 0 \("payments"\): roles\[1\]: /],
    ['no role', JSON.stringify([entry({ roles: [] })]), /entry 0 \("payments"\): roles: expected at least one role/],
    ['a token instead of a hash', JSON.stringify([{ name: 'payments', token: 'secret', roles: ['score'] }]), /entry 0 \("payments"\): .*token/],
    ['an entry that is not an object', JSON.stringify([entry(), 'payments']), /keys\.json: entry 1: /],
    ['a duplicate name', JSON.stringify([entry(), entry({ sha256: OTHER_HASH })]), /entry 1 \("payments"\): name "payments" is also entry 0's/],
    ['a duplicate hash', JSON.stringify([entry(), entry({ name: 'ops', sha256: HASH.toUpperCase() })]), /entry 1 \("ops"\): sha256 is also entry 0's/],
  ])('refuses %s, naming the file and the entry', (_, text, message) => {
    expect(() => parseKeysFile('/etc/fraudwatch/keys.json', text)).toThrow(KeysFileError);
    expect(() => parseKeysFile('/etc/fraudwatch/keys.json', text)).toThrow(message);
  });

  it('stops createAuth at start when the file is broken or missing, naming it', () => {
    const dir = keysDir(JSON.stringify([entry(), { name: 'ops', sha256: OTHER_HASH, roles: ['admin'] }]));
    try {
      expect(() => createAuth({ keysFile: dir.path, logger: silent, watch: false })).toThrow(`${dir.path}: entry 1 ("ops"): roles[0]`);
      expect(() => createAuth({ keysFile: `${dir.path}.missing`, logger: silent, watch: false })).toThrow(`${dir.path}.missing: cannot read`);
    } finally {
      dir.remove();
    }
  });
});
