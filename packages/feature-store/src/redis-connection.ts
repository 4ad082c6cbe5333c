/**
 * One connection to Redis, a single server or a Cluster, reduced to what the store needs: FCALL,
 * GET, PFCOUNT and a health check, each bounded in time. Commands fail at once while disconnected
 * (no offline queue) and the client reconnects by itself; every failure to reach the server in
 * time becomes a FeatureStoreUnavailableError. The function library is loaded (FUNCTION LOAD
 * REPLACE) on every connection to a server, and again if a server reports it missing.
 */
import { readFileSync } from 'node:fs';
import { createClient, createCluster, ErrorReply, RESP_TYPES, type RedisClientOptions } from 'redis';
import { FeatureStoreUnavailableError } from './contract.js';

const LIBRARY = readFileSync(new URL('../lua/feature-store.lua', import.meta.url), 'utf8');
/** Replies meaning "not now" rather than "wrong": the server is loading, failing over or busy. */
const TRANSIENT_REPLY = /^(LOADING|CLUSTERDOWN|MASTERDOWN|TRYAGAIN|BUSY)/;
const MISSING_FUNCTION = /Function not found/i;

export interface RedisConnectionOptions {
  /** redis://… of a single server; ignored when `clusterNodes` is given. */
  readonly url: string;
  /** host:port of some Cluster primaries. */
  readonly clusterNodes: readonly string[] | undefined;
  readonly timeoutMs: number;
  /** Connection problems as they happen (the client keeps reconnecting meanwhile). */
  readonly onError: (error: Error) => void;
}

export interface RedisConnection {
  readonly cluster: boolean;
  /** Runs `run` bounded by `timeoutMs` (times `weight`, for batches); maps failures to FeatureStoreUnavailableError. */
  guard<T>(operation: string, weight: number, run: () => Promise<T>): Promise<T>;
  fcall(fn: string, keys: readonly string[], args: readonly string[]): Promise<unknown>;
  get(key: string): Promise<string | null>;
  /** GET of a binary value. */
  getBuffer(key: string): Promise<Buffer | null>;
  /** MGET of binary values (a single server: a Cluster cannot MGET across slots). */
  mGetBuffer(keys: readonly string[]): Promise<(Buffer | null)[]>;
  pfCount(keys: readonly string[]): Promise<number>;
  /** PING on the server or every Cluster primary. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

type Client = ReturnType<typeof createClient>;

function reconnectDelay(retries: number): number {
  return Math.min(50 * 2 ** retries, 1000);
}

function clientOptions(options: RedisConnectionOptions): RedisClientOptions {
  return {
    disableOfflineQueue: true,
    // Bounds what piles up while a server hangs: beyond it, commands fail at once.
    commandsQueueMaxLength: 100_000,
    // No per-command timeout (0; node-redis' default is 5 s): it makes one AbortSignal.timeout per
    // command, a large share of the predictor's CPU per transaction (docs/benchmarks.md); guard()
    // bounds each operation instead.
    commandOptions: { timeout: 0 },
    maintNotifications: 'disabled',
    socket: { connectTimeout: Math.max(1000, 10 * options.timeoutMs), reconnectStrategy: reconnectDelay },
  };
}

function parseNode(node: string): { host: string; port: number } {
  const at = node.lastIndexOf(':');
  return { host: node.slice(0, at), port: Number(node.slice(at + 1)) };
}

export function createRedisConnection(options: RedisConnectionOptions): RedisConnection {
  const base = clientOptions(options);
  const isCluster = options.clusterNodes !== undefined;
  const single: Client | undefined = isCluster ? undefined : createClient({ ...base, url: options.url });
  const cluster = isCluster
    ? createCluster({ rootNodes: options.clusterNodes!.map((node) => ({ socket: parseNode(node) })), defaults: base })
    : undefined;
  const events = single ?? cluster!;
  const binary = (single ?? cluster!).withTypeMapping({ [RESP_TYPES.BLOB_STRING]: Buffer });
  let libraryLoaded: Promise<void> | undefined;

  const assertConnected = (): void => {
    // Before the first connection a Cluster knows no primaries: nothing to ping is not healthy.
    if (!(single ?? cluster!).isReady) throw new Error('not connected');
  };
  const primaries = async (): Promise<Client[]> => {
    assertConnected();
    if (single) return [single];
    return Promise.all(cluster!.masters.map(async (node) => (await cluster!.nodeClient(node)) as unknown as Client));
  };
  const loadLibrary = (): Promise<void> => {
    const loading = primaries()
      .then((clients) => Promise.all(clients.map((client) => client.functionLoad(LIBRARY, { REPLACE: true }))))
      .then(() => undefined);
    libraryLoaded = loading;
    // A failed load is retried on the next connection or the next "function not found".
    loading.catch((error: unknown) => {
      if (libraryLoaded === loading) libraryLoaded = undefined;
      options.onError(error as Error);
    });
    return loading;
  };

  events.on('error', (error: Error) => options.onError(error));
  (single ?? cluster!).on(single ? 'ready' : 'connect', () => void loadLibrary().catch(() => undefined));
  // Connects in the background, retrying until it succeeds: until then every call is unavailable.
  void (single ?? cluster!).connect().catch((error: unknown) => options.onError(error as Error));

  const fcallOnce = (fn: string, keys: readonly string[], args: readonly string[]): Promise<unknown> => {
    const target = single ?? cluster!;
    return target.fCall(fn, { keys: [...keys], arguments: [...args] });
  };

  return {
    cluster: isCluster,
    async guard(operation, weight, run) {
      const budget = options.timeoutMs * Math.max(1, weight);
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new FeatureStoreUnavailableError(operation, `no answer within ${budget} ms`)), budget);
      });
      try {
        return await Promise.race([run(), timeout]);
      } catch (error) {
        if (error instanceof FeatureStoreUnavailableError) throw error;
        if (error instanceof ErrorReply && !TRANSIENT_REPLY.test(error.message)) throw error;
        throw new FeatureStoreUnavailableError(operation, (error as Error).message);
      } finally {
        clearTimeout(timer);
      }
    },
    async fcall(fn, keys, args) {
      try {
        return await fcallOnce(fn, keys, args);
      } catch (error) {
        // A server that lost its functions (a new, empty one): load them and try once more.
        if (!(error instanceof ErrorReply && MISSING_FUNCTION.test(error.message))) throw error;
        await loadLibrary();
        return fcallOnce(fn, keys, args);
      }
    },
    get: (key) => (single ?? cluster!).get(key),
    getBuffer: (key) => binary.get(key),
    mGetBuffer: (keys) => binary.mGet([...keys]),
    pfCount: (keys) => (single ?? cluster!).pfCount([...keys]),
    async ping() {
      assertConnected();
      // Also retries a load that failed (e.g. on a server still loading its AOF).
      await (libraryLoaded ?? loadLibrary());
      await Promise.all((await primaries()).map((client) => client.ping()));
    },
    async close() {
      const target = single ?? cluster!;
      // close() waits for replies; a hung server would hold it forever.
      const closing = target.close().catch(() => undefined);
      const closed = await Promise.race([closing.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 1000).unref())]);
      if (!closed) target.destroy();
    },
  };
}
