/**
 * The live chart's plotly figure, as a pure function of the model's traits and the
 * points received so far: `buildFigure(traits, series)`. `LiveChartView` draws what it
 * returns; the unit tests inspect it.
 *
 * Colours, trace styles and panel titles come from the `chart_style` and `titles` traits
 * (chosen by Python, see `IChartStyle` in protocol.ts). A trait that is missing (an
 * older kernel) or partly wrong does not break the chart: a missing title is the
 * metric's name, and a style value that is missing or of the wrong type is left out,
 * so plotly's default applies. The layout (panel sizes, gaps, margins, axes, hover
 * texts) is fixed here.
 *
 * Metric names and titles are plain text from the kernel (and from whoever wrote the
 * metric's name). plotly reads a subset of HTML in titles, legends and hover texts, so
 * each reaches the figure through `escapeHtml`, here and nowhere else; in the hover
 * texts they are `meta` values, so a name is never read as a `%{...}` placeholder.
 */
import type { ILiveChartState, Value } from './protocol';

/** Plot height per metric panel, in pixels. */
export const PANEL_HEIGHT = 220;
/** Vertical room between panels (for the panel titles), in pixels. */
export const PANEL_GAP = 34;
export const MARGIN = { l: 64, r: 24, t: 30, b: 44, pad: 0 };
/** Where non-finite markers sit on their panel's hidden [0, 1] axis. */
export const NONFINITE_Y = 0.94;
/** Default modebar, less the buttons that upload the data or select points. */
export const PLOT_CONFIG = {
  responsive: true,
  displaylogo: false,
  showSendToCloud: false,
  modeBarButtonsToRemove: ['sendChartToCloud', 'lasso2d', 'select2d']
};

/** The points of one series, in arrival order. */
export interface ISeries {
  x: number[];
  y: Value[];
}

/** Series keys: one per drawn trace kind. */
export const batchKey = (base: string): string => `batch:${base}`;
export const epochKey = (name: string): string => `epoch:${name}`;
export const nonfiniteKey = (base: string): string => `nonfinite:${base}`;

/**
 * `text` as literal text in a plotly label: `<`, `>`, `&` and quotes as entities
 * (numeric for quotes: plotly decodes `&lt;`, `&gt;`, `&amp;` and numeric entities only).
 */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&#34;')
    .replace(/'/g, '&#39;');
}

/** The panel a series name belongs to: `"val_loss"` -> `"loss"`. */
export function baseName(name: string): string {
  return name.startsWith('val_') ? name.slice(4) : name;
}

/**
 * The traits the figure reads, as they arrive (any may be missing or malformed):
 * the model's attributes, or an `ILiveChartState`.
 */
export type FigureTraits = { readonly [K in keyof ILiveChartState]?: unknown };

/** One plotly trace: a scatter trace with its own copy of the points. */
export interface ITrace {
  type: 'scatter';
  x: number[];
  y: Value[];
  [attribute: string]: unknown;
}

export interface IFigure {
  data: ITrace[];
  layout: { [attribute: string]: unknown };
  /** The series key of each trace in `data`, in the same order. */
  keys: string[];
}

function asObject(value: unknown): { [key: string]: unknown } {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as { [key: string]: unknown })
    : {};
}

/**
 * The attributes named in `wanted` (plotly name -> style key and type) whose value in
 * `style` has the right type; the others are left out.
 */
function pick(
  style: unknown,
  wanted: { [plotly: string]: [key: string, type: 'string' | 'number'] }
): { [attribute: string]: string | number } {
  const source = asObject(style);
  const result: { [attribute: string]: string | number } = {};
  for (const [attribute, [key, type]] of Object.entries(wanted)) {
    const value = source[key];
    if (
      typeof value === type &&
      (type === 'string' || Number.isFinite(value))
    ) {
      result[attribute] = value as string | number;
    }
  }
  return result;
}

/** Line and marker of an epoch-end trace, from an `ISeriesStyle`. */
function seriesLook(style: unknown): { line: object; marker: object } {
  return {
    line: pick(style, {
      color: ['color', 'string'],
      width: ['width', 'number'],
      dash: ['dash', 'string']
    }),
    marker: pick(style, {
      color: ['color', 'string'],
      size: ['marker_size', 'number'],
      symbol: ['symbol', 'string']
    })
  };
}

/** The metrics with a panel, in order (`["loss"]` when there are none). */
export function panelMetrics(traits: FigureTraits): string[] {
  const metrics = traits.metrics;
  return Array.isArray(metrics) && metrics.length > 0
    ? metrics.map(String)
    : ['loss'];
}

/** The height of the plot area for `n` panels, in pixels. */
export function plotHeight(n: number): number {
  return PANEL_HEIGHT * n + MARGIN.t + MARGIN.b;
}

/** The x axis' range: from `initial_epoch` to `epochs`, at least one epoch long. */
export function xRange(traits: FigureTraits): [number, number] {
  const start = Number(traits.initial_epoch) || 0;
  const end = Number(traits.epochs) || 1;
  return [start, end > start ? end : start + 1];
}

/** The panel title of `metric` (plain text): `titles[metric]`, or the metric's name. */
export function panelTitle(traits: FigureTraits, metric: string): string {
  const title = asObject(traits.titles)[metric];
  return typeof title === 'string' ? title : metric;
}

/**
 * The traces (copies of the points in `series`) and the layout for `traits`: per
 * metric panel, in this order, the batch line, the epoch-end training trace, the
 * validation trace (with `validation`) and the non-finite markers (on an overlaid
 * hidden [0, 1] axis).
 */
export function buildFigure(
  traits: FigureTraits,
  series: ReadonlyMap<string, ISeries>
): IFigure {
  const metrics = panelMetrics(traits);
  const n = metrics.length;
  const validation = Boolean(traits.validation);
  const style = asObject(traits.chart_style);
  const training = seriesLook(style.training);
  const validating = seriesLook(style.validation);
  const batchLine = pick(style.batches, {
    color: ['color', 'string'],
    width: ['width', 'number']
  });
  const nonfiniteMarker = pick(style.nonfinite, {
    color: ['color', 'string'],
    size: ['size', 'number'],
    symbol: ['symbol', 'string']
  });
  const area = PANEL_HEIGHT * n;
  const panel = (area - PANEL_GAP * (n - 1)) / n;
  const range = xRange(traits);
  const data: ITrace[] = [];
  const keys: string[] = [];
  const annotations: object[] = [];
  const layout: { [attribute: string]: unknown } = {
    height: plotHeight(n),
    margin: MARGIN,
    autosize: true,
    showlegend: true,
    legend: {
      orientation: 'h',
      x: 1,
      xanchor: 'right',
      y: 1,
      yanchor: 'bottom'
    },
    hovermode: 'closest',
    paper_bgcolor: 'rgba(0,0,0,0)',
    plot_bgcolor: 'white',
    font: { color: '#2a3f5f' },
    annotations
  };
  const add = (key: string, trace: { [attribute: string]: unknown }): void => {
    const points = series.get(key);
    keys.push(key);
    data.push({
      type: 'scatter',
      x: points ? points.x.slice() : [],
      y: points ? points.y.slice() : [],
      connectgaps: false,
      ...trace
    });
  };

  metrics.forEach((metric, k) => {
    const suffix = k === 0 ? '' : String(k + 1);
    const xaxis = `x${suffix}`;
    const yaxis = `y${suffix}`;
    const overlay = `y${n + k + 1}`;
    const top = 1 - (k * (panel + PANEL_GAP)) / area;
    const bottom = Math.max(0, top - panel / area);
    const last = k === n - 1;
    layout[`xaxis${suffix}`] = {
      range,
      autorange: false,
      anchor: yaxis,
      matches: k === 0 ? undefined : 'x',
      showticklabels: last,
      title: last ? { text: 'Epoch' } : undefined,
      gridcolor: '#EBF0F8',
      zeroline: false
    };
    layout[`yaxis${suffix}`] = {
      domain: [bottom, top],
      anchor: xaxis,
      autorange: true,
      gridcolor: '#EBF0F8',
      zeroline: false
    };
    layout[`yaxis${n + k + 1}`] = {
      overlaying: yaxis,
      anchor: xaxis,
      range: [0, 1],
      autorange: false,
      fixedrange: true,
      visible: false
    };
    annotations.push({
      text: escapeHtml(panelTitle(traits, metric)),
      xref: 'paper',
      yref: 'paper',
      x: 0.5,
      xanchor: 'center',
      y: top,
      yanchor: 'bottom',
      showarrow: false,
      font: { size: 14 }
    });
    const legend = k === 0;
    const label = escapeHtml(metric);
    add(batchKey(metric), {
      name: 'training (batches)',
      legendgroup: 'batches',
      showlegend: legend,
      mode: 'lines',
      line: batchLine,
      xaxis,
      yaxis,
      meta: [label],
      hovertemplate:
        '%{y:.4g}<extra>%{meta[0]}, batches (epoch %{x:.2f})</extra>'
    });
    add(epochKey(metric), {
      name: 'training',
      legendgroup: 'training',
      showlegend: legend,
      mode: 'markers+lines',
      line: training.line,
      marker: training.marker,
      cliponaxis: false,
      xaxis,
      yaxis,
      meta: [label],
      hovertemplate: '%{y:.4g}<extra>%{meta[0]} (epoch %{x})</extra>'
    });
    if (validation) {
      add(epochKey(`val_${metric}`), {
        name: 'validation',
        legendgroup: 'validation',
        showlegend: legend,
        mode: 'markers+lines',
        line: validating.line,
        marker: validating.marker,
        cliponaxis: false,
        xaxis,
        yaxis,
        meta: [escapeHtml(`val_${metric}`)],
        hovertemplate: '%{y:.4g}<extra>%{meta[0]} (epoch %{x})</extra>'
      });
    }
    add(nonfiniteKey(metric), {
      name: 'NaN',
      legendgroup: 'nonfinite',
      showlegend: false,
      mode: 'markers',
      marker: nonfiniteMarker,
      cliponaxis: false,
      xaxis,
      yaxis: overlay,
      meta: [label],
      hovertemplate: 'NaN<extra>%{meta[0]} (epoch %{x:.2f})</extra>'
    });
  });
  return { data, layout, keys };
}
