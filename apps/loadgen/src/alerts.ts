/**
 * Reading alert state out of Prometheus (`/api/v1/rules`, `/api/v1/alerts`) and Alertmanager
 * (`/api/v2/alerts`) answers, and deciding from it whether a drill step's expectation holds.
 * Pure functions of the decoded JSON, so the drill's logic is testable on recorded answers.
 */

type PrometheusAlertState = 'pending' | 'firing';

/** What the drill sees at one instant. Alertmanager is undefined when the drill does not watch it. */
export interface AlertObservation {
  readonly prometheus: ReadonlyMap<string, PrometheusAlertState>;
  readonly alertmanager?: ReadonlySet<string>;
}

export class UnexpectedAnswerError extends Error {
  constructor(source: string, detail: string) {
    super(`${source} answered in an unexpected shape: ${detail}`);
    this.name = 'UnexpectedAnswerError';
  }
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function successData(answer: unknown, source: string): Record<string, unknown> {
  const body = record(answer);
  const data = record(body?.data);
  if (body?.status !== 'success' || data === undefined) throw new UnexpectedAnswerError(source, 'no {status: "success", data}');
  return data;
}

/** Names of the alerting rules Prometheus has loaded (`/api/v1/rules`). */
export function loadedAlertNames(answer: unknown): Set<string> {
  const data = successData(answer, 'Prometheus /api/v1/rules');
  if (!Array.isArray(data.groups)) throw new UnexpectedAnswerError('Prometheus /api/v1/rules', 'no data.groups array');
  const names = new Set<string>();
  for (const group of data.groups) {
    const rules = record(group)?.rules;
    if (!Array.isArray(rules)) continue;
    for (const rule of rules) {
      const r = record(rule);
      if (r?.type === 'alerting' && typeof r.name === 'string') names.add(r.name);
    }
  }
  return names;
}

/** Alert name → state from `/api/v1/alerts`; with several series of one alert, firing wins. */
export function prometheusAlertStates(answer: unknown): Map<string, PrometheusAlertState> {
  const data = successData(answer, 'Prometheus /api/v1/alerts');
  if (!Array.isArray(data.alerts)) throw new UnexpectedAnswerError('Prometheus /api/v1/alerts', 'no data.alerts array');
  const states = new Map<string, PrometheusAlertState>();
  for (const alert of data.alerts) {
    const a = record(alert);
    const name = record(a?.labels)?.alertname;
    if (typeof name !== 'string' || (a?.state !== 'pending' && a?.state !== 'firing')) continue;
    if (states.get(name) !== 'firing') states.set(name, a.state);
  }
  return states;
}

/** Names of the alerts Alertmanager holds (`/api/v2/alerts` lists only unresolved ones). */
export function alertmanagerAlertNames(answer: unknown): Set<string> {
  if (!Array.isArray(answer)) throw new UnexpectedAnswerError('Alertmanager /api/v2/alerts', 'not an array');
  const names = new Set<string>();
  for (const alert of answer) {
    const name = record(record(alert)?.labels)?.alertname;
    if (typeof name === 'string') names.add(name);
  }
  return names;
}

interface ExpectedAlerts {
  readonly expected: readonly string[];
  /** Required alerts the loaded rules lack. */
  readonly missing: readonly string[];
}

/** The required alerts, plus each optional one the loaded rules define. */
export function expectedAlerts(loaded: ReadonlySet<string>, required: readonly string[], optional: readonly string[]): ExpectedAlerts {
  return {
    expected: [...required, ...optional.filter((name) => loaded.has(name))],
    missing: required.filter((name) => !loaded.has(name)),
  };
}

/** Every expected alert is firing in Prometheus and, when watched, present in Alertmanager. */
export function allFiring(expected: readonly string[], observation: AlertObservation): boolean {
  return expected.every(
    (name) => observation.prometheus.get(name) === 'firing' && (observation.alertmanager?.has(name) ?? true),
  );
}

/** No expected alert is firing in Prometheus nor, when watched, present in Alertmanager. */
export function allResolved(expected: readonly string[], observation: AlertObservation): boolean {
  return expected.every(
    (name) => observation.prometheus.get(name) !== 'firing' && !(observation.alertmanager?.has(name) ?? false),
  );
}

/** The per-alert state a timeline reports: Prometheus state, then whether Alertmanager holds it. */
function describe(name: string, observation: AlertObservation): string[] {
  const events: string[] = [];
  events.push(observation.prometheus.get(name) ?? 'inactive');
  if (observation.alertmanager !== undefined) events.push(observation.alertmanager.has(name) ? 'in-alertmanager' : 'not-in-alertmanager');
  return events;
}

interface AlertChange {
  readonly alert: string;
  /** e.g. `pending`, `firing`, `inactive`, `in-alertmanager`, `not-in-alertmanager`. */
  readonly event: string;
}

/** The changes between two observations of the expected alerts, for the timeline. */
export function alertChanges(expected: readonly string[], before: AlertObservation | undefined, after: AlertObservation): AlertChange[] {
  const changes: AlertChange[] = [];
  for (const alert of expected) {
    const was = before === undefined ? [] : describe(alert, before);
    describe(alert, after).forEach((event, i) => {
      if (was[i] !== event) changes.push({ alert, event });
    });
  }
  return changes;
}
