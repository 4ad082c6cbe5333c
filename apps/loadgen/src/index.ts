export { runScenario, type ProgressMode, type RunOptions } from './run.js';
export { runDrill, DRILL_STEPS, REQUIRED_ALERTS, OPTIONAL_ALERTS, type DrillOptions, type DrillReport, type DrillStep } from './drill.js';
export { failureOf, formatSummaryLine, type RunSummary } from './summary.js';
export * from './alerts.js';
export * from './scenarios/index.js';
export { UnreachableError, probeTarget } from './http.js';
export { formatEntry, type TimelineEntry } from './timeline.js';
