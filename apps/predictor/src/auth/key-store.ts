/**
 * The API keys currently in force, reloaded from their file on demand (SIGHUP) and when its
 * directory changes. A reload swaps the whole key set at once, so a request sees one set or the
 * other; a file that does not parse keeps the keys in force and is logged, never half-applied.
 */
import { watch, type FSWatcher } from 'node:fs';
import { dirname } from 'node:path';
import type { Logger } from 'pino';
import { createKeySet, type KeySet } from './key-set.js';
import { readKeysFile } from './keys-file.js';

export interface KeyStoreOptions {
  readonly path: string;
  readonly logger: Logger;
  /**
   * Reload when anything in the file's directory changes (on unless false). The directory, not
   * the file: editors and Kubernetes Secret volumes replace the file (a rename, a symlink swap)
   * rather than write into it, and a watch on the old file would never fire again.
   */
  readonly watch?: boolean;
  /** One reload for a burst of changes, after it has been quiet this long. */
  readonly debounceMs?: number;
}

export interface KeyStore {
  current(): KeySet;
  /** Reads the file again; false (the keys in force kept, the error logged) when it is broken. */
  reload(): boolean;
  close(): void;
}

/** Throws a KeysFileError naming the file and the entry when the file is broken. */
export function createKeyStore({ path, logger, watch: watchDir = true, debounceMs = 200 }: KeyStoreOptions): KeyStore {
  let keys = createKeySet(readKeysFile(path));
  logger.info({ keysFile: path, keys: keys.size }, 'API keys loaded');

  function reload(): boolean {
    try {
      keys = createKeySet(readKeysFile(path));
    } catch (error) {
      logger.error({ keysFile: path, problem: (error as Error).message }, 'API keys not reloaded: keeping the keys in force');
      return false;
    }
    logger.info({ keysFile: path, keys: keys.size }, 'API keys reloaded');
    return true;
  }

  let timer: NodeJS.Timeout | undefined;
  let watcher: FSWatcher | undefined;
  if (watchDir) {
    watcher = watch(dirname(path), { persistent: false }, () => {
      clearTimeout(timer);
      timer = setTimeout(reload, debounceMs);
      timer.unref();
    });
    // Without a listener, an 'error' (the directory removed) would end the process.
    watcher.on('error', (error) => logger.error({ keysFile: path, err: error }, 'API keys file no longer watched'));
  }

  return {
    current: () => keys,
    reload,
    close() {
      clearTimeout(timer);
      watcher?.close();
    },
  };
}
