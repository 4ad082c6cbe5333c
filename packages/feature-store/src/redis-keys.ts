/**
 * Where the state lives in Redis. Every key of one customer or terminal carries that entity's hash
 * tag ({c:42}, {t:7}), so a Cluster keeps them in one slot and one call can update them together;
 * alert_counter and the entity-count HyperLogLogs share the {shared} tag.
 */
export interface RedisKeys {
  /** A ring of day buckets (transactions, amounts), packed in one string (lua/feature-store.lua). */
  customer(customerId: number): string;
  /** The prediction recorded for a transaction: "<probability>|<f|l>", for the dedup horizon. */
  prediction(customerId: number, transactionId: number): string;
  /** A ring of day buckets (transactions, fraud labels), packed in one string. */
  terminal(terminalId: number): string;
  /** Cluster only: the transaction was counted for its terminal. */
  terminalMarker(terminalId: number, transactionId: number): string;
  /** The label applied for a transaction, for the dedup horizon. */
  label(terminalId: number, transactionId: number): string;
  readonly alertCounter: string;
  /** Cluster only: the transaction's alert_counter change was applied. */
  alertMarker(customerId: number, transactionId: number): string;
  /** HyperLogLog of the customers (terminals) recorded on a wall-clock day. */
  customersSeen(day: number): string;
  terminalsSeen(day: number): string;
}

export function redisKeys(prefix: string): RedisKeys {
  return {
    customer: (id) => `${prefix}{c:${id}}`,
    prediction: (customerId, txId) => `${prefix}{c:${customerId}}:tx:${txId}`,
    terminal: (id) => `${prefix}{t:${id}}`,
    terminalMarker: (terminalId, txId) => `${prefix}{t:${terminalId}}:tx:${txId}`,
    label: (terminalId, txId) => `${prefix}{t:${terminalId}}:label:${txId}`,
    alertCounter: `${prefix}{shared}:alert_counter`,
    alertMarker: (customerId, txId) => `${prefix}{shared}:tx:${customerId}:${txId}`,
    customersSeen: (day) => `${prefix}{shared}:customers:${day}`,
    terminalsSeen: (day) => `${prefix}{shared}:terminals:${day}`,
  };
}
