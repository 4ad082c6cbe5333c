import { join } from 'node:path';
import { startDaemon, type DaemonOptions, type RunningDaemon } from './daemon.js';

export interface PrometheusConfigOptions {
  /** The scrape job name; alert rules and dashboards select on it. */
  readonly jobName: string;
  /** `host:port` of each instance to scrape. */
  readonly targets: readonly string[];
  readonly metricsPath: string;
  /** Prometheus durations, e.g. "1s". */
  readonly scrapeInterval: string;
  readonly evaluationInterval: string;
  /** Absolute paths of rule files to load. */
  readonly ruleFiles: readonly string[];
  /** `host:port` of the Alertmanager to notify, if any. */
  readonly alertmanager?: string;
}

/** prometheus.yml as an object: one static scrape job, the rule files, the Alertmanager. */
export function prometheusConfig(options: PrometheusConfigOptions): Record<string, unknown> {
  return {
    global: {
      scrape_interval: options.scrapeInterval,
      // Prometheus rejects a scrape timeout above the interval (its default is 10s).
      scrape_timeout: options.scrapeInterval,
      evaluation_interval: options.evaluationInterval,
    },
    rule_files: [...options.ruleFiles],
    ...(options.alertmanager
      ? { alerting: { alertmanagers: [{ static_configs: [{ targets: [options.alertmanager] }] }] } }
      : {}),
    scrape_configs: [
      {
        job_name: options.jobName,
        metrics_path: options.metricsPath,
        static_configs: [{ targets: [...options.targets] }],
      },
    ],
  };
}

export async function startPrometheus(options: PrometheusConfigOptions & DaemonOptions): Promise<RunningDaemon> {
  return startDaemon(options, {
    name: 'prometheus',
    config: prometheusConfig(options),
    flags: [
      `--storage.tsdb.path=${join(options.dir, 'tsdb')}`,
      // Firing alerts are re-sent to Alertmanager at this pace (default 1m): keep it near the
      // evaluation interval so a short local run sees notifications promptly.
      `--rules.alert.resend-delay=${options.evaluationInterval}`,
    ],
  });
}
