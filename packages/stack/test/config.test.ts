import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { alertmanagerConfig, prometheusConfig } from '../src/index.js';

const run = promisify(execFile);
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fraudwatch-stack-config-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function writeYaml(name: string, config: Record<string, unknown>): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, stringify(config));
  return path;
}

describe('generated prometheus.yml', () => {
  const config = prometheusConfig({
    jobName: 'fraudwatch-predictor',
    targets: ['127.0.0.1:8000'],
    metricsPath: '/metrics',
    scrapeInterval: '1s',
    evaluationInterval: '1s',
    ruleFiles: [],
    alertmanager: '127.0.0.1:9093',
  });

  it('passes promtool check config', async () => {
    const { stdout } = await run('promtool', ['check', 'config', await writeYaml('prometheus.yml', config)]);
    expect(stdout).toMatch(/SUCCESS/);
  });

  it('scrapes one job every second and notifies the Alertmanager', () => {
    expect(config).toMatchObject({
      global: { scrape_interval: '1s', scrape_timeout: '1s', evaluation_interval: '1s' },
      alerting: { alertmanagers: [{ static_configs: [{ targets: ['127.0.0.1:9093'] }] }] },
      scrape_configs: [{ job_name: 'fraudwatch-predictor', static_configs: [{ targets: ['127.0.0.1:8000'] }] }],
    });
  });

  it('has no alerting section without an Alertmanager', () => {
    const bare = prometheusConfig({ ...config, jobName: 'x', targets: [], metricsPath: '/metrics', scrapeInterval: '1s', evaluationInterval: '1s', ruleFiles: [] });
    expect(bare).not.toHaveProperty('alerting');
  });
});

describe('generated alertmanager.yml', () => {
  const timing = { groupWait: '1s', groupInterval: '1s', repeatInterval: '1h' };

  it.each([
    ['with a webhook', alertmanagerConfig({ ...timing, webhookUrl: 'http://127.0.0.1:1234/alerts' })],
    ['without a webhook', alertmanagerConfig(timing)],
  ])('passes amtool check-config %s', async (_, config) => {
    const { stdout } = await run('amtool', ['check-config', await writeYaml('alertmanager.yml', config)]);
    expect(stdout).toMatch(/SUCCESS/);
  });

  it('routes every alert to the webhook, resolved ones included', () => {
    expect(alertmanagerConfig({ ...timing, webhookUrl: 'http://127.0.0.1:1234/alerts' })).toEqual({
      route: { receiver: 'webhook', group_by: ['alertname'], group_wait: '1s', group_interval: '1s', repeat_interval: '1h' },
      receivers: [{ name: 'webhook', webhook_configs: [{ url: 'http://127.0.0.1:1234/alerts', send_resolved: true }] }],
    });
  });
});
