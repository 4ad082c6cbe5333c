/** Every alert of the design, for one profile. */
import { monitoringConfig, type MonitoringConfig, type ProfileName } from '../config.js';
import { predictorQueries } from '../queries.js';
import { featureStoreUnavailable, predictorDown, predictorNotReady } from './availability.js';
import { alertCounterHigh, fraudRateSpike, modelScoreDrift } from './model.js';
import { errorBudgetBurn, predictorLatencyHigh } from './performance.js';
import { availabilitySlo } from '../slo.js';
import type { AlertDefinition } from './types.js';

export * from './types.js';

/** Alerts keep `job` (and, where per instance, `instance`) so that they name their target. */
function alertQueries(cfg: MonitoringConfig) {
  return predictorQueries({ selector: cfg.selector, keep: ['job'], zeroWhenAbsent: false });
}

export function alertDefinitions(profile: ProfileName): AlertDefinition[] {
  const cfg = monitoringConfig(profile);
  const q = alertQueries(cfg);
  return [
    alertCounterHigh(cfg, q),
    fraudRateSpike(cfg, q),
    modelScoreDrift(cfg, q),
    predictorDown(cfg, q),
    predictorNotReady(cfg, q),
    predictorLatencyHigh(cfg, q),
    errorBudgetBurn(cfg, availabilitySlo(cfg)),
    featureStoreUnavailable(cfg, q),
  ];
}

/** Runbook links are added in one place: one README section per alert. */
export function runbookUrl(cfg: MonitoringConfig, alert: Pick<AlertDefinition, 'name'>): string {
  return `${cfg.runbookBaseUrl}#${alert.name.toLowerCase()}`;
}
