import { once } from 'node:events';
import { createServer } from 'node:http';

/** A tiny real scrape target whose one gauge the test sets. */
export async function startMetricsTarget(): Promise<{
  address: string;
  set(value: number): void;
  close(): Promise<void>;
}> {
  let value = 0;
  const server = createServer((req, res) => {
    if (req.url !== '/metrics') return res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
    res.end(`# HELP fixture_value A value the test controls.\n# TYPE fixture_value gauge\nfixture_value ${value}\n`);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  return {
    address: `127.0.0.1:${address.port}`,
    set: (v) => {
      value = v;
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
