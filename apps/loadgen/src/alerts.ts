/**
 * Deciding from the alert state Prometheus and Alertmanager report whether a drill step's
 * expectation holds. Pure functions of what the API clients (@fraudwatch/stack) read, so the
 * drill's logic is testable on its own.
 */
import type { AlertState } from '@fraudwatch/stack';

/** What the drill sees at one instant. Alertmanager is undefined when the drill does not watch it. */
export interface AlertObservation {
  readonly prometheus: ReadonlyMap<string, AlertState>;
  readonly alertmanager?: ReadonlySet<string>;
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
