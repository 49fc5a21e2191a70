/**
 * The few plotly.js functions the live chart uses (plotly.js-dist-min ships no types).
 */
declare module 'plotly.js-dist-min' {
  export interface PlotlyTrace {
    x?: ArrayLike<unknown>;
    [key: string]: unknown;
  }

  export interface PlotlyElement extends HTMLDivElement {
    data?: PlotlyTrace[];
  }

  export interface TraceExtension {
    x: number[][];
    y: Array<Array<number | null>>;
  }

  export interface PlotlyStatic {
    newPlot(
      root: HTMLElement,
      data: object[],
      layout?: object,
      config?: object
    ): Promise<PlotlyElement>;
    react(
      root: HTMLElement,
      data: object[],
      layout?: object,
      config?: object
    ): Promise<PlotlyElement>;
    extendTraces(
      root: HTMLElement,
      update: TraceExtension,
      indices: number[]
    ): Promise<PlotlyElement>;
    relayout(root: HTMLElement, update: object): Promise<PlotlyElement>;
    purge(root: HTMLElement): void;
    Plots: { resize(root: HTMLElement): Promise<void> | void };
  }

  const Plotly: PlotlyStatic;
  export = Plotly;
}
