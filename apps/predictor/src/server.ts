/**
 * Listening and graceful shutdown: on shutdown readiness turns 503, the listeners (the API's and
 * the operations one, which reports that 503 meanwhile) close after the drain delay, in-flight requests finish, idle keep-alive connections are closed, and
 * whatever is still open when the grace period ends is cut.
 */
import { once } from 'node:events';
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { Readiness } from './readiness.js';

export async function listen(app: RequestListener, port: number, host: string): Promise<Server> {
  const server = createServer(app);
  server.listen(port, host);
  await once(server, 'listening');
  return server;
}

export function boundAddress(server: Server): AddressInfo {
  return server.address() as AddressInfo;
}

export interface ShutdownDeps {
  readonly servers: readonly Server[];
  readonly readiness: Readiness;
  readonly logger: Logger;
  /** Everything, drain delay included, must end within this. */
  readonly graceMs: number;
  /** Readiness is 503 for this long before the listener closes, while load balancers catch up. */
  readonly drainDelayMs: number;
}

/** Returns the shutdown: resolves true when every request finished in time, false when some were cut. */
export function createShutdown({ servers, readiness, logger, graceMs, drainDelayMs }: ShutdownDeps): () => Promise<boolean> {
  let running: Promise<boolean> | undefined;

  async function drain(): Promise<void> {
    await sleep(drainDelayMs);
    const closed = Promise.all(servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
    // Keep-alive connections that finish their request while draining would otherwise stay open.
    const reaper = setInterval(() => servers.forEach((server) => server.closeIdleConnections()), 50);
    try {
      await closed;
    } finally {
      clearInterval(reaper);
    }
  }

  async function shutdown(): Promise<boolean> {
    readiness.markDraining();
    logger.info({ graceMs, drainDelayMs }, 'draining');
    const grace = new AbortController();
    const expired = sleep(graceMs, false, { signal: grace.signal }).catch(() => false);
    const clean = await Promise.race([drain().then(() => true), expired]);
    grace.abort();
    if (!clean) {
      logger.warn('grace period over: closing the remaining connections');
      for (const server of servers) server.closeAllConnections();
    }
    return clean;
  }

  return () => (running ??= shutdown());
}
