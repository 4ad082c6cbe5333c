/** What the report page carries inline as JSON: the node side writes it, the page's script draws it. */

/** Unix seconds. */
export type Seconds = number;

export type AlertState = 'pending' | 'firing' | 'resolved';

/** One stretch of an alert's state, as Prometheus' `ALERTS` series recorded it. */
export interface AlertBand {
  readonly alert: string;
  readonly state: AlertState;
  readonly from: Seconds;
  readonly to: Seconds;
}

/** A drill step, drawn as a mark at the time it began. */
export interface StepMark {
  readonly name: string;
  readonly at: Seconds;
}

export interface SeriesData {
  readonly name: string;
  /** One value per timestamp of `ReportData.xs`; null where Prometheus had no (finite) value. */
  readonly values: readonly (number | null)[];
}

/** Where and how a panel is drawn, as the dashboard says. */
export interface PanelLayout {
  readonly id: number;
  readonly type: 'timeseries' | 'stat';
  readonly title: string;
  /** The row the panel sits in (empty before the first row). */
  readonly row: string;
  /** Width in Grafana's 24-column grid, and height in grid units. */
  readonly width: number;
  readonly height: number;
  /** Grafana's unit id (`s`, `reqps`, `percentunit`, `bytes`, `short`, …). */
  readonly unit: string;
  /** Threshold values (the base step, which has no value, left out). */
  readonly thresholds: readonly number[];
}

export interface PanelData extends PanelLayout {
  /** Series with at least one value: what the page draws. */
  readonly series: readonly SeriesData[];
  /** Prometheus' error text, per query that failed. */
  readonly errors: readonly string[];
  /** The alerts whose state bands this panel shows (the alerts watching what it plots). */
  readonly alerts: readonly string[];
}

export interface ReportData {
  readonly title: string;
  readonly dashboardTitle: string;
  readonly prometheusUrl: string;
  readonly start: Seconds;
  readonly end: Seconds;
  readonly step: Seconds;
  readonly xs: readonly Seconds[];
  readonly steps: readonly StepMark[];
  readonly alertBands: readonly AlertBand[];
  readonly panels: readonly PanelData[];
  /** Dashboard panels of kinds the report does not draw (heatmaps). */
  readonly skipped: readonly { readonly id: number; readonly type: string; readonly title: string }[];
}

/**
 * Where the page drew a drill step's label above a time series (CSS pixels; row 0 is the one next
 * to the plot), in the panel's `data-step-labels` attribute as JSON, for the page's checks.
 */
export interface StepLabel {
  readonly name: string;
  readonly left: number;
  readonly right: number;
  readonly row: number;
}

/**
 * The body attribute the page's script sets once every chart is drawn (the script cannot import
 * this: it is inlined, so it spells it too).
 */
export const RENDERED_SELECTOR = 'body[data-rendered="true"]';
