import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PollTimeoutError, startWebhookReceiver, type WebhookReceiver } from '../src/index.js';

const alert = (alertname: string, status: 'firing' | 'resolved') => ({
  status,
  labels: { alertname },
  annotations: {},
  startsAt: '2026-01-01T00:00:00Z',
  endsAt: '0001-01-01T00:00:00Z',
  fingerprint: alertname,
});

describe('webhook receiver', () => {
  let webhook: WebhookReceiver;
  beforeEach(async () => {
    webhook = await startWebhookReceiver();
  });
  afterEach(async () => {
    await webhook.close();
  });

  const post = (body: string): Promise<Response> =>
    fetch(webhook.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

  it('records notifications and resolves waiters for past and future alerts', async () => {
    await post(JSON.stringify({ status: 'firing', receiver: 'webhook', groupLabels: {}, alerts: [alert('A', 'firing')] }));
    await expect(webhook.waitForAlert('A', 'firing', 1000)).resolves.toMatchObject({ alertname: 'A', status: 'firing' });

    const resolved = webhook.waitForAlert('A', 'resolved', 5000);
    await post(JSON.stringify({ status: 'resolved', receiver: 'webhook', groupLabels: {}, alerts: [alert('A', 'resolved')] }));
    await expect(resolved).resolves.toMatchObject({ alertname: 'A', status: 'resolved' });
    expect(webhook.events().map((e) => `${e.alertname}:${e.status}`)).toEqual(['A:firing', 'A:resolved']);
  });

  it('with `after`, ignores what arrived before and waits for a new event', async () => {
    await post(JSON.stringify({ status: 'firing', receiver: 'webhook', groupLabels: {}, alerts: [alert('A', 'firing')] }));
    await sleep(5);
    const after = new Date();
    await expect(webhook.waitForAlert('A', 'firing', 100, { after })).rejects.toBeInstanceOf(PollTimeoutError);

    const again = webhook.waitForAlert('A', 'firing', 5000, { after });
    await post(JSON.stringify({ status: 'firing', receiver: 'webhook', groupLabels: {}, alerts: [alert('A', 'firing')] }));
    const event = await again;
    expect(event.receivedAt.getTime()).toBeGreaterThanOrEqual(after.getTime());
    expect(event).toEqual(webhook.events()[1]);
  });

  it('times out waiting for an alert that never comes', async () => {
    await expect(webhook.waitForAlert('Never', 'firing', 100)).rejects.toBeInstanceOf(PollTimeoutError);
  });

  it('answers 400 naming the problem for a payload that is not a notification, and records nothing', async () => {
    const notJson = await post('{');
    expect(notJson.status).toBe(400);
    const wrongShape = await post(JSON.stringify({ status: 'firing' }));
    expect(wrongShape.status).toBe(400);
    expect(((await wrongShape.json()) as { details: string }).details).toMatch(/"alerts"/);
    expect(webhook.notifications).toHaveLength(0);
  });

  it('answers 405 to anything but POST', async () => {
    expect((await fetch(webhook.url)).status).toBe(405);
  });
});
