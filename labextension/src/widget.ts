/**
 * The live training chart: `LiveChartModel` and `LiveChartView`.
 *
 * Python (kernelkeras/frontend/_live_chart.py) syncs the chart's shape and look as traits
 * (`ILiveChartState` in protocol.ts: `metrics`, `titles`, `validation`, `epochs`,
 * `initial_epoch`, `title`, `running`, `header`, `chart_style`) and streams the points as
 * custom messages (`ILiveChartUpdate`, `ILiveChartDone`):
 *
 *   {kind: "update", header?: str,
 *    batch?: {x: [..], y: {loss: [..], ...}},
 *    epoch?: {x: [..], y: {loss: [..], val_loss: [..], ...}},
 *    nonfinite?: {x: [..], metric: [..]}}
 *   {kind: "done", header: str}
 *
 * Messages the protocol's guards refuse are ignored (with a console warning).
 * The model keeps every point it received (so a view created late, or a second
 * view of the same widget, draws the whole run); each view remembers how many
 * points of each trace it has drawn and, once per animation frame, hands only
 * the new ones to a single `Plotly.extendTraces` call, together with the
 * header text. The only message back to Python is `{event: "stop"}`
 * (`ILiveChartEvent`). The figure itself is built by `buildFigure` (figure.ts).
 */
import { DOMWidgetModel, DOMWidgetView } from '@jupyter-widgets/base';
import type { PlotlyElement, PlotlyStatic } from 'plotly.js-dist-min';

import {
  baseName,
  batchKey,
  buildFigure,
  epochKey,
  ISeries,
  NONFINITE_Y,
  nonfiniteKey,
  panelMetrics,
  PLOT_CONFIG,
  plotHeight,
  xRange
} from './figure';
import {
  ILiveChartEvent,
  IPoints,
  isLiveChartDone,
  isLiveChartUpdate,
  Value
} from './protocol';
import { MODULE_NAME, MODULE_VERSION } from './version';

export type { ISeries } from './figure';

export class LiveChartModel extends DOMWidgetModel {
  static model_name = 'LiveChartModel';
  static model_module = MODULE_NAME;
  static model_module_version = MODULE_VERSION;
  static view_name = 'LiveChartView';
  static view_module = MODULE_NAME;
  static view_module_version = MODULE_VERSION;

  /** Every point received so far, by series key (front-end only, never synced). */
  series!: Map<string, ISeries>;
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
      titles: {},
      validation: false,
      epochs: 1,
      initial_epoch: 0,
      title: '',
      running: true,
      header: '',
      // Python sends the real style; without one (an older kernel) plotly's defaults apply.
      chart_style: {}
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
    // `satisfies` checks the message against the protocol and keeps a JSON-able type.
    const event = { event: 'stop' } satisfies ILiveChartEvent;
    this.send(event);
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
    if (isLiveChartUpdate(content)) {
      if (content.header !== undefined) {
        this.headerText = content.header;
      }
      this.appendGroup(content.batch, batchKey);
      this.appendGroup(content.epoch, epochKey);
      const nonfinite = content.nonfinite;
      if (nonfinite !== undefined) {
        const n = Math.min(nonfinite.x.length, nonfinite.metric.length);
        for (let i = 0; i < n; i++) {
          this.markNonfinite(baseName(nonfinite.metric[i]), nonfinite.x[i]);
        }
      }
    } else if (isLiveChartDone(content)) {
      this.headerText = content.header;
      this.finished = true;
    } else {
      console.warn(
        'kernelkeras: the live chart ignored a malformed message',
        content
      );
      return;
    }
    this.trigger('kk:data');
  }

  /** Appends `{x: [..], y: {name: [..]}}` to the series `key(name)`. */
  private appendGroup(
    group: IPoints | undefined,
    key: (name: string) => string
  ): void {
    if (group === undefined) {
      return;
    }
    const xs = group.x;
    for (const [name, column] of Object.entries(group.y)) {
      const n = Math.min(xs.length, column.length);
      if (n === 0) {
        continue;
      }
      const series = this.seriesFor(key(name));
      for (let i = 0; i < n; i++) {
        // null is "no value here" (a metric missing from this step, or NaN/inf, which
        // the message lists under `nonfinite` to be marked): no point is drawn for it.
        const value: Value = column[i];
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
    if (this.marked.has(id)) {
      return;
    }
    this.marked.add(id);
    const series = this.seriesFor(nonfiniteKey(base));
    series.x.push(x);
    series.y.push(NONFINITE_Y);
  }

  private seriesFor(key: string): ISeries {
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
      module =>
        ((module as { default?: PlotlyStatic }).default ??
          module) as PlotlyStatic
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
    this.listenTo(
      this.model,
      'change:metrics change:validation change:titles change:chart_style',
      () => this.redraw()
    );
    this.listenTo(
      this.model,
      'change:epochs change:initial_epoch',
      this.rescaleX
    );

    // Plot once plotly is loaded and the element is in the page (so it has a width).
    Promise.all([loadPlotly(), this.displayed])
      .then(([plotly]) => {
        this.plotly = plotly;
        this.redraw();
      })
      .catch(err =>
        console.error('kernelkeras: could not load plotly.js', err)
      );
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

  processLuminoMessage(
    msg: Parameters<DOMWidgetView['processLuminoMessage']>[0]
  ): void {
    super.processLuminoMessage(msg);
    if (
      this.ready &&
      (msg.type === 'resize' ||
        msg.type === 'after-show' ||
        msg.type === 'after-attach')
    ) {
      void this.plotly?.Plots.resize(this.plotDiv);
    }
  }

  private metrics(): string[] {
    return panelMetrics(this.model.attributes);
  }

  private plotHeight(): number {
    return plotHeight(this.metrics().length);
  }

  private redraw(): void {
    this.replot().catch(err =>
      console.error('kernelkeras: the live chart failed to draw', err)
    );
  }

  /** Draws the whole figure anew: only when the panels or their look change. */
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
    const { data, layout, keys } = buildFigure(
      this.model.attributes,
      this.model.series
    );
    this.traceKeys = keys;
    this.drawn = data.map(trace => trace.x.length);
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
      update[`xaxis${suffix}.range`] = xRange(this.model.attributes);
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
      .catch(err =>
        console.error('kernelkeras: could not extend the live chart', err)
      )
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
    const points = traces.reduce(
      (sum, trace) => sum + (trace.x?.length ?? 0),
      0
    );
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
