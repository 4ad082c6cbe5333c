/**
 * The catalogue against the metric table of the original design (outside this repository),
 * copied here as data: that table is the contract the predictor, the dashboards and the alert
 * rules were built to. A metric added since is listed apart, with where it is documented. The
 * repository's own table is docs/architecture.md's (architecture-doc.test.ts).
 */
import { describe, expect, it } from 'vitest';
import {
  CLIENT_CLOSED_STATUS_CODE,
  DECISIONS,
  ENTITY_KINDS,
  FEATURE_STORE_OPERATIONS,
  FEEDBACK_DECISIONS,
  UNKNOWN_DECISION,
  UNMATCHED_ROUTE,
  catalogue,
} from '../src/index.js';

interface Row {
  readonly name: string;
  readonly type: string;
  readonly labelNames: readonly string[];
}

const row = (name: string, type: string, labelNames: readonly string[] = []): Row => ({ name, type, labelNames });

/** design.md's table, row by row ("gauge = 1" and "gauge 0/1" are gauges). */
const DESIGN_TABLE: readonly Row[] = [
  row('predictor_http_requests_total', 'counter', ['method', 'route', 'status_code']),
  row('predictor_http_request_duration_seconds', 'histogram', ['method', 'route', 'status_code']),
  row('predictor_http_requests_in_flight', 'gauge'),
  row('predictor_predictions_total', 'counter', ['model_version', 'decision']),
  row('predictor_fraud_probability', 'histogram', ['model_version']),
  row('predictor_inference_duration_seconds', 'histogram', ['model_version']),
  row('predictor_feedback_total', 'counter', ['model_version', 'decision', 'label']),
  row('predictor_model_info', 'gauge', ['model_name', 'model_version', 'trained_at']),
  row('predictor_ready', 'gauge'),
  row('predictor_feature_store_entities', 'gauge', ['kind']),
  row('alert_counter', 'gauge'),
  row('predictor_alert_counter_resets_total', 'counter'),
  row('predictor_alert_counter_resets_refused_total', 'counter'),
];

/**
 * Added after the table: score drift (apps/predictor/README.md, "predictor_score_drift_psi"); the
 * shared feature store's call latency and failures (docs/architecture.md's metric catalogue).
 */
const DOCUMENTED_ADDITIONS: readonly Row[] = [
  row('predictor_score_drift_psi', 'gauge', ['model_version']),
  row('predictor_feature_store_duration_seconds', 'histogram', ['operation']),
  row('predictor_feature_store_errors_total', 'counter', ['operation']),
];

const byName = (rows: readonly Row[]) => [...rows].sort((a, b) => a.name.localeCompare(b.name));

describe('the catalogue against design.md', () => {
  it('has every row of the table and the documented additions, nothing else, with their types and labels', () => {
    const actual = Object.values(catalogue).map((def) => row(def.name, def.type, [...def.labelNames]));
    expect(byName(actual)).toEqual(byName([...DESIGN_TABLE, ...DOCUMENTED_ADDITIONS]));
  });

  it('has the bounded label values the table names', () => {
    expect(DECISIONS).toEqual(['fraud', 'legit']);
    expect(ENTITY_KINDS).toEqual(['customer', 'terminal']);
    expect(UNMATCHED_ROUTE).toBe('unmatched');
  });

  it('bounds the feature store metrics\' operation label to the store\'s four calls', () => {
    expect(FEATURE_STORE_OPERATIONS).toEqual(['lookup', 'commit', 'label', 'health']);
  });

  it('adds the feedback decision "unknown" and the status code 499 for aborted requests', () => {
    expect(FEEDBACK_DECISIONS).toEqual([...DECISIONS, UNKNOWN_DECISION]);
    expect(UNKNOWN_DECISION).toBe('unknown');
    expect(CLIENT_CLOSED_STATUS_CODE).toBe('499');
  });
});
