import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createAlertmanagerApi,
  startStack,
  startWebhookReceiver,
  type Stack,
  type VectorSample,
  type WebhookReceiver,
} from '../src/index.js';
import { startMetricsTarget } from './metrics-target.js';

/** The scrape job the fixture rules select on. */
const JOB = 'fixture';
const fixture = (name: string): string => fileURLToPath(new URL(`fixtures/${name}`, import.meta.url));

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('startStack with a real scrape target, rules file and webhook', () => {
  let target: Awaited<ReturnType<typeof startMetricsTarget>>;
  let webhook: WebhookReceiver;
  let stack: Stack;

  beforeAll(async () => {
    target = await startMetricsTarget();
    webhook = await startWebhookReceiver();
    stack = await startStack({ jobName: JOB, targets: [target.address], rulesFiles: [fixture('fixture.rules.yaml')], webhookUrl: webhook.url });
  }, 60_000);

  afterAll(async () => {
    await stack?.stop();
    await webhook?.close();
    await target?.close();
  });

  it('scrapes the target under the job name given', async () => {
    const [scraped] = await stack.api.targets();
    expect(scraped?.health).toBe('up');
    expect(scraped?.labels).toMatchObject({ job: JOB, instance: target.address });
    expect(new URL(stack.prometheusUrl).hostname).toBe('127.0.0.1');
    expect(new URL(stack.alertmanagerUrl).hostname).toBe('127.0.0.1');
  });

  it('waits for a scrape that happened after a given moment', async () => {
    const before = Date.now();
    await stack.api.waitForScrapeAfter(before, 10_000);
    const [scraped] = await stack.api.targets();
    expect(Date.parse(scraped?.lastScrape ?? '')).toBeGreaterThan(before);
  }, 20_000);

  it('loads the rules file', async () => {
    const groups = await stack.api.ruleGroups();
    expect(groups.flatMap((g) => g.rules.map((r) => r.name))).toEqual(['FixtureValueHigh']);
    expect(await stack.api.alertingRuleNames()).toEqual(['FixtureValueHigh']);
  });

  it('fires an alert that reaches the webhook, then sends the resolved notification', async () => {
    target.set(7);
    const firing = await webhook.waitForAlert('FixtureValueHigh', 'firing', 20_000);
    expect(firing.labels).toMatchObject({ job: JOB, severity: 'warning' });
    expect(firing.annotations.summary).toBe('fixture_value is 7');
    const sample = (await stack.api.query('fixture_value')).result as VectorSample[];
    expect(sample[0]?.value[1]).toBe('7');
    expect(await stack.api.alertStates()).toEqual(new Map([['FixtureValueHigh', 'firing']]));
    expect(await createAlertmanagerApi(stack.alertmanagerUrl).alertNames()).toEqual(new Set(['FixtureValueHigh']));

    target.set(0);
    const resolved = await webhook.waitForAlert('FixtureValueHigh', 'resolved', 20_000);
    expect(resolved.receivedAt.getTime()).toBeGreaterThan(firing.receivedAt.getTime());
    expect((await stack.api.alertStates()).size).toBe(0);
    expect((await createAlertmanagerApi(stack.alertmanagerUrl).alertNames()).size).toBe(0);
    expect(webhook.notifications.every((n) => n.receiver === 'webhook')).toBe(true);
  }, 60_000);

  it('stop() kills both servers and removes the temp dir', async () => {
    const pids = [stack.prometheus.pid, stack.alertmanager.pid];
    expect(pids.every(isAlive)).toBe(true);
    expect(existsSync(stack.dir)).toBe(true);
    await stack.stop();
    expect(pids.filter(isAlive)).toEqual([]);
    expect(existsSync(stack.dir)).toBe(false);
    await stack.stop();
  }, 30_000);
});

describe('startStack failures', () => {
  it('names the apt packages when a binary is missing', async () => {
    await expect(
      startStack({ jobName: JOB, targets: [], rulesFiles: [], prometheusBinary: 'fraudwatch-no-such-prometheus', awaitTargets: false }),
    ).rejects.toThrow(/fraudwatch-no-such-prometheus was not found on PATH.*apt-get install -y prometheus prometheus-alertmanager/);
  }, 30_000);

  it('shows Prometheus output when it refuses the rules', async () => {
    const error = await startStack({ jobName: JOB, targets: [], rulesFiles: [fixture('broken.rules.yaml')], awaitTargets: false }).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error?.message).toMatch(/prometheus did not start/);
    expect(error?.message).toMatch(/broken\.rules\.yaml/);
  }, 30_000);

  it('reports a target that never comes up, with the scrape error', async () => {
    const error = await startStack({ jobName: JOB, targets: ['127.0.0.1:9'], rulesFiles: [], readyTimeoutMs: 12_000 }).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error?.message).toMatch(/every scrape target to be up.*127\.0\.0\.1:9/s);
  }, 30_000);
});
