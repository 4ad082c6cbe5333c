/** What every panel shares: the datasource variable, targets with refIds, and the panel kinds used. */
import * as common from '@grafana/grafana-foundation-sdk/common';
import { ThresholdsConfigBuilder, ThresholdsMode } from '@grafana/grafana-foundation-sdk/dashboard';
import * as heatmap from '@grafana/grafana-foundation-sdk/heatmap';
import { DataqueryBuilder, PromQueryFormat } from '@grafana/grafana-foundation-sdk/prometheus';
import * as stat from '@grafana/grafana-foundation-sdk/stat';
import * as timeseries from '@grafana/grafana-foundation-sdk/timeseries';
import type { MonitoringConfig } from '../config.js';
import type { Queries } from '../queries.js';
import { refIdAt } from '../ref-id.js';

export const DATASOURCE_VARIABLE = 'datasource';
export const DATASOURCE = { type: 'prometheus', uid: `\${${DATASOURCE_VARIABLE}}` };

/** Units by Grafana's ids. */
export const UNIT = {
  seconds: 's',
  reqps: 'reqps',
  percentunit: 'percentunit',
  bytes: 'bytes',
  short: 'short',
  ops: 'ops',
} as const;

export interface PanelContext {
  readonly q: Queries;
  /** The range-vector window panels use (Grafana's `$__rate_interval`). */
  readonly window: string;
  readonly cfg: MonitoringConfig;
  /** The availability SLO's 5xx share over one of its recorded windows (`DASHBOARD_ERROR_WINDOWS`). */
  readonly sloErrorRatio: (window: string) => string;
}

export interface Target {
  readonly expr: string;
  readonly legend?: string;
  readonly format?: PromQueryFormat;
}

/** Prometheus targets with refIds A, B, C… in order (the SDK leaves refIds to us). */
export function promTargets(targets: readonly Target[]): DataqueryBuilder[] {
  return targets.map((t, i) => {
    const query = new DataqueryBuilder()
      .refId(refIdAt(i))
      .datasource(DATASOURCE)
      .expr(t.expr)
      .legendFormat(t.legend ?? '__auto');
    return t.format ? query.format(t.format) : query;
  });
}

export interface PanelSpec {
  readonly title: string;
  readonly description: string;
  readonly unit: string;
  readonly width: number;
  readonly height?: number;
  readonly targets: readonly Target[];
}

const DEFAULT_HEIGHT = 8;

/**
 * Green below the threshold, red from it: how the alert_counter panels show the seed's 5. With
 * `watchFrom`, orange between it and the threshold.
 */
export function alertThreshold(threshold: number, watchFrom?: number): ThresholdsConfigBuilder {
  return new ThresholdsConfigBuilder().mode(ThresholdsMode.Absolute).steps([
    { value: null, color: 'green' },
    ...(watchFrom === undefined ? [] : [{ value: watchFrom, color: 'orange' }]),
    { value: threshold, color: 'red' },
  ]);
}

/** The methods every SDK panel builder has; the panel kinds differ only in what follows. */
interface PanelBasics {
  title(title: string): this;
  description(description: string): this;
  datasource(datasource: typeof DATASOURCE): this;
  unit(unit: string): this;
  span(width: number): this;
  height(height: number): this;
  targets(targets: DataqueryBuilder[]): this;
}

function basics<B extends PanelBasics>(builder: B, spec: PanelSpec, height: number): B {
  return builder
    .title(spec.title)
    .description(spec.description)
    .datasource(DATASOURCE)
    .unit(spec.unit)
    .span(spec.width)
    .height(spec.height ?? height)
    .targets(promTargets(spec.targets));
}

export function timeseriesPanel(spec: PanelSpec): timeseries.PanelBuilder {
  return basics(new timeseries.PanelBuilder(), spec, DEFAULT_HEIGHT)
    .lineWidth(1)
    .fillOpacity(10)
    .legend(
      new common.VizLegendOptionsBuilder()
        .showLegend(true)
        .displayMode(common.LegendDisplayMode.List)
        .placement(common.LegendPlacement.Bottom),
    );
}

const STAT_HEIGHT = 4;

export function statPanel(spec: PanelSpec): stat.PanelBuilder {
  return basics(new stat.PanelBuilder(), spec, STAT_HEIGHT)
    .graphMode(common.BigValueGraphMode.Area)
    .reduceOptions(new common.ReduceDataOptionsBuilder().calcs(['lastNotNull']).values(false));
}

/** A histogram's buckets over time; Prometheus already did the bucketing (`le`). */
export function heatmapPanel(spec: PanelSpec & { readonly yUnit: string }): heatmap.PanelBuilder {
  const targets = spec.targets.map((t) => ({ ...t, legend: '{{le}}', format: PromQueryFormat.Heatmap }));
  return basics(new heatmap.PanelBuilder(), { ...spec, targets }, DEFAULT_HEIGHT)
    .calculate(false)
    .rowsFrame(new heatmap.RowsHeatmapOptionsBuilder().layout(common.HeatmapCellLayout.Le))
    .yAxis(new heatmap.YAxisConfigBuilder().unit(spec.yUnit))
    .color(new heatmap.HeatmapColorOptionsBuilder().mode(heatmap.HeatmapColorMode.Scheme).scheme('Oranges'))
    .showValue(common.VisibilityMode.Never);
}
