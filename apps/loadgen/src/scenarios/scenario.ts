/** What every scenario gives the runner: a request stream and a way to read decisions back. */

export interface LoadRequest {
  readonly method: 'GET' | 'POST';
  /** Path and query, relative to the target. */
  readonly path: string;
  /** JSON text for POST requests. */
  readonly body?: string;
}

export type Decision = 'fraud' | 'legit';

export interface Scenario {
  readonly name: string;
  /**
   * Requests that must land before the measured run (e.g. terminal-risk history), sent once, with
   * `headers` (the API key).
   */
  prepare?(target: URL, headers: Readonly<Record<string, string>>): Promise<void>;
  /** The next request; never runs out within a bounded run. */
  next(): LoadRequest;
  /** The model's decision in a response body, when the route answers with one. */
  decisionOf(body: string): Decision | undefined;
  /** A scenario that is a fixed number of requests (reset is one) sets it; others run by duration or amount. */
  readonly defaultAmount?: number;
}
