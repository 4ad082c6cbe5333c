import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { LOOPBACK } from './ports.js';
import { PollTimeoutError } from './poll.js';

/** One alert inside an Alertmanager webhook notification (payload version 4). */
export interface NotifiedAlert {
  readonly status: 'firing' | 'resolved';
  readonly labels: Record<string, string>;
  readonly annotations: Record<string, string>;
  readonly startsAt: string;
  readonly endsAt: string;
  readonly fingerprint: string;
}

/** An Alertmanager webhook notification, plus when it arrived here. */
export interface Notification {
  readonly receivedAt: Date;
  readonly status: 'firing' | 'resolved';
  readonly receiver: string;
  readonly groupLabels: Record<string, string>;
  readonly alerts: readonly NotifiedAlert[];
}

/** A notified alert with its arrival time: the unit tests and the demo summary reason about. */
export interface AlertEvent extends NotifiedAlert {
  readonly alertname: string;
  readonly receivedAt: Date;
}

export interface WaitOptions {
  /** Ignore events received before this: an earlier run's notifications prove nothing about this one. */
  readonly after?: Date;
}

export interface WebhookReceiver {
  /** The URL to give Alertmanager. */
  readonly url: string;
  readonly notifications: readonly Notification[];
  /** Every alert of every notification, in arrival order. */
  events(): AlertEvent[];
  /**
   * Resolves with the first event of `alertname` in `status` received at or after `after` (default:
   * any, past or future); rejects after `timeoutMs`.
   */
  waitForAlert(alertname: string, status: NotifiedAlert['status'], timeoutMs: number, options?: WaitOptions): Promise<AlertEvent>;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 1 << 20;

async function readBody(req: IncomingMessage): Promise<string> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw Object.assign(new Error('body too large'), { statusCode: 413 });
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseNotification(text: string, receivedAt: Date): Notification {
  const body = JSON.parse(text) as Partial<Notification>;
  if (!Array.isArray(body.alerts) || (body.status !== 'firing' && body.status !== 'resolved')) {
    throw new Error('expected an Alertmanager webhook payload with "status" and "alerts"');
  }
  return {
    receivedAt,
    status: body.status,
    receiver: body.receiver ?? '',
    groupLabels: body.groupLabels ?? {},
    alerts: body.alerts,
  };
}

function reply(res: ServerResponse, status: number, body: Record<string, unknown>): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

/**
 * An HTTP server on 127.0.0.1 that records Alertmanager webhook notifications, so a demo or a test
 * can prove an alert travelled Prometheus → Alertmanager → receiver, firing and resolved.
 */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const notifications: Notification[] = [];
  const listeners = new Set<() => void>();

  const server = createServer((req, res) => {
    if (req.method !== 'POST') return reply(res, 405, { error: 'method not allowed', details: 'POST a notification' });
    readBody(req)
      .then((text) => {
        notifications.push(parseNotification(text, new Date()));
        for (const notify of listeners) notify();
        reply(res, 200, { ok: true });
      })
      .catch((error: Error & { statusCode?: number }) =>
        reply(res, error.statusCode ?? 400, { error: 'invalid notification', details: error.message }),
      );
  });
  server.listen(0, LOOPBACK);
  await once(server, 'listening');
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('webhook receiver has no TCP address');

  const events = (): AlertEvent[] =>
    notifications.flatMap((n) =>
      n.alerts.map((alert) => ({ ...alert, alertname: alert.labels.alertname ?? '', receivedAt: n.receivedAt })),
    );

  return {
    url: `http://${LOOPBACK}:${address.port}/alerts`,
    notifications,
    events,
    waitForAlert(alertname, status, timeoutMs, { after } = {}) {
      const find = (): AlertEvent | undefined =>
        events().find(
          (e) => e.alertname === alertname && e.status === status && (after === undefined || e.receivedAt >= after),
        );
      return new Promise((resolve, reject) => {
        const check = (): void => {
          const found = find();
          if (!found) return;
          listeners.delete(check);
          clearTimeout(timer);
          resolve(found);
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          const since = after ? ` since ${after.toISOString()}` : '';
          reject(new PollTimeoutError(`a ${status} ${alertname} notification at the webhook${since}`, timeoutMs, undefined));
        }, timeoutMs);
        listeners.add(check);
        check();
      });
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
