/** Whether the predictor takes traffic: /readyz and predictor_ready both read it. */
import type { Gauge } from 'prom-client';

export interface Readiness {
  isReady(): boolean;
  markReady(): void;
  /** Shutting down: load balancers should stop sending new requests. */
  markDraining(): void;
}

export function createReadiness(gauge: Gauge): Readiness {
  let ready = false;
  gauge.set(0);
  return {
    isReady: () => ready,
    markReady() {
      ready = true;
      gauge.set(1);
    },
    markDraining() {
      ready = false;
      gauge.set(0);
    },
  };
}
