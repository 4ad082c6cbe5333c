/**
 * Whether the predictor takes traffic: it is serving (started, not draining) and its feature store
 * answers. /readyz and predictor_ready both read it. The store's health is remembered for a short
 * while, so frequent probes (several per replica) do not each cost a round trip to Redis.
 */
export interface Readiness {
  isReady(): Promise<boolean>;
  markReady(): void;
  /** Shutting down: load balancers should stop sending new requests. */
  markDraining(): void;
}

export interface ReadinessDeps {
  /** Resolves when the feature store can serve, rejects otherwise. */
  readonly storeHealth: () => Promise<void>;
  /** How long a health answer is reused. */
  readonly healthCacheMs: number;
  readonly now?: () => number;
}

export function createReadiness({ storeHealth, healthCacheMs, now = Date.now }: ReadinessDeps): Readiness {
  let serving = false;
  let checked: { readonly at: number; readonly healthy: Promise<boolean> } | undefined;

  const storeHealthy = (): Promise<boolean> => {
    const at = now();
    // One check at a time: concurrent probes share it.
    if (!checked || at - checked.at >= healthCacheMs) {
      checked = {
        at,
        healthy: storeHealth().then(
          () => true,
          () => false,
        ),
      };
    }
    return checked.healthy;
  };

  return {
    isReady: async () => serving && (await storeHealthy()),
    markReady() {
      serving = true;
    },
    markDraining() {
      serving = false;
    },
  };
}
