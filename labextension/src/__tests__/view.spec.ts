// LiveChartView wiring with a fake plotly (nothing is drawn): it plots buildFigure's
// figure, extends the traces with only the new points, and redraws on a style change.

import { buildFigure } from '../figure';
import { LiveChartModel, LiveChartView } from '../widget';
import { createTestModel } from './utils';

const fakePlotly = {
  react: jest.fn((el: HTMLElement & { data?: unknown }, data: unknown[]) => {
    el.data = data;
    return Promise.resolve(el);
  }),
  extendTraces: jest.fn(
    (
      el: { data: { x: number[] }[] },
      update: { x: number[][] },
      indices: number[]
    ) => {
      indices.forEach((trace, i) => el.data[trace].x.push(...update.x[i]));
      return Promise.resolve(el);
    }
  ),
  relayout: jest.fn(() => Promise.resolve()),
  purge: jest.fn(),
  Plots: { resize: jest.fn() }
};

jest.mock('plotly.js-dist-min', () => fakePlotly);

async function frames(): Promise<void> {
  for (let i = 0; i < 5; i++) {
    await new Promise(resolve => setTimeout(resolve, 20));
  }
}

describe('LiveChartView', () => {
  let error: jest.SpyInstance;

  beforeEach(() => {
    jest.clearAllMocks();
    error = jest.spyOn(console, 'error');
  });

  afterEach(() => {
    expect(error).not.toHaveBeenCalled();
    error.mockRestore();
  });

  it('draws the figure, then only the new points, and redraws on a style change', async () => {
    const { model, comm, manager } = createTestModel(LiveChartModel, {
      metrics: ['loss'],
      validation: true,
      epochs: 2,
      titles: { loss: 'Loss' },
      chart_style: { training: { color: '#123456' } }
    });
    void comm.receive({
      kind: 'update',
      epoch: { x: [1], y: { loss: [0.5] } }
    });
    const view = (await manager.create_view(model)) as LiveChartView;
    manager.el.appendChild(view.el);
    view.trigger('displayed');
    await frames();

    expect(fakePlotly.react).toHaveBeenCalledTimes(1);
    const [, data, layout] = fakePlotly.react.mock.calls[0] as unknown as [
      unknown,
      unknown[],
      unknown
    ];
    const expected = buildFigure(model.attributes, model.series);
    expect(data).toEqual(expected.data);
    expect(layout).toEqual(expected.layout);
    expect(view.el.dataset.points).toBe('1');
    expect(view.el.querySelector('.kk-live-plot')).not.toBeNull();

    void comm.receive({
      kind: 'update',
      header: 'Epoch 2/2',
      batch: { x: [1.5, 2], y: { loss: [0.45, 0.4] } },
      epoch: { x: [2], y: { loss: [0.4], val_loss: [0.42] } }
    });
    await frames();
    expect(fakePlotly.extendTraces).toHaveBeenCalledTimes(1);
    const [, update, indices] = fakePlotly.extendTraces.mock.calls[0];
    expect(indices).toEqual([0, 1, 2]); // batch:loss, epoch:loss, epoch:val_loss
    expect(update.x).toEqual([[1.5, 2], [2], [2]]);
    expect(view.el.dataset.points).toBe('5');
    expect(view.el.querySelector('.kk-live-header')?.textContent).toBe(
      'Epoch 2/2'
    );

    model.set('chart_style', { training: { color: '#654321' } });
    await frames();
    expect(fakePlotly.react).toHaveBeenCalledTimes(2);
    const redrawn = fakePlotly.react.mock.calls[1][1] as { marker?: object }[];
    expect(redrawn[1].marker).toEqual({ color: '#654321' });

    model.set('titles', { loss: 'Training loss' });
    await frames();
    expect(fakePlotly.react).toHaveBeenCalledTimes(3);
    view.remove();
    // (Twice, in fact: DOMWidgetView.remove disposes its Lumino widget, which removes
    // the view again.)
    expect(fakePlotly.purge).toHaveBeenCalled();
  });
  it('shows a hostile title and header as text, never as markup', async () => {
    const IMG = '<img src=x onerror=alert(1)>';
    const { model, comm, manager } = createTestModel(LiveChartModel, {
      metrics: ['loss'],
      title: `Training ${IMG}`,
      header: `a&b ${IMG}`
    });
    const view = (await manager.create_view(model)) as LiveChartView;
    manager.el.appendChild(view.el);
    view.trigger('displayed');
    await frames();
    expect(view.el.querySelector('.kk-live-title')?.textContent).toBe(
      `Training ${IMG}`
    );
    expect(view.el.querySelector('.kk-live-header')?.textContent).toBe(
      `a&b ${IMG}`
    );
    void comm.receive({ kind: 'done', header: `Failed: ${IMG} & more` });
    await frames();
    expect(view.el.querySelector('.kk-live-header')?.textContent).toBe(
      `Failed: ${IMG} & more`
    );
    expect(view.el.querySelector('img, svg, script')).toBeNull();
    view.remove();
  });
});
