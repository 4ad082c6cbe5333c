/**
 * The parts of the generated Grafana dashboard JSON the report draws: its time-series and stat
 * panels (rows' nested panels included), their queries, units and thresholds, and the variables'
 * current values. Read from the generated file, so the report follows the dashboard's code.
 */
import { readFile } from 'node:fs/promises';
import { GENERATED_PATHS, repoPath } from '@fraudwatch/dashboards';
import { z } from 'zod';
import type { PanelLayout } from './report-data.js';

/** The panel kinds the report draws; Grafana draws both with uPlot. */
export const CHART_PANEL_TYPES = ['timeseries', 'stat'] as const satisfies readonly PanelLayout['type'][];
export type ChartPanelType = (typeof CHART_PANEL_TYPES)[number];

const targetSchema = z.object({
  refId: z.string(),
  expr: z.string().optional(),
  legendFormat: z.string().optional(),
  hide: z.boolean().optional(),
});

const thresholdsSchema = z.object({
  steps: z.array(z.object({ value: z.number().nullable(), color: z.string() })),
});

interface RawPanel {
  id?: number | undefined;
  type: string;
  title?: string | undefined;
  gridPos?: { w: number; h: number } | undefined;
  targets?: z.infer<typeof targetSchema>[] | undefined;
  fieldConfig?: { defaults?: { unit?: string | undefined; thresholds?: z.infer<typeof thresholdsSchema> | undefined } | undefined } | undefined;
  panels?: RawPanel[] | undefined;
}

const panelSchema: z.ZodType<RawPanel> = z.lazy(() =>
  z.object({
    id: z.number().int().optional(),
    type: z.string(),
    title: z.string().optional(),
    gridPos: z.object({ w: z.number(), h: z.number() }).optional(),
    targets: z.array(targetSchema).optional(),
    fieldConfig: z
      .object({ defaults: z.object({ unit: z.string().optional(), thresholds: thresholdsSchema.optional() }).optional() })
      .optional(),
    panels: z.array(panelSchema).optional(),
  }),
);

const variableSchema = z.object({
  name: z.string(),
  allValue: z.string().optional(),
  current: z.object({ value: z.union([z.string(), z.array(z.string())]) }).optional(),
});

const dashboardSchema = z.object({
  title: z.string(),
  uid: z.string().optional(),
  panels: z.array(panelSchema),
  templating: z.object({ list: z.array(variableSchema) }).optional(),
});

export interface PanelQuery {
  readonly refId: string;
  /** As written in the dashboard, Grafana's macros and variables included. */
  readonly expr: string;
  readonly legendFormat?: string;
}

export interface ChartPanel extends PanelLayout {
  readonly type: ChartPanelType;
  readonly queries: readonly PanelQuery[];
}

/** A panel the report does not draw (heatmaps), so the page can say so. */
export interface SkippedPanel {
  readonly id: number;
  readonly type: string;
  readonly title: string;
}

export interface Dashboard {
  readonly title: string;
  readonly charts: readonly ChartPanel[];
  readonly skipped: readonly SkippedPanel[];
  /** Each variable's current value (`All` replaced by the variable's all-value). */
  readonly variables: Readonly<Record<string, string>>;
}

/** The generated dashboard JSON (k8s/monitoring/dashboards/…). */
export const DASHBOARD_JSON_PATH = repoPath(GENERATED_PATHS.dashboardJson);

function isChartType(type: string): type is ChartPanelType {
  return (CHART_PANEL_TYPES as readonly string[]).includes(type);
}

function chartPanel(panel: RawPanel, row: string): ChartPanel {
  const { id, title = '' } = panel;
  if (id === undefined) throw new Error(`dashboard panel "${title}" has no id`);
  const queries = (panel.targets ?? [])
    .filter((t) => t.hide !== true)
    .map((t): PanelQuery => {
      if (!t.expr) throw new Error(`dashboard panel ${id} "${title}" target ${t.refId} has no expr`);
      return { refId: t.refId, expr: t.expr, ...(t.legendFormat === undefined ? {} : { legendFormat: t.legendFormat }) };
    });
  const defaults = panel.fieldConfig?.defaults;
  return {
    id,
    type: panel.type as ChartPanelType,
    title,
    row,
    width: panel.gridPos?.w ?? 12,
    height: panel.gridPos?.h ?? 8,
    unit: defaults?.unit ?? 'short',
    thresholds: (defaults?.thresholds?.steps ?? []).flatMap((s) => (s.value === null ? [] : [s.value])),
    queries,
  };
}

function variableValues(list: z.infer<typeof variableSchema>[]): Record<string, string> {
  const values: Record<string, string> = {};
  for (const v of list) {
    const current = v.current?.value;
    const value = Array.isArray(current) ? current.join('|') : current;
    if (value === undefined) continue;
    values[v.name] = value === '$__all' ? (v.allValue ?? '.*') : value;
  }
  return values;
}

/** Parses dashboard JSON (as Grafana's export has it) into what the report draws. */
export function parseDashboard(json: unknown): Dashboard {
  const board = dashboardSchema.parse(json);
  const charts: ChartPanel[] = [];
  const skipped: SkippedPanel[] = [];
  let row = '';
  const visit = (panel: RawPanel): void => {
    if (panel.type === 'row') {
      row = panel.title ?? '';
      // A collapsed row carries its panels; an open one is followed by them.
      for (const nested of panel.panels ?? []) visit(nested);
    } else if (isChartType(panel.type)) {
      charts.push(chartPanel(panel, row));
    } else {
      skipped.push({ id: panel.id ?? -1, type: panel.type, title: panel.title ?? '' });
    }
  };
  for (const panel of board.panels) visit(panel);
  return { title: board.title, charts, skipped, variables: variableValues(board.templating?.list ?? []) };
}

export async function loadDashboard(path: string = DASHBOARD_JSON_PATH): Promise<Dashboard> {
  const text = await readFile(path, 'utf8');
  try {
    return parseDashboard(JSON.parse(text));
  } catch (error) {
    throw new Error(`${path} is not a dashboard the report can read: ${(error as Error).message}`);
  }
}
