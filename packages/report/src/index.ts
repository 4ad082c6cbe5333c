export { REPORT_FILES, startDrillReport } from './drill-report.js';
export type { AlertsMoment, DrillReport, DrillReportOptions, DrillReportSummary } from './drill-report.js';
export { REPORT_PAGE_FILE, writeReportPage } from './report.js';
export type { DrillStep, PanelSummary, ReportPageOptions, ReportSummary } from './report.js';
export { CHROMIUM_ARGS, CHROMIUM_ENV, VIEWPORT, launchBrowser } from './browser.js';
export type { LaunchOptions, PrometheusView, ReportBrowser, ReportPageCheck, Screenshot } from './browser.js';
export { CHART_PANEL_TYPES, DASHBOARD_JSON_PATH, loadDashboard, parseDashboard } from './dashboard.js';
export type { ChartPanel, Dashboard } from './dashboard.js';
export type { AlertBand, AlertState, StepLabel } from './report-data.js';
