/** Baseline: a bare node:http JSON server (the ceiling for one Node process on this machine). */
import { createServer, type ServerResponse } from 'node:http';
import { parse as parseQuery } from 'node:querystring';
import { exitOnSigterm, listenAddress } from './process.js';
import { predictionFor, READY, legacyPredictionFor } from './responses.js';

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

const server = createServer((req, res) => {
  const [path, query = ''] = (req.url ?? '/').split('?', 2);
  if (req.method === 'POST' && path === '/v1/predict') {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      try {
        sendJson(res, 200, predictionFor(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
      } catch {
        sendJson(res, 400, { error: 'invalid JSON' });
      }
    });
    return;
  }
  if (req.method === 'GET' && path === '/predict') return sendJson(res, 200, legacyPredictionFor(parseQuery(query)));
  if (req.method === 'GET' && path === '/readyz') return sendJson(res, 200, READY);
  sendJson(res, 404, { error: 'not found' });
});

const { port, host } = listenAddress();
server.listen(port, host);
exitOnSigterm();
