import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startAlertmanager } from './alertmanager.js';
import { freePort } from './ports.js';
import { createPrometheusApi, type PrometheusApi } from './prometheus-api.js';
import { startPrometheus } from './prometheus.js';
import type { ManagedProcess } from './process.js';

export interface StackOptions {
  /** `host:port` of each predictor to scrape. */
  readonly targets: readonly string[];
  /** Prometheus rule files (e.g. the generated fast profile). */
  readonly rulesFiles: readonly string[];
  /** The caller's webhook receiver; Alertmanager sends firing and resolved notifications there. */
  readonly webhookUrl?: string;
  /** The scrape job's name: the one the caller's rules and dashboards select on. */
  readonly jobName: string;
  readonly metricsPath?: string;
  readonly scrapeInterval?: string;
  readonly evaluationInterval?: string;
  readonly groupWait?: string;
  readonly groupInterval?: string;
  readonly repeatInterval?: string;
  /** Wait until every target is scraped successfully before resolving (default true). */
  readonly awaitTargets?: boolean;
  readonly readyTimeoutMs?: number;
  readonly prometheusBinary?: string;
  readonly alertmanagerBinary?: string;
  /** Echo both servers' output to this stream as it comes. */
  readonly echo?: NodeJS.WritableStream;
}

export interface Stack {
  readonly prometheusUrl: string;
  readonly alertmanagerUrl: string;
  /** The temp dir holding both configs and data; removed by stop(). */
  readonly dir: string;
  readonly prometheus: ManagedProcess;
  readonly alertmanager: ManagedProcess;
  readonly api: PrometheusApi;
  /** Both servers' recent output, for failure messages. */
  logs(): string;
  /** Kills both servers and removes the temp dir. Safe to call twice. */
  stop(): Promise<void>;
}

const DEFAULTS = {
  metricsPath: '/metrics',
  scrapeInterval: '1s',
  evaluationInterval: '1s',
  groupWait: '1s',
  groupInterval: '1s',
  // Long: a local run wants one firing and one resolved notification, not reminders.
  repeatInterval: '1h',
  readyTimeoutMs: 30_000,
  prometheusBinary: 'prometheus',
  alertmanagerBinary: 'prometheus-alertmanager',
} as const;

/** Starts Alertmanager and then Prometheus (which notifies it) on free 127.0.0.1 ports in a temp dir. */
export async function startStack(options: StackOptions): Promise<Stack> {
  const o = { ...DEFAULTS, ...options };
  const dir = await mkdtemp(join(tmpdir(), 'fraudwatch-stack-'));
  const started: ManagedProcess[] = [];
  const stopAll = async (): Promise<void> => {
    await Promise.all(started.map((p) => p.stop()));
    await rm(dir, { recursive: true, force: true });
  };
  const echo = o.echo ? { echo: o.echo } : {};

  try {
    const alertmanager = await startAlertmanager({
      binary: o.alertmanagerBinary,
      dir,
      port: await freePort(),
      readyTimeoutMs: o.readyTimeoutMs,
      groupWait: o.groupWait,
      groupInterval: o.groupInterval,
      repeatInterval: o.repeatInterval,
      ...(o.webhookUrl ? { webhookUrl: o.webhookUrl } : {}),
      ...echo,
    });
    started.push(alertmanager.process);
    const prometheus = await startPrometheus({
      binary: o.prometheusBinary,
      dir,
      port: await freePort(),
      readyTimeoutMs: o.readyTimeoutMs,
      jobName: o.jobName,
      targets: o.targets,
      metricsPath: o.metricsPath,
      scrapeInterval: o.scrapeInterval,
      evaluationInterval: o.evaluationInterval,
      ruleFiles: o.rulesFiles.map((file) => resolve(file)),
      alertmanager: new URL(alertmanager.url).host,
      ...echo,
    });
    started.push(prometheus.process);
    const logs = (): string => started.map((p) => `--- ${p.name} ---\n${p.logs()}`).join('\n');
    const api = createPrometheusApi(prometheus.url);
    if (o.awaitTargets !== false) {
      await api.waitForTargetsUp(o.readyTimeoutMs).catch((error: Error) => {
        throw new Error(`${error.message}\n${logs()}`);
      });
    }
    return {
      prometheusUrl: prometheus.url,
      alertmanagerUrl: alertmanager.url,
      dir,
      prometheus: prometheus.process,
      alertmanager: alertmanager.process,
      api,
      logs,
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
