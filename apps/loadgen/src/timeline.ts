/** The drill's timeline: what happened, when, relative to the drill's start. */

export interface TimelineEntry {
  /** Seconds since the drill started, to 0.1 s. */
  readonly t: number;
  readonly step: string;
  /** e.g. `start`, `firing`, `in-alertmanager`, `inactive`, `passed`, `failed`. */
  readonly event: string;
  readonly subject?: string;
}

export interface Timeline {
  /** Where `t` counts from. */
  readonly startedAt: Date;
  add(step: string, event: string, subject?: string): TimelineEntry;
  entries(): readonly TimelineEntry[];
}

export function formatEntry(entry: TimelineEntry): string {
  return `t+${entry.t.toFixed(1)}s ${entry.event}${entry.subject === undefined ? '' : ` ${entry.subject}`}`;
}

/** A timeline that also hands each entry to `onEntry` (the CLI prints it as it happens). */
export function createTimeline(onEntry: (entry: TimelineEntry) => void, now: () => number = Date.now): Timeline {
  const started = now();
  const entries: TimelineEntry[] = [];
  return {
    startedAt: new Date(started),
    add(step, event, subject) {
      const entry: TimelineEntry = { t: Math.round((now() - started) / 100) / 10, step, event, ...(subject === undefined ? {} : { subject }) };
      entries.push(entry);
      onEntry(entry);
      return entry;
    },
    entries: () => entries,
  };
}
