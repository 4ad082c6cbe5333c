/** The predictor's dashboard: rows of panels, each panel one function in panels/. */
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import type * as cog from '@grafana/grafana-foundation-sdk/cog';
import { monitoringConfig } from './config.js';
import { predictorQueries } from './queries.js';
import type { PanelContext } from './panels/common.js';
import { alertCounterPanel, alertCounterResetsPanel } from './panels/alerts.js';
import { latencyByRoutePanel, latencyHeatmapPanel, latencyQuantilesPanel } from './panels/latency.js';
import {
  featureStoreEntitiesPanel,
  featureStoreErrorsPanel,
  featureStoreFailedSharePanel,
  featureStoreLatencyPanel,
} from './panels/feature-store.js';
import {
  decisionsPanel,
  fraudRatePanel,
  inferenceLatencyPanel,
  livePrecisionRecallPanel,
  probabilityDistributionPanel,
  scoreDriftPanel,
} from './panels/model.js';
import {
  alertCounterStat,
  errorRatioStat,
  latencyP99Stat,
  modelVersionStat,
  readyReplicasStat,
  requestRateStat,
} from './panels/overview.js';
import { cpuPanel, eventLoopLagPanel, garbageCollectionPanel, memoryPanel } from './panels/runtime.js';
import { errorRatiosPanel, inFlightPanel, requestsByRoutePanel, requestsByStatusPanel } from './panels/traffic.js';
import { availabilitySlo, recordedErrorRatio } from './slo.js';
import { JOB_SELECTOR, PANEL_SELECTOR, datasourceVariable, instanceVariable, jobVariable } from './variables.js';

export const DASHBOARD_UID = 'fraudwatch-predictor';
export const DASHBOARD_TITLE = 'FraudWatch predictor';

type PanelFactory = (ctx: PanelContext) => cog.Builder<dashboard.Panel> & { id(id: number): unknown };

/** The layout: row titles and their panels, left to right. */
const ROWS: readonly (readonly [string, readonly PanelFactory[]])[] = [
  ['Overview', [requestRateStat, errorRatioStat, latencyP99Stat, alertCounterStat, modelVersionStat, readyReplicasStat]],
  ['Traffic and errors', [requestsByRoutePanel, requestsByStatusPanel, errorRatiosPanel, inFlightPanel]],
  ['Latency', [latencyQuantilesPanel, latencyByRoutePanel, latencyHeatmapPanel]],
  [
    'Model',
    [
      decisionsPanel,
      fraudRatePanel,
      probabilityDistributionPanel,
      inferenceLatencyPanel,
      livePrecisionRecallPanel,
      scoreDriftPanel,
    ],
  ],
  [
    'Feature store',
    [featureStoreLatencyPanel, featureStoreErrorsPanel, featureStoreFailedSharePanel, featureStoreEntitiesPanel],
  ],
  ['Alerts', [alertCounterPanel, alertCounterResetsPanel]],
  ['Runtime', [eventLoopLagPanel, memoryPanel, cpuPanel, garbageCollectionPanel]],
];

function panelContext(): PanelContext {
  const cfg = monitoringConfig('default');
  const slo = availabilitySlo(cfg);
  return {
    cfg,
    q: predictorQueries({ selector: PANEL_SELECTOR, keep: [], zeroWhenAbsent: true }),
    window: '$__rate_interval',
    sloErrorRatio: (window) => recordedErrorRatio(slo, window, JOB_SELECTOR),
  };
}

export function buildDashboard(): dashboard.Dashboard {
  const ctx = panelContext();
  const builder = new dashboard.DashboardBuilder(DASHBOARD_TITLE)
    .uid(DASHBOARD_UID)
    .description('The FraudWatch predictor: traffic, latency, model decisions and quality, the feature store, alerts, runtime.')
    .tags(['fraudwatch', 'predictor'])
    .editable()
    .tooltip(dashboard.DashboardCursorSync.Crosshair)
    .refresh('30s')
    .time({ from: 'now-1h', to: 'now' })
    .timezone('browser')
    .variables([datasourceVariable(), jobVariable(), instanceVariable()]);

  let id = 0;
  for (const [title, panels] of ROWS) {
    builder.withRow(new dashboard.RowBuilder(title).id(++id));
    for (const panel of panels) {
      const p = panel(ctx);
      p.id(++id);
      builder.withPanel(p);
    }
  }
  // The SDK's builders leave marker methods on targets; JSON holds only what Grafana reads.
  return JSON.parse(JSON.stringify(builder.build())) as dashboard.Dashboard;
}

export interface DashboardTarget {
  readonly panelTitle: string;
  readonly refId: string;
  readonly expr: string;
}

/** Every Prometheus query on the dashboard, as written (with Grafana's macros; see `interpolate`). */
export function dashboardTargets(board: dashboard.Dashboard = buildDashboard()): DashboardTarget[] {
  return (board.panels ?? []).flatMap((panel) =>
    'targets' in panel
      ? (panel.targets ?? []).map((t) => {
          const { refId, expr } = t as { refId?: string; expr?: string };
          if (!refId || !expr) throw new Error(`panel "${panel.title}" has a target without refId or expr`);
          return { panelTitle: panel.title ?? '', refId, expr };
        })
      : [],
  );
}
