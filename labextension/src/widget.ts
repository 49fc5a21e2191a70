/**
 * The live training chart: `LiveChartModel` and `LiveChartView`.
 *
 * Python (kernelkeras/_live_widget.py) syncs the chart's shape as traits
 * (`metrics`, `validation`, `epochs`, `initial_epoch`, `title`, `running`,
 * `header`) and streams the points as custom messages:
 *
 *   {kind: "update", header?: str,
 *    batch?: {x: [..], y: {loss: [..], ...}},
 *    epoch?: {x: [..], y: {loss: [..], val_loss: [..], ...}},
 *    nonfinite?: {x: [..], metric: [..]}}
 *   {kind: "done", header: str}
 *
 * The model keeps every point it received (so a view created late, or a second
 * view of the same widget, draws the whole run); each view remembers how many
 * points of each trace it has drawn and, once per animation frame, hands only
 * the new ones to a single `Plotly.extendTraces` call, together with the
 * header text. The only message back to Python is `{event: "stop"}`.
 */
import { DOMWidgetModel, DOMWidgetView } from '@jupyter-widgets/base';
import type { PlotlyElement, PlotlyStatic } from 'plotly.js-dist-min';

import { MODULE_NAME, MODULE_VERSION } from './version';

/** Training and validation colours (R keras / ggplot2's first two hues). */
const TRAINING = '#F8766D';
const VALIDATION = '#00BFC4';
const BATCHES = 'rgba(248, 118, 109, 0.45)';
const NONFINITE = '#D62728';
/** Plot height per metric panel, in pixels. */
const PANEL_HEIGHT = 220;
/** Vertical room between panels (for the panel titles), in pixels. */
const PANEL_GAP = 34;
const MARGIN = { l: 64, r: 24, t: 30, b: 44, pad: 0 };
/** Where non-finite markers sit on their panel's hidden [0, 1] axis. */
const NONFINITE_Y = 0.94;
/** Default modebar, less the buttons that upload the data or select points. */
const PLOT_CONFIG = {
  responsive: true,
  displaylogo: false,
  showSendToCloud: false,
  modeBarButtonsToRemove: ['sendChartToCloud', 'lasso2d', 'select2d']
};
const ACRONYMS: Record<string, string> = {
  auc: 'AUC',
  mse: 'MSE',
  mae: 'MAE',
  rmse: 'RMSE',
  iou: 'IoU',
  lr: 'LR'
};

type Value = number | null;

/** The points of one series, in arrival order. */
export interface Series {
  x: number[];
  y: Value[];
}

/** `"loss"` -> `"Loss"`, `"mean_absolute_error"` -> `"Mean absolute error"`. */
export function metricTitle(name: string): string {
  const text = name
    .split('_')
    .map(word => ACRONYMS[word] ?? word)
    .join(' ');
  return text.slice(0, 1).toUpperCase() + text.slice(1);
}

/** The panel a series name belongs to: `"val_loss"` -> `"loss"`. */
function baseName(name: string): string {
  return name.startsWith('val_') ? name.slice(4) : name;
}

/** A JSON number, or null for anything else (NaN and infinities arrive as null). */
function finite(value: unknown): Value {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function asObject(value: unknown): Record<string, unknown> | null {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** Series keys: one per drawn trace kind. */
const batchKey = (base: string): string => `batch:${base}`;
const epochKey = (name: string): string => `epoch:${name}`;
const nonfiniteKey = (base: string): string => `nonfinite:${base}`;

export class LiveChartModel extends DOMWidgetModel {
  static model_name = 'LiveChartModel';
  static model_module = MODULE_NAME;
  static model_module_version = MODULE_VERSION;
  static view_name = 'LiveChartView';
  static view_module = MODULE_NAME;
  static view_module_version = MODULE_VERSION;

  /** Every point received so far, by series key (front-end only, never synced). */
  series!: Map<string, Series>;
  /** The status line: the latest of the `header` trait and the messages' headers. */
  headerText!: string;
  /** A `done` message arrived. */
  finished!: boolean;
  /** Stop was clicked in some view of this model. */
  stopRequested!: boolean;
  private marked!: Set<string>;

  defaults(): ReturnType<DOMWidgetModel['defaults']> {
    return {
      ...super.defaults(),
      _model_name: LiveChartModel.model_name,
      _model_module: LiveChartModel.model_module,
      _model_module_version: LiveChartModel.model_module_version,
      _view_name: LiveChartModel.view_name,
      _view_module: LiveChartModel.view_module,
      _view_module_version: LiveChartModel.view_module_version,
      metrics: [],
      validation: false,
      epochs: 1,
      initial_epoch: 0,
      title: '',
      running: true,
      header: ''
    };
  }

  initialize(
    attributes: Parameters<DOMWidgetModel['initialize']>[0],
    options: Parameters<DOMWidgetModel['initialize']>[1]
  ): void {
    super.initialize(attributes, options);
    // Set here, not as class fields: Backbone calls initialize() from its constructor.
    this.series = new Map();
    this.marked = new Set();
    this.headerText = String(this.get('header') ?? '');
    this.finished = false;
    this.stopRequested = false;
    this.on('change:header', () => {
      this.headerText = String(this.get('header') ?? '');
      this.trigger('kk:data');
    });
    this.on('msg:custom', (content: unknown) => this.receive(content));
  }

  /** Asks Python (and, while `fit` runs, the kernel) to stop; see LiveChartView. */
  requestStop(): void {
    if (this.stopRequested || this.finished) {
      return;
    }
    this.stopRequested = true;
    this.send({ event: 'stop' });
    if (this.get('running')) {
      // The kernel is busy in fit() and reads comm messages only after the cell; the
      // interrupt reaches it now, and the Python side turns it into a graceful stop.
      const kernel = (this.widget_manager as any).kernel;
      const interrupted = kernel?.interrupt?.();
      if (interrupted && typeof interrupted.catch === 'function') {
        interrupted.catch((err: unknown) =>
          console.warn('kernelkeras: could not interrupt the kernel', err)
        );
      }
    }
    this.trigger('kk:data');
  }

  private receive(content: unknown): void {
    const message = asObject(content);
    if (message === null) {
      return;
    }
    if (typeof message.header === 'string') {
      this.headerText = message.header;
    }
    if (message.kind === 'update') {
      this.appendGroup(message.batch, batchKey);
      this.appendGroup(message.epoch, epochKey);
      const nonfinite = asObject(message.nonfinite);
      if (nonfinite !== null) {
        const xs = asArray(nonfinite.x);
        const names = asArray(nonfinite.metric);
        xs.forEach((x, i) => {
          const name = names[i];
          if (typeof x === 'number' && typeof name === 'string') {
            this.markNonfinite(baseName(name), x);
          }
        });
      }
    } else if (message.kind === 'done') {
      this.finished = true;
    } else {
      return;
    }
    this.trigger('kk:data');
  }

  /** Appends `{x: [..], y: {name: [..]}}` to the series `key(name)`. */
  private appendGroup(group: unknown, key: (name: string) => string): void {
    const data = asObject(group);
    if (data === null) {
      return;
    }
    const xs = asArray(data.x).map(x => Number(x));
    const ys = asObject(data.y) ?? {};
    for (const [name, values] of Object.entries(ys)) {
      const column = asArray(values);
      const n = Math.min(xs.length, column.length);
      if (n === 0) {
        continue;
      }
      const series = this.seriesFor(key(name));
      for (let i = 0; i < n; i++) {
        // null is "no value here" (a metric missing from this step, or NaN/inf, which
        // the message lists under `nonfinite` to be marked): no point is drawn for it.
        const value = finite(column[i]);
        if (value !== null) {
          series.x.push(xs[i]);
          series.y.push(value);
        }
      }
    }
  }

  /** One red cross per panel and x, however often it is reported. */
  private markNonfinite(base: string, x: number): void {
    const id = `${base}@${x}`;
    if (!Number.isFinite(x) || this.marked.has(id)) {
      return;
    }
    this.marked.add(id);
    const series = this.seriesFor(nonfiniteKey(base));
    series.x.push(x);
    series.y.push(NONFINITE_Y);
  }

  private seriesFor(key: string): Series {
    let series = this.series.get(key);
    if (series === undefined) {
      series = { x: [], y: [] };
      this.series.set(key, series);
    }
    return series;
  }
}

/** plotly.js is loaded on first use (it is large), once for all charts. */
let plotlyPromise: Promise<PlotlyStatic> | null = null;

function loadPlotly(): Promise<PlotlyStatic> {
  if (plotlyPromise === null) {
    plotlyPromise = import('plotly.js-dist-min').then(
      module => ((module as { default?: PlotlyStatic }).default ?? module) as PlotlyStatic
    );
  }
  return plotlyPromise;
}

export class LiveChartView extends DOMWidgetView {
  declare model: LiveChartModel;

  private plotly!: PlotlyStatic | null;
  private plotDiv!: HTMLDivElement;
  private titleEl!: HTMLSpanElement;
  private headerEl!: HTMLDivElement;
  private button!: HTMLButtonElement;
  /** Series key of each trace, in plot order. */
  private traceKeys!: string[];
  /** How many points of each trace this view has handed to plotly. */
  private drawn!: number[];
  private frame!: number;
  private busy!: boolean;
  private pending!: boolean;
  private ready!: boolean;

  render(): void {
    this.plotly = null;
    this.traceKeys = [];
    this.drawn = [];
    this.frame = 0;
    this.busy = false;
    this.pending = false;
    this.ready = false;

    this.el.classList.add('kk-live-chart');
    this.el.dataset.points = '0';
    const bar = document.createElement('div');
    bar.className = 'kk-live-bar';
    this.titleEl = document.createElement('span');
    this.titleEl.className = 'kk-live-title';
    this.headerEl = document.createElement('div');
    this.headerEl.className = 'kk-live-header';
    this.button = document.createElement('button');
    this.button.type = 'button';
    this.button.className = 'kk-stop';
    this.button.textContent = 'Stop';
    this.button.title = 'Stop training after the current batch';
    this.button.addEventListener('click', () => this.model.requestStop());
    bar.append(this.titleEl, this.headerEl, this.button);
    this.plotDiv = document.createElement('div');
    this.plotDiv.className = 'kk-live-plot';
    this.plotDiv.style.height = `${this.plotHeight()}px`;
    this.el.append(bar, this.plotDiv);

    this.renderText();
    this.listenTo(this.model, 'kk:data', this.schedule);
    this.listenTo(this.model, 'change:running', this.renderText);
    this.listenTo(this.model, 'change:title', this.renderText);
    this.listenTo(this.model, 'change:metrics change:validation', () => this.redraw());
    this.listenTo(this.model, 'change:epochs change:initial_epoch', this.rescaleX);

    // Plot once plotly is loaded and the element is in the page (so it has a width).
    Promise.all([loadPlotly(), this.displayed])
      .then(([plotly]) => {
        this.plotly = plotly;
        this.redraw();
      })
      .catch(err => console.error('kernelkeras: could not load plotly.js', err));
  }

  remove(): void {
    if (this.frame !== 0) {
      cancelAnimationFrame(this.frame);
      this.frame = 0;
    }
    this.plotly?.purge(this.plotDiv);
    this.ready = false;
    super.remove();
  }

  processLuminoMessage(msg: Parameters<DOMWidgetView['processLuminoMessage']>[0]): void {
    super.processLuminoMessage(msg);
    if (
      this.ready &&
      (msg.type === 'resize' || msg.type === 'after-show' || msg.type === 'after-attach')
    ) {
      void this.plotly?.Plots.resize(this.plotDiv);
    }
  }

  private metrics(): string[] {
    const metrics = this.model.get('metrics');
    return Array.isArray(metrics) && metrics.length > 0 ? metrics.map(String) : ['loss'];
  }

  private plotHeight(): number {
    return PANEL_HEIGHT * this.metrics().length + MARGIN.t + MARGIN.b;
  }

  private xRange(): [number, number] {
    const start = Number(this.model.get('initial_epoch')) || 0;
    const end = Number(this.model.get('epochs')) || 1;
    return [start, end > start ? end : start + 1];
  }

  /** The traces (copies of the points received so far) and layout for the current traits. */
  private figure(): { data: object[]; layout: object } {
    const metrics = this.metrics();
    const n = metrics.length;
    const validation = Boolean(this.model.get('validation'));
    const area = PANEL_HEIGHT * n;
    const panel = (area - PANEL_GAP * (n - 1)) / n;
    const range = this.xRange();
    const data: object[] = [];
    const keys: string[] = [];
    const layout: Record<string, unknown> = {
      height: area + MARGIN.t + MARGIN.b,
      margin: MARGIN,
      autosize: true,
      showlegend: true,
      legend: { orientation: 'h', x: 1, xanchor: 'right', y: 1, yanchor: 'bottom' },
      hovermode: 'closest',
      paper_bgcolor: 'rgba(0,0,0,0)',
      plot_bgcolor: 'white',
      font: { color: '#2a3f5f' },
      annotations: [] as object[]
    };
    const add = (key: string, trace: Record<string, unknown>): void => {
      const points = this.model.series.get(key);
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
      (layout.annotations as object[]).push({
        text: metricTitle(metric),
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
      add(batchKey(metric), {
        name: 'training (batches)',
        legendgroup: 'batches',
        showlegend: legend,
        mode: 'lines',
        line: { color: BATCHES, width: 1 },
        xaxis,
        yaxis,
        hovertemplate: `%{y:.4g}<extra>${metric}, batches (epoch %{x:.2f})</extra>`
      });
      add(epochKey(metric), {
        name: 'training',
        legendgroup: 'training',
        showlegend: legend,
        mode: 'markers+lines',
        line: { color: TRAINING, width: 2 },
        marker: { color: TRAINING, size: 7 },
        cliponaxis: false,
        xaxis,
        yaxis,
        hovertemplate: `%{y:.4g}<extra>${metric} (epoch %{x})</extra>`
      });
      if (validation) {
        add(epochKey(`val_${metric}`), {
          name: 'validation',
          legendgroup: 'validation',
          showlegend: legend,
          mode: 'markers+lines',
          line: { color: VALIDATION, width: 2, dash: 'dash' },
          marker: { color: VALIDATION, size: 7 },
          cliponaxis: false,
          xaxis,
          yaxis,
          hovertemplate: `%{y:.4g}<extra>val_${metric} (epoch %{x})</extra>`
        });
      }
      add(nonfiniteKey(metric), {
        name: 'NaN',
        legendgroup: 'nonfinite',
        showlegend: false,
        mode: 'markers',
        marker: { color: NONFINITE, size: 11, symbol: 'x' },
        cliponaxis: false,
        xaxis,
        yaxis: overlay,
        hovertemplate: `NaN<extra>${metric} (epoch %{x:.2f})</extra>`
      });
    });
    this.traceKeys = keys;
    return { data, layout };
  }

  private redraw(): void {
    this.replot().catch(err => console.error('kernelkeras: the live chart failed to draw', err));
  }

  /** Draws the whole figure anew: only when the panels themselves change. */
  private async replot(): Promise<void> {
    const plotly = this.plotly;
    if (plotly === null) {
      return;
    }
    if (this.frame !== 0) {
      cancelAnimationFrame(this.frame);
      this.frame = 0;
    }
    this.ready = false;
    this.busy = true;
    const { data, layout } = this.figure();
    this.drawn = data.map(trace => (trace as { x: unknown[] }).x.length);
    this.plotDiv.style.height = `${this.plotHeight()}px`;
    try {
      await plotly.react(this.plotDiv, data, layout, PLOT_CONFIG);
      this.ready = true;
    } finally {
      this.busy = false;
      this.countPoints();
      this.renderText();
      this.schedule();
    }
  }

  private rescaleX(): void {
    if (!this.ready || this.plotly === null) {
      return;
    }
    const update: Record<string, unknown> = {};
    this.metrics().forEach((_, k) => {
      const suffix = k === 0 ? '' : String(k + 1);
      update[`xaxis${suffix}.range`] = this.xRange();
      update[`xaxis${suffix}.autorange`] = false;
    });
    void this.plotly.relayout(this.plotDiv, update);
  }

  /** Coalesces everything that arrives within one animation frame into one draw. */
  private schedule(): void {
    if (this.frame === 0) {
      this.frame = requestAnimationFrame(() => {
        this.frame = 0;
        this.flush();
      });
    }
  }

  private flush(): void {
    this.renderText();
    if (!this.ready || this.plotly === null) {
      return; // replot() draws whatever has arrived by then
    }
    if (this.busy) {
      this.pending = true;
      return;
    }
    const update = { x: [] as number[][], y: [] as Value[][] };
    const indices: number[] = [];
    this.traceKeys.forEach((key, i) => {
      const series = this.model.series.get(key);
      if (series === undefined || series.x.length <= this.drawn[i]) {
        return;
      }
      update.x.push(series.x.slice(this.drawn[i]));
      update.y.push(series.y.slice(this.drawn[i]));
      indices.push(i);
      this.drawn[i] = series.x.length;
    });
    if (indices.length === 0) {
      return;
    }
    this.busy = true;
    this.plotly
      .extendTraces(this.plotDiv, update, indices)
      .catch(err => console.error('kernelkeras: could not extend the live chart', err))
      .finally(() => {
        this.busy = false;
        this.countPoints();
        if (this.pending) {
          this.pending = false;
          this.schedule();
        }
      });
  }

  /** `data-points` on the container: the x values drawn, over all traces (for tests). */
  private countPoints(): void {
    const traces = (this.plotDiv as PlotlyElement).data ?? [];
    const points = traces.reduce((sum, trace) => sum + (trace.x?.length ?? 0), 0);
    this.el.dataset.points = String(points);
  }

  private renderText(): void {
    const model = this.model;
    const title = String(model.get('title') ?? '');
    if (this.titleEl.textContent !== title) {
      this.titleEl.textContent = title;
    }
    if (this.headerEl.textContent !== model.headerText) {
      this.headerEl.textContent = model.headerText;
    }
    const stopped = model.stopRequested;
    this.button.disabled = stopped || model.finished || !model.get('running');
    const label = stopped ? (model.finished ? 'Stopped' : 'Stopping…') : 'Stop';
    if (this.button.textContent !== label) {
      this.button.textContent = label;
    }
  }
}
