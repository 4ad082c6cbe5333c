/**
 * The report as one self-contained HTML page: uPlot's script and styles, the data as JSON and the
 * drawing script are all inline, so it opens from disk with no network. The panels' frames (with
 * `data-panel-id` and `data-series`) are written here; the inline script draws into them.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { PanelData, ReportData, Seconds } from './report-data.js';

const require = createRequire(import.meta.url);

/** src/page.ts and dist/page.js both sit one level below the package, whose build compiles the page script. */
const CLIENT_SCRIPT = fileURLToPath(new URL('../dist/client/render.js', import.meta.url));

/** Grafana's grid: 24 columns, rows of 30 px. */
const GRID_ROW_PX = 30;

const STYLE = `
body { font: 13px/1.4 system-ui, sans-serif; margin: 0; padding: 16px 20px; background: #f4f5f5; color: #24292e; }
h1 { font-size: 20px; margin: 0 0 4px; }
h2 { font-size: 15px; margin: 20px 0 8px; border-bottom: 1px solid #ccc; padding-bottom: 2px; }
.meta { color: #555; margin: 0 0 4px; }
.problems { background: #fde8e8; border: 1px solid #e0b4b4; padding: 6px 10px; margin: 8px 0; }
.grid { display: grid; grid-template-columns: repeat(24, minmax(0, 1fr)); gap: 8px; }
.panel { background: #fff; border: 1px solid #dcdee0; border-radius: 3px; padding: 6px 8px; overflow: hidden; }
.panel h3 { font-size: 13px; margin: 0 0 4px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.panel .empty { color: #b42318; font-weight: 600; margin: 12px 0; }
.panel .error { color: #b42318; font-family: monospace; font-size: 11px; white-space: pre-wrap; }
.stat .values { display: flex; gap: 16px; flex-wrap: wrap; align-items: baseline; }
.stat .value { font-size: 22px; font-weight: 600; }
.stat .value.over { color: #d44a3a; }
.stat .name { color: #555; font-size: 11px; }
.key { display: flex; gap: 14px; flex-wrap: wrap; font-size: 11px; color: #444; margin-top: 4px; }
.key i { display: inline-block; width: 12px; height: 10px; margin-right: 4px; vertical-align: -1px; }
table { border-collapse: collapse; font-size: 12px; }
td, th { border: 1px solid #ddd; padding: 2px 8px; text-align: left; }
`;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Inline script text must not close its element early. */
function inlineScript(text: string, what: string): string {
  if (/<\/script/i.test(text)) throw new Error(`${what} contains "</script" and cannot be inlined`);
  return text;
}

/** JSON inside a script element: `<` escaped, so no string in the data can end the element. */
function inlineJson(data: unknown): string {
  return JSON.stringify(data).replace(/</g, '\\u003c');
}

function isoTime(t: Seconds): string {
  return new Date(t * 1000).toISOString().replace('.000Z', 'Z');
}

function panelFrame(panel: PanelData): string {
  const style = `grid-column: span ${Math.min(24, Math.max(1, panel.width))}; min-height: ${panel.height * GRID_ROW_PX}px`;
  const empty = panel.series.length === 0;
  const body = empty
    ? `<p class="empty">No data: ${panel.errors.length > 0 ? 'its queries failed' : 'its queries returned nothing over the drill'}</p>` +
      panel.errors.map((e) => `<p class="error">${escapeHtml(e)}</p>`).join('')
    : `<div class="chart"></div>`;
  return (
    `<section class="panel ${panel.type}${empty ? ' no-data' : ''}" data-panel-id="${panel.id}" data-series="${panel.series.length}" style="${style}">` +
    `<h3 title="${escapeHtml(panel.title)}">${escapeHtml(panel.title)}</h3>${body}</section>`
  );
}

function rows(panels: readonly PanelData[]): string {
  const byRow = new Map<string, PanelData[]>();
  for (const panel of panels) byRow.set(panel.row, [...(byRow.get(panel.row) ?? []), panel]);
  return [...byRow]
    .map(([row, members]) => `${row === '' ? '' : `<h2>${escapeHtml(row)}</h2>`}<div class="grid">${members.map(panelFrame).join('')}</div>`)
    .join('\n');
}

function alertTable(data: ReportData): string {
  if (data.alertBands.length === 0) return '<p class="meta">No alert was pending or firing over the drill.</p>';
  const rel = (t: Seconds): string => `t+${t - data.start} s`;
  const lines = data.alertBands.map((b) => `<tr><td>${escapeHtml(b.alert)}</td><td>${b.state}</td><td>${rel(b.from)}</td><td>${rel(b.to)}</td></tr>`);
  return `<table><tr><th>alert</th><th>state</th><th>from</th><th>to</th></tr>${lines.join('')}</table>`;
}

function problems(data: ReportData): string {
  const empty = data.panels.filter((p) => p.series.length === 0);
  if (empty.length === 0) return '';
  const items = empty.map((p) => `${escapeHtml(p.title)} (panel ${p.id})`).join(', ');
  return `<p class="problems">${empty.length} panel(s) without data: ${items}</p>`;
}

export function renderPage(data: ReportData): string {
  const uplotJs = readFileSync(require.resolve('uplot/dist/uPlot.iife.min.js'), 'utf8');
  const uplotCss = readFileSync(require.resolve('uplot/dist/uPlot.min.css'), 'utf8');
  if (!existsSync(CLIENT_SCRIPT)) throw new Error(`${CLIENT_SCRIPT} does not exist: build first (\`pnpm exec turbo run build\`)`);
  const client = readFileSync(CLIENT_SCRIPT, 'utf8');
  const steps = data.steps.map((s) => `${escapeHtml(s.name)} t+${Math.round(s.at - data.start)} s`).join(' · ');
  const skipped = data.skipped.map((p) => `${escapeHtml(p.title)} (${escapeHtml(p.type)})`).join(', ');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(data.title)}</title>
<style>${uplotCss}</style><style>${STYLE}</style></head>
<body>
<h1>${escapeHtml(data.title)}</h1>
<p class="meta">Dashboard <b>${escapeHtml(data.dashboardTitle)}</b>, queried from ${escapeHtml(data.prometheusUrl)} over ${isoTime(data.start)} – ${isoTime(data.end)} (step ${data.step} s).</p>
<p class="meta">Steps: ${steps || 'none'}</p>
${skipped === '' ? '' : `<p class="meta">Not drawn here (not time series or stat): ${skipped}</p>`}
${problems(data)}
<h2>Alerts (Prometheus' ALERTS series)</h2>
${alertTable(data)}
${rows(data.panels)}
<script type="application/json" id="report-data">${inlineJson(data)}</script>
<script>${inlineScript(uplotJs, 'uPlot')}</script>
<script type="module">${inlineScript(client, 'the page script')}</script>
</body></html>
`;
}
