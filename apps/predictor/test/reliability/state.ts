/**
 * What a rejected request must leave alone: alert_counter, its resets (done and refused), the
 * prediction and feedback counters, and the feature state. Read from the exposition (the metric
 * names come from the catalogue; on the operations port when there is one) and from the store.
 */
import { catalogue } from '@fraudwatch/metrics';
import { sumOf, valueOf } from '@fraudwatch/metrics/testing';
import { scrape, type TestPredictor } from '../helpers.js';

export interface ObservableState {
  readonly alertCounter: number;
  readonly alertCounterResets: number;
  readonly alertCounterResetsRefused: number;
  readonly predictions: number;
  readonly feedback: number;
  readonly customers: number;
  readonly terminals: number;
}

export async function observableState(p: TestPredictor): Promise<ObservableState> {
  const exposition = await scrape(p.operationsUrl ?? p.url);
  const { customers, terminals } = await p.store.entityCounts();
  return {
    alertCounter: valueOf(exposition, catalogue.alertCounter.name),
    alertCounterResets: valueOf(exposition, catalogue.alertCounterResets.name),
    alertCounterResetsRefused: valueOf(exposition, catalogue.alertCounterResetsRefused.name),
    predictions: sumOf(exposition, catalogue.predictions.name),
    feedback: sumOf(exposition, catalogue.feedback.name),
    customers,
    terminals,
  };
}
