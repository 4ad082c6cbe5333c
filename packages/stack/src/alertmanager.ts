import { join } from 'node:path';
import { startDaemon, type DaemonOptions, type RunningDaemon } from './daemon.js';

export interface AlertmanagerConfigOptions {
  /** Where notifications go (firing and resolved); without it they are dropped. */
  readonly webhookUrl?: string;
  /** Alertmanager durations. Short values suit a local run; an alert resolving before groupWait is never sent. */
  readonly groupWait: string;
  readonly groupInterval: string;
  readonly repeatInterval: string;
}

const WEBHOOK_RECEIVER = 'webhook';
const NULL_RECEIVER = 'null';

/** alertmanager.yml as an object: every alert, grouped by name, to one webhook. */
export function alertmanagerConfig(options: AlertmanagerConfigOptions): Record<string, unknown> {
  const receiver = options.webhookUrl
    ? { name: WEBHOOK_RECEIVER, webhook_configs: [{ url: options.webhookUrl, send_resolved: true }] }
    : { name: NULL_RECEIVER };
  return {
    route: {
      receiver: receiver.name,
      group_by: ['alertname'],
      group_wait: options.groupWait,
      group_interval: options.groupInterval,
      repeat_interval: options.repeatInterval,
    },
    receivers: [receiver],
  };
}

export async function startAlertmanager(options: AlertmanagerConfigOptions & DaemonOptions): Promise<RunningDaemon> {
  const flags = [
    `--storage.path=${join(options.dir, 'alertmanager')}`,
    // Empty: no HA gossip, so no extra port and no cluster settle delay.
    '--cluster.listen-address=',
  ];
  return startDaemon(options, { name: 'alertmanager', config: alertmanagerConfig(options), flags });
}
