/**
 * A loopback HTTP server that answers Prometheus's /api/v1/rules and /api/v1/alerts and
 * Alertmanager's /api/v2/alerts with answers recorded from the real Prometheus 2.42 and
 * Alertmanager 0.25 (test/fixtures). It is a fixture for the drill's state machine, not a stand-in
 * for Prometheus: the test decides which recorded answer is current, so every failure path of the
 * drill can be reached deterministically. The real-Prometheus path is in drill.test.ts as well.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { LOOPBACK } from '@fraudwatch/stack';

export type RecordedName =
  | 'prometheus-rules'
  | 'prometheus-alerts-inactive'
  | 'prometheus-alerts-firing'
  | 'alertmanager-alerts-empty'
  | 'alertmanager-alerts-firing';

export function recorded(name: RecordedName): unknown {
  return JSON.parse(readFileSync(new URL(`../fixtures/${name}.json`, import.meta.url), 'utf8')) as unknown;
}

export interface RecordedAnswers {
  rules: unknown;
  alerts: unknown;
  alertmanager: unknown;
}

export interface RecordedAlertsServer {
  readonly url: URL;
  /** The answers served now; tests replace them as the drill moves through its steps. */
  readonly answers: RecordedAnswers;
  close(): Promise<void>;
}

export async function startRecordedAlertsServer(answers: RecordedAnswers): Promise<RecordedAlertsServer> {
  const routes: Record<string, keyof RecordedAnswers> = {
    '/api/v1/rules': 'rules',
    '/api/v1/alerts': 'alerts',
    '/api/v2/alerts': 'alertmanager',
  };
  const server: Server = createServer((request, response) => {
    const key = routes[new URL(request.url ?? '/', 'http://x').pathname];
    response.setHeader('content-type', 'application/json');
    if (key === undefined) {
      response.statusCode = 404;
      response.end('{"status":"error","error":"not found"}');
      return;
    }
    response.end(JSON.stringify(answers[key]));
  });
  await new Promise<void>((resolve) => server.listen(0, LOOPBACK, resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return {
    url: new URL(`http://${LOOPBACK}:${address.port}`),
    answers,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
