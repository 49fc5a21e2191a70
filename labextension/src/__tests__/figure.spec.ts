// buildFigure: the plotly traces and layout for the traits and the points received.

import * as fs from 'fs';
import * as path from 'path';

import {
  buildFigure,
  escapeHtml,
  ISeries,
  ITrace,
  MARGIN,
  PANEL_HEIGHT,
  panelMetrics,
  panelTitle,
  plotHeight,
  xRange
} from '../figure';
import { ILiveChartState, isChartStyle } from '../protocol';
import { STYLE } from './fixtures';

const STATE: ILiveChartState = {
  metrics: ['loss', 'mean_absolute_error'],
  titles: { loss: 'Loss', mean_absolute_error: 'Mean absolute error' },
  validation: true,
  epochs: 30,
  initial_epoch: 0,
  title: 'Training sequential',
  running: true,
  header: '',
  chart_style: STYLE
};

const NO_POINTS = new Map<string, ISeries>();

function trace(data: ITrace[], name: string, panel: number): ITrace {
  const axis = panel === 0 ? 'x' : `x${panel + 1}`;
  const found = data.find(t => t.name === name && t.xaxis === axis);
  if (found === undefined) {
    throw new Error(`no trace ${name} in panel ${panel}`);
  }
  return found;
}

describe('buildFigure', () => {
  it('has the style Python sends as its test style', () => {
    expect(isChartStyle(STYLE)).toBe(true);
  });

  it('makes four traces per panel, in order, with validation', () => {
    const { data, keys } = buildFigure(STATE, NO_POINTS);
    expect(keys).toEqual([
      'batch:loss',
      'epoch:loss',
      'epoch:val_loss',
      'nonfinite:loss',
      'batch:mean_absolute_error',
      'epoch:mean_absolute_error',
      'epoch:val_mean_absolute_error',
      'nonfinite:mean_absolute_error'
    ]);
    expect(data.map(t => t.name)).toEqual([
      'training (batches)',
      'training',
      'validation',
      'NaN',
      'training (batches)',
      'training',
      'validation',
      'NaN'
    ]);
    expect(data.map(t => t.legendgroup)).toEqual([
      'batches',
      'training',
      'validation',
      'nonfinite',
      'batches',
      'training',
      'validation',
      'nonfinite'
    ]);
    // One legend entry per group (from the first panel); never for the NaN markers.
    expect(data.map(t => t.showlegend)).toEqual([
      true,
      true,
      true,
      false,
      false,
      false,
      false,
      false
    ]);
    expect(
      data.every(t => t.type === 'scatter' && t.connectgaps === false)
    ).toBe(true);
    expect(data.map(t => [t.xaxis, t.yaxis])).toEqual([
      ['x', 'y'],
      ['x', 'y'],
      ['x', 'y'],
      ['x', 'y3'],
      ['x2', 'y2'],
      ['x2', 'y2'],
      ['x2', 'y2'],
      ['x2', 'y4']
    ]);
  });

  it('leaves out the validation traces without validation', () => {
    const { keys } = buildFigure({ ...STATE, validation: false }, NO_POINTS);
    expect(keys).toEqual([
      'batch:loss',
      'epoch:loss',
      'nonfinite:loss',
      'batch:mean_absolute_error',
      'epoch:mean_absolute_error',
      'nonfinite:mean_absolute_error'
    ]);
  });

  it('styles the traces from the chart_style trait', () => {
    const { data } = buildFigure(STATE, NO_POINTS);
    for (const panel of [0, 1]) {
      expect(trace(data, 'training (batches)', panel)).toMatchObject({
        mode: 'lines',
        line: { color: 'rgba(248, 118, 109, 0.45)', width: 1 }
      });
      expect(trace(data, 'training', panel)).toMatchObject({
        mode: 'markers+lines',
        line: { color: '#F8766D', width: 2, dash: 'solid' },
        marker: { color: '#F8766D', size: 7, symbol: 'circle' },
        cliponaxis: false
      });
      expect(trace(data, 'validation', panel)).toMatchObject({
        mode: 'markers+lines',
        line: { color: '#00BFC4', width: 2, dash: 'dash' },
        marker: { color: '#00BFC4', size: 7, symbol: 'diamond' },
        cliponaxis: false
      });
      expect(trace(data, 'NaN', panel)).toMatchObject({
        mode: 'markers',
        marker: { color: '#D62728', size: 11, symbol: 'x' },
        cliponaxis: false
      });
    }
  });

  it('follows a changed style', () => {
    const style = {
      ...STYLE,
      training: { ...STYLE.training, color: '#000000', dash: 'dot' as const }
    };
    const { data } = buildFigure({ ...STATE, chart_style: style }, NO_POINTS);
    expect(trace(data, 'training', 0)).toMatchObject({
      line: { color: '#000000', width: 2, dash: 'dot' },
      marker: { color: '#000000' }
    });
  });

  it.each([
    ['no style trait', undefined],
    ['an empty style', {}],
    ['a null style', null],
    ['a string style', 'dark'],
    [
      'null parts',
      { training: null, validation: null, batches: null, nonfinite: null }
    ]
  ])('draws with plotly defaults given %s', (_, style) => {
    const { data, keys } = buildFigure(
      { ...STATE, chart_style: style },
      NO_POINTS
    );
    expect(keys).toHaveLength(8);
    for (const t of data) {
      for (const part of ['line', 'marker']) {
        if (part in t) {
          expect(t[part]).toEqual({});
        }
      }
    }
  });

  it('keeps the usable values of a partial style', () => {
    const style = {
      training: { color: 'red', width: 'wide', marker_size: 9 },
      batches: { width: 3 },
      nonfinite: { symbol: 'cross', size: Number.NaN }
    };
    const { data } = buildFigure({ ...STATE, chart_style: style }, NO_POINTS);
    expect(trace(data, 'training', 0).line).toEqual({ color: 'red' });
    expect(trace(data, 'training', 0).marker).toEqual({
      color: 'red',
      size: 9
    });
    expect(trace(data, 'validation', 0).line).toEqual({});
    expect(trace(data, 'training (batches)', 0).line).toEqual({ width: 3 });
    expect(trace(data, 'NaN', 0).marker).toEqual({ symbol: 'cross' });
  });

  it('titles the panels from the titles trait, else with the metric name', () => {
    const titles = (traits: object): string[] =>
      (
        buildFigure(traits, NO_POINTS).layout.annotations as { text: string }[]
      ).map(a => a.text);
    expect(titles(STATE)).toEqual(['Loss', 'Mean absolute error']);
    expect(titles({ ...STATE, titles: { loss: 'Loss' } })).toEqual([
      'Loss',
      'mean_absolute_error'
    ]);
    expect(titles({ ...STATE, titles: undefined })).toEqual([
      'loss',
      'mean_absolute_error'
    ]);
    expect(titles({ ...STATE, titles: { loss: 3 } })).toEqual([
      'loss',
      'mean_absolute_error'
    ]);
    expect(panelTitle({}, 'accuracy')).toBe('accuracy');
  });

  it('copies the points received so far into the traces', () => {
    const series = new Map<string, ISeries>([
      ['batch:loss', { x: [0.5, 1], y: [0.9, 0.7] }],
      ['epoch:val_loss', { x: [1], y: [0.8] }],
      ['epoch:other', { x: [1], y: [5] }]
    ]);
    const { data, keys } = buildFigure(STATE, series);
    const batch = data[keys.indexOf('batch:loss')];
    expect(batch.x).toEqual([0.5, 1]);
    expect(batch.y).toEqual([0.9, 0.7]);
    expect(batch.x).not.toBe(series.get('batch:loss')?.x);
    expect(data[keys.indexOf('epoch:val_loss')].y).toEqual([0.8]);
    expect(data[keys.indexOf('epoch:loss')].x).toEqual([]);
    expect(keys).not.toContain('epoch:other');
  });

  it('lays out one panel per metric, the x axis from initial_epoch to epochs', () => {
    const { layout } = buildFigure({ ...STATE, initial_epoch: 5 }, NO_POINTS);
    expect(layout.height).toBe(2 * PANEL_HEIGHT + MARGIN.t + MARGIN.b);
    expect(layout.xaxis).toMatchObject({
      range: [5, 30],
      showticklabels: false
    });
    expect(layout.xaxis2).toMatchObject({
      range: [5, 30],
      matches: 'x',
      showticklabels: true,
      title: { text: 'Epoch' }
    });
    const top = (layout.yaxis as { domain: number[] }).domain;
    const bottom = (layout.yaxis2 as { domain: number[] }).domain;
    expect(top[1]).toBe(1);
    expect(bottom[0]).toBe(0);
    expect(bottom[1]).toBeLessThan(top[0]);
    expect(layout.yaxis3).toMatchObject({
      overlaying: 'y',
      range: [0, 1],
      visible: false
    });
    expect(layout.yaxis4).toMatchObject({
      overlaying: 'y2',
      range: [0, 1],
      visible: false
    });
  });

  it('keeps the hover texts, with the metric names as meta values', () => {
    const { data } = buildFigure(STATE, NO_POINTS);
    expect(data.slice(0, 4).map(t => t.hovertemplate)).toEqual([
      '%{y:.4g}<extra>%{meta[0]}, batches (epoch %{x:.2f})</extra>',
      '%{y:.4g}<extra>%{meta[0]} (epoch %{x})</extra>',
      '%{y:.4g}<extra>%{meta[0]} (epoch %{x})</extra>',
      'NaN<extra>%{meta[0]} (epoch %{x:.2f})</extra>'
    ]);
    expect(data.slice(0, 4).map(t => t.meta)).toEqual([
      ['loss'],
      ['loss'],
      ['val_loss'],
      ['loss']
    ]);
  });

  it('draws one loss panel for an empty or missing metrics trait', () => {
    expect(panelMetrics({})).toEqual(['loss']);
    expect(panelMetrics({ metrics: [] })).toEqual(['loss']);
    expect(buildFigure({}, NO_POINTS).keys).toEqual([
      'batch:loss',
      'epoch:loss',
      'nonfinite:loss'
    ]);
    expect(plotHeight(1)).toBe(PANEL_HEIGHT + MARGIN.t + MARGIN.b);
  });

  it('keeps the x axis at least one epoch long', () => {
    expect(xRange({ epochs: 30, initial_epoch: 0 })).toEqual([0, 30]);
    expect(xRange({ epochs: 3, initial_epoch: 3 })).toEqual([3, 4]);
    expect(xRange({})).toEqual([0, 1]);
  });

  it('is the only place of the layout: no colour of the style is hard-coded in src/', () => {
    const src = path.resolve(__dirname, '..');
    const sources = fs
      .readdirSync(src)
      .filter(name => name.endsWith('.ts'))
      .map(name => fs.readFileSync(path.join(src, name), 'utf8'))
      .join('\n');
    for (const colour of [
      '#F8766D',
      '#00BFC4',
      'rgba(248, 118, 109',
      '#D62728'
    ]) {
      expect(sources.toUpperCase()).not.toContain(colour.toUpperCase());
    }
  });
});

describe('hostile metric names and titles', () => {
  const IMG = '<img src=x onerror=alert(1)>';
  const SVG = 'a&b "q" \'s\' <svg onload=alert(2)>';
  const HOSTILE: ILiveChartState = {
    ...STATE,
    metrics: ['loss', IMG, SVG],
    titles: { loss: 'Loss', [IMG]: `Title ${IMG}` }
  };

  it('escapes <, >, & and quotes once, as entities plotly decodes', () => {
    expect(escapeHtml(IMG)).toBe('&lt;img src=x onerror=alert(1)&gt;');
    expect(escapeHtml(SVG)).toBe(
      'a&amp;b &#34;q&#34; &#39;s&#39; &lt;svg onload=alert(2)&gt;'
    );
    expect(escapeHtml('plain_name')).toBe('plain_name');
  });

  it('puts every title and metric name into the figure escaped', () => {
    const { data, layout } = buildFigure(HOSTILE, NO_POINTS);
    const titles = (layout.annotations as { text: string }[]).map(a => a.text);
    expect(titles).toEqual([
      'Loss',
      `Title ${escapeHtml(IMG)}`,
      escapeHtml(SVG) // no title for it: the metric's name
    ]);
    const metas = data.map(t => (t.meta as string[])[0]);
    expect(metas).toContain(escapeHtml(IMG));
    expect(metas).toContain(escapeHtml(`val_${SVG}`));
    for (const t of data) {
      expect(t.hovertemplate).not.toContain('<img');
      expect(String(t.hovertemplate)).toMatch(/%\{meta\[0\]\}/);
    }
    const text = JSON.stringify({ data, layout });
    expect(text).not.toMatch(/<img|<svg|&amp;amp;/);
  });
});
