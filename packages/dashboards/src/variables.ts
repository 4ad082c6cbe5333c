/** The dashboard's variables: which Prometheus, which job, which instances. */
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { catalogue } from '@fraudwatch/metrics';
import { PREDICTOR_JOB } from './config.js';
import { DATASOURCE, DATASOURCE_VARIABLE } from './panels/common.js';

export const JOB_VARIABLE = 'job';
export const INSTANCE_VARIABLE = 'instance';

/** Label matchers of series that keep only the job, as the SLO's recorded ratios do. */
export const JOB_SELECTOR = `job=~"$${JOB_VARIABLE}"`;
/** Label matchers every other panel query uses. */
export const PANEL_SELECTOR = `${JOB_SELECTOR}, instance=~"$${INSTANCE_VARIABLE}"`;

/** Every predictor exposes its model info, so its series list the predictor's jobs and instances. */
function labelValues(label: string, selector = ''): string {
  return `label_values(${catalogue.modelInfo.name}${selector}, ${label})`;
}

export function datasourceVariable() {
  return new dashboard.DatasourceVariableBuilder(DATASOURCE_VARIABLE).label('Data source').type('prometheus');
}

export function jobVariable() {
  const query = labelValues('job');
  return new dashboard.QueryVariableBuilder(JOB_VARIABLE)
    .label('Job')
    .datasource(DATASOURCE)
    .query(query)
    .definition(query)
    .current({ text: PREDICTOR_JOB, value: PREDICTOR_JOB })
    .refresh(dashboard.VariableRefresh.OnTimeRangeChanged)
    .sort(dashboard.VariableSort.AlphabeticalAsc);
}

export function instanceVariable() {
  const query = labelValues('instance', `{job=~"$${JOB_VARIABLE}"}`);
  return new dashboard.QueryVariableBuilder(INSTANCE_VARIABLE)
    .label('Instance')
    .datasource(DATASOURCE)
    .query(query)
    .definition(query)
    .multi(true)
    .includeAll(true)
    .allValue('.*')
    .current({ text: 'All', value: '$__all' })
    .refresh(dashboard.VariableRefresh.OnTimeRangeChanged)
    .sort(dashboard.VariableSort.AlphabeticalAsc);
}

/** Grafana's macros and our variables, as a Prometheus would need them filled in. */
export interface VariableValues {
  readonly job: string;
  readonly instance: string;
  /** For `$__rate_interval`, `$__interval` and `$__range`. */
  readonly rateInterval: string;
  readonly range: string;
}

export const DEFAULT_VARIABLE_VALUES: VariableValues = {
  job: PREDICTOR_JOB,
  instance: '.*',
  rateInterval: '1m',
  range: '1h',
};

/** A panel query as Grafana would send it to Prometheus: the macros replaced by values. */
export function interpolate(expr: string, values: VariableValues = DEFAULT_VARIABLE_VALUES): string {
  return expr
    .replaceAll('$__rate_interval', values.rateInterval)
    .replaceAll('$__interval', values.rateInterval)
    .replaceAll('$__range', values.range)
    .replaceAll(`$${INSTANCE_VARIABLE}`, values.instance)
    .replaceAll(`$${JOB_VARIABLE}`, values.job);
}
