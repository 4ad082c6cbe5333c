/** Grafana names a query (and its value, `$values.A`) by refId; the SDK leaves them to us: A, B, C… by position. */
export function refIdAt(index: number): string {
  return String.fromCharCode('A'.charCodeAt(0) + index);
}
