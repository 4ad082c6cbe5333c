/** Requests and response readings shared by the scenarios that score transactions. */
import { toTransactionInput, type Transaction } from '@fraudwatch/model';
import type { Decision, LoadRequest } from './scenario.js';

export function predictRequest(tx: Transaction): LoadRequest {
  return { method: 'POST', path: '/v1/predict', body: JSON.stringify(toTransactionInput(tx)) };
}

function parseObject(body: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(body);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** `POST /v1/predict` answers `{is_fraud: boolean, …}`. */
export function predictionDecision(body: string): Decision | undefined {
  const isFraud = parseObject(body)?.is_fraud;
  return typeof isFraud === 'boolean' ? (isFraud ? 'fraud' : 'legit') : undefined;
}

/** The legacy `GET /predict` answers `{"pred": 0|1}`. */
export function legacyDecision(body: string): Decision | undefined {
  const pred = parseObject(body)?.pred;
  return pred === 1 ? 'fraud' : pred === 0 ? 'legit' : undefined;
}
