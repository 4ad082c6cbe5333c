/**
 * The real predictor with API keys on: its protected routes, each with a valid request, and a
 * predictor started over a keys file of test keys.
 */
import type { Logger } from 'pino';
import { startPredictor, transaction, type TestPredictor, type TestPredictorOptions } from '../helpers.js';
import { keysDir, testKey, type KeysDir, type TestKey } from './keys.js';
import type { ProtectedRoute } from './route-matrix.js';

const legacyQuery = (terminalId: number) =>
  `tranaction_id=${String(transaction().transaction_id)}&tx_datetime=2026-04-01+12:30:00&customer_id=42&terminal_id=${terminalId}&tx_amount=20`;

/** Every route that needs a role, with a valid request for it. */
export const PROTECTED_ROUTES: readonly ProtectedRoute[] = [
  { method: 'POST', path: '/v1/predict', role: 'score', body: () => transaction(), okStatus: 200 },
  { method: 'POST', path: '/v1/predict/batch', role: 'score', body: () => ({ transactions: [transaction(), transaction()] }), okStatus: 200 },
  { method: 'GET', path: `/predict?${legacyQuery(7)}`, role: 'score', okStatus: 200 },
  {
    method: 'POST',
    path: '/v1/feedback',
    role: 'feedback',
    body: () => {
      const { transaction_id, customer_id, terminal_id, tx_datetime } = transaction();
      return { transaction_id, customer_id, terminal_id, tx_datetime, is_fraud: true };
    },
    okStatus: 202,
  },
];

/** The keys most tests need: one per role, and one for the drill that may also reset. */
export const scorer = testKey('payments', ['score']);
export const labeller = testKey('case-review', ['feedback']);
export const resetter = testKey('ops-drill', ['score', 'alert-reset']);
export const KEYS: readonly TestKey[] = [scorer, labeller, resetter];

export interface KeyedPredictor {
  readonly predictor: TestPredictor;
  readonly keys: KeysDir;
  close(): Promise<void>;
}

export async function startKeyedPredictor(
  keys: readonly TestKey[] = KEYS,
  options: { readonly env?: Record<string, string>; readonly logger?: Logger } & Pick<TestPredictorOptions, 'model'> = {},
): Promise<KeyedPredictor> {
  const dir = keysDir(keys);
  const predictor = await startPredictor({ ...options, env: { ...options.env, API_KEYS_FILE: dir.path } });
  return {
    predictor,
    keys: dir,
    close: async () => {
      await predictor.close();
      dir.remove();
    },
  };
}
