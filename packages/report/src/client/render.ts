/**
 * The report page's script: draws each panel's series with uPlot (loaded inline before this
 * script as the global `uPlot`) into the frames the page already has, with the alert bands,
 * thresholds and drill steps on top, then marks the body as drawn for the screenshot.
 */
import type { AlertBand, AlertState, PanelData, ReportData, StepLabel } from '../report-data.js';

const PALETTE = ['#56a64b', '#3274d9', '#e0752d', '#a352cc', '#f2cc0c', '#37872d', '#8ab8ff', '#c4162a'];
const BAND_COLOR: Record<AlertState, string> = {
  pending: 'rgba(255, 152, 48, 0.22)',
  firing: 'rgba(242, 73, 92, 0.24)',
  resolved: 'rgba(115, 191, 105, 0.20)',
};
const THRESHOLD_COLOR = '#d44a3a';
const MARK_COLOR = '#444';

function readData(): ReportData {
  const element = document.querySelector('script[type="application/json"]');
  if (element?.textContent == null) throw new Error('the report data is missing');
  return JSON.parse(element.textContent) as ReportData;
}

function short(x: number): string {
  return String(Number(x.toPrecision(3)));
}

/** Grafana's units, enough for the dashboard's panels. */
function format(unit: string, v: number | null | undefined): string {
  if (v == null) return '–';
  const a = Math.abs(v);
  switch (unit) {
    case 'percentunit':
      return `${short(v * 100)} %`;
    case 's':
      if (a === 0) return '0 s';
      return a < 1e-3 ? `${short(v * 1e6)} µs` : a < 1 ? `${short(v * 1e3)} ms` : `${short(v)} s`;
    case 'bytes': {
      const units = ['B', 'KiB', 'MiB', 'GiB'];
      let i = 0;
      let x = v;
      while (Math.abs(x) >= 1024 && i < units.length - 1) [x, i] = [x / 1024, i + 1];
      return `${short(x)} ${units[i]}`;
    }
    case 'reqps':
      return `${short(v)} req/s`;
    case 'ops':
      return `${short(v)} ops/s`;
    default:
      return a >= 1e6 ? `${short(v / 1e6)}M` : a >= 1e3 ? `${short(v / 1e3)}k` : short(v);
  }
}

/** Canvas pixels per CSS pixel, for line widths and fonts drawn on uPlot's canvas. */
const px = (n: number): number => n * (window.devicePixelRatio || 1);

function drawBands(u: uPlot, bands: readonly AlertBand[], labelled: boolean): void {
  const { ctx, bbox } = u;
  ctx.save();
  ctx.font = `${px(10)}px system-ui, sans-serif`;
  for (const band of bands) {
    const x0 = u.valToPos(band.from, 'x', true);
    const x1 = u.valToPos(band.to, 'x', true);
    ctx.fillStyle = BAND_COLOR[band.state];
    ctx.fillRect(x0, bbox.top, Math.max(x1 - x0, px(1)), bbox.height);
    if (!labelled) continue;
    ctx.fillStyle = '#333';
    ctx.fillText(`${band.alert} ${band.state}`, x0 + px(3), bbox.top + bbox.height - px(4), Math.max(x1 - x0 - px(4), px(40)));
  }
  ctx.restore();
}

function drawOverlays(u: uPlot, panel: PanelData, data: ReportData, labelled: boolean): void {
  const { ctx, bbox } = u;
  ctx.save();
  ctx.lineWidth = px(1.5);
  ctx.font = `${px(10)}px system-ui, sans-serif`;
  ctx.setLineDash([px(6), px(4)]);
  for (const threshold of panel.thresholds) {
    const y = u.valToPos(threshold, 'y', true);
    ctx.strokeStyle = THRESHOLD_COLOR;
    ctx.beginPath();
    ctx.moveTo(bbox.left, y);
    ctx.lineTo(bbox.left + bbox.width, y);
    ctx.stroke();
    if (!labelled) continue;
    ctx.fillStyle = THRESHOLD_COLOR;
    ctx.textAlign = 'right';
    ctx.fillText(`threshold ${format(panel.unit, threshold)}`, bbox.left + bbox.width - px(4), y - px(3));
    ctx.textAlign = 'left';
  }
  if (panel.type === 'timeseries') {
    ctx.setLineDash([px(2), px(3)]);
    const labels = data.steps.map((mark) => {
      const x = u.valToPos(mark.at, 'x', true);
      ctx.strokeStyle = MARK_COLOR;
      ctx.beginPath();
      ctx.moveTo(x, bbox.top);
      ctx.lineTo(x, bbox.top + bbox.height);
      ctx.stroke();
      return { name: mark.name, x: x + px(2), width: ctx.measureText(mark.name).width };
    });
    const placed = placeLabels(labels, px(6));
    ctx.fillStyle = MARK_COLOR;
    // Above the plot, in the padding left for them.
    for (const label of placed) ctx.fillText(label.name, label.left, bbox.top - px(4) - label.row * px(LABEL_ROW_HEIGHT));
    // Where the labels went, in CSS pixels, for the page's checks.
    const css = placed.map((l) => ({ ...l, left: l.left / px(1), right: l.right / px(1) }));
    u.root.closest('[data-panel-id]')?.setAttribute('data-step-labels', JSON.stringify(css));
  }
  ctx.restore();
}

/** Rows of step labels above a time series (its top padding holds them), and their height in CSS pixels. */
const LABEL_ROWS = 2;
const LABEL_ROW_HEIGHT = 12;

/**
 * Lays the step labels out left to right so that none overlaps another: each goes in the first
 * row where it clears the previous label by `gap`; when none has room (marks closer than a label
 * is long), it moves right of the label that ends first.
 */
function placeLabels(labels: readonly { name: string; x: number; width: number }[], gap: number): StepLabel[] {
  const ends = new Array<number>(LABEL_ROWS).fill(Number.NEGATIVE_INFINITY);
  return [...labels]
    .sort((a, b) => a.x - b.x)
    .map(({ name, x, width }) => {
      let row = ends.findIndex((end) => x >= end + gap);
      let left = x;
      if (row < 0) {
        row = ends.indexOf(Math.min(...ends));
        left = ends[row]! + gap;
      }
      ends[row] = left + width;
      return { name, left, right: left + width, row };
    });
}

/** The y range Grafana would show, stretched to keep every threshold in view. */
function yRange(panel: PanelData): uPlot.Range.Function {
  return (_u, min, max) => {
    const lo = Math.min(0, min ?? 0, ...panel.thresholds);
    let hi = Math.max(max ?? 0, ...panel.thresholds);
    if (hi <= lo) hi = lo + 1;
    return [lo, hi + (hi - lo) * 0.08];
  };
}

/** Wide enough for the longest tick label (uPlot's default fits short numbers only). */
function axisSize(_u: uPlot, values: string[] | null): number {
  return 24 + 7 * Math.max(3, ...(values ?? []).map((v) => v.length));
}

/** UTC, as the page's header states the range. */
function clock(_u: uPlot, splits: number[]): string[] {
  return splits.map((t) => new Date(t * 1000).toISOString().slice(11, 19));
}

function chart(panel: PanelData, data: ReportData, target: HTMLElement, height: number, sparkline: boolean): uPlot {
  const bands = data.alertBands.filter((b) => panel.alerts.includes(b.alert));
  const options: uPlot.Options = {
    width: Math.max(target.clientWidth, 120),
    height,
    legend: { show: !sparkline, live: false },
    cursor: { show: false },
    scales: { x: { time: true, range: [data.start, data.end] }, y: { range: yRange(panel) } },
    padding: sparkline ? [4, 0, 0, 0] : [4 + LABEL_ROWS * LABEL_ROW_HEIGHT, 24, 0, 0],
    axes: sparkline
      ? [{ show: false }, { show: false }]
      : [{ values: clock }, { size: axisSize, values: (_u, splits) => splits.map((v) => format(panel.unit, v)) }],
    series: [
      {},
      ...panel.series.map((s, i) => {
        const color = PALETTE[i % PALETTE.length] ?? '#000';
        return { label: s.name, stroke: color, width: 1.5, fill: `${color}1a`, points: { show: false } };
      }),
    ],
    hooks: {
      drawClear: [(u: uPlot) => drawBands(u, bands, !sparkline)],
      draw: [(u: uPlot) => drawOverlays(u, panel, data, !sparkline)],
    },
  };
  const columns: uPlot.AlignedData = [data.xs as number[], ...panel.series.map((s) => s.values as (number | null)[])];
  return new uPlot(options, columns, target);
}

function last(values: readonly (number | null)[]): number | null {
  for (let i = values.length - 1; i >= 0; i -= 1) if (values[i] != null) return values[i] ?? null;
  return null;
}

function statValues(panel: PanelData, target: HTMLElement): void {
  const values = document.createElement('div');
  values.className = 'values';
  for (const s of panel.series) {
    const v = last(s.values);
    const item = document.createElement('div');
    const over = v !== null && panel.thresholds.some((t) => v >= t);
    item.innerHTML = '<div class="value"></div><div class="name"></div>';
    const [value, name] = Array.from(item.children) as HTMLElement[];
    if (value === undefined || name === undefined) continue;
    value.textContent = format(panel.unit, v);
    value.classList.toggle('over', over);
    name.textContent = s.name;
    values.append(item);
  }
  target.before(values);
}

/** What the bands and dashed lines mean; a stat's sparkline only names its alerts. */
function key(panel: PanelData, data: ReportData, target: HTMLElement): void {
  const full = panel.type === 'timeseries';
  const states = new Set(data.alertBands.filter((b) => full && panel.alerts.includes(b.alert)).map((b) => b.state));
  const entries = [...states].map((s) => `<span><i style="background:${BAND_COLOR[s]}"></i>${s}</span>`);
  if (full && panel.thresholds.length > 0) entries.push(`<span><i style="border-top:2px dashed ${THRESHOLD_COLOR};height:0"></i>threshold</span>`);
  if (panel.alerts.length > 0) entries.unshift(`<span>alerts: ${panel.alerts.join(', ')}</span>`);
  if (entries.length === 0) return;
  const element = document.createElement('div');
  element.className = 'key';
  element.innerHTML = entries.join('');
  target.after(element);
}

function render(): void {
  const data = readData();
  for (const panel of data.panels) {
    const frame = document.querySelector<HTMLElement>(`[data-panel-id="${panel.id}"]`);
    const target = frame?.querySelector<HTMLElement>('.chart');
    if (!frame || !target) continue;
    const height = frame.clientHeight;
    if (panel.type === 'stat') {
      statValues(panel, target);
      chart(panel, data, target, Math.max(40, height - 90), true);
    } else {
      chart(panel, data, target, Math.max(120, height - 80), false);
    }
    key(panel, data, target);
  }
  // RENDERED_SELECTOR in report-data.ts: the screenshot waits for it.
  document.body.dataset.rendered = 'true';
}

render();
