import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { delimiter, isAbsolute, join } from 'node:path';

export const INSTALL_HINT =
  'install it with `sudo apt-get update && sudo apt-get install -y prometheus prometheus-alertmanager` ' +
  '(or run `bash scripts/setup.sh`)';

export class MissingBinaryError extends Error {
  constructor(readonly binary: string) {
    super(`${binary} was not found on PATH: ${INSTALL_HINT}`);
    this.name = 'MissingBinaryError';
  }
}

async function isExecutable(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The absolute path of an executable (a name looked up on PATH, or a path), or MissingBinaryError. */
export async function resolveBinary(nameOrPath: string, path = process.env.PATH ?? ''): Promise<string> {
  if (isAbsolute(nameOrPath)) {
    if (await isExecutable(nameOrPath)) return nameOrPath;
    throw new MissingBinaryError(nameOrPath);
  }
  for (const dir of path.split(delimiter).filter(Boolean)) {
    const candidate = join(dir, nameOrPath);
    if (await isExecutable(candidate)) return candidate;
  }
  throw new MissingBinaryError(nameOrPath);
}
