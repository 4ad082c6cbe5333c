import { createServer } from 'node:net';

/** The loopback interface every FraudWatch local process binds to. */
export const LOOPBACK = '127.0.0.1';

/**
 * A TCP port that is free on 127.0.0.1 right now: the OS picks it, we release it and hand it on.
 * Another process could take it in between; the window is tiny and a clash fails loudly at bind.
 */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, LOOPBACK, resolve);
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('could not read the port the OS assigned');
  return address.port;
}
