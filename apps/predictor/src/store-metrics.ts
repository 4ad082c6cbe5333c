/**
 * The feature store as the predictor uses it: each call timed in
 * predictor_feature_store_duration_seconds and each failure (down, timed out) counted in
 * predictor_feature_store_errors_total, by operation.
 */
import type { OnlineStore } from '@fraudwatch/feature-store';
import type { FeatureStoreOperation } from '@fraudwatch/metrics';
import type { Metrics } from './metrics.js';

export function instrumentStore(store: OnlineStore, metrics: Pick<Metrics, 'featureStoreDuration' | 'featureStoreErrors'>): OnlineStore {
  async function timed<T>(operation: FeatureStoreOperation, call: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      return await call();
    } catch (error) {
      metrics.featureStoreErrors.inc(operation);
      throw error;
    } finally {
      metrics.featureStoreDuration.observe(operation, (performance.now() - started) / 1000);
    }
  }
  return {
    ...store,
    lookup: (txs) => timed('lookup', () => store.lookup(txs)),
    commit: (scored) => timed('commit', () => store.commit(scored)),
    applyLabels: (labels) => timed('label', () => store.applyLabels(labels)),
    health: () => timed('health', () => store.health()),
  };
}
