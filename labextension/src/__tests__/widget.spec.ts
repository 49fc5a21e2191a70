// LiveChartModel: what the custom messages do to the model (no plotly, no view).

import { NONFINITE_Y } from '../figure';
import { ILiveChartDone, ILiveChartUpdate } from '../protocol';
import { LiveChartModel } from '../widget';
import { createTestModel, DummyManager, MockComm } from './utils';

interface IChart {
  model: LiveChartModel;
  comm: MockComm;
  manager: DummyManager;
}

function chart(attributes: object = {}): IChart {
  return createTestModel(LiveChartModel, {
    metrics: ['loss', 'accuracy'],
    validation: true,
    epochs: 3,
    ...attributes
  });
}

function points(
  model: LiveChartModel,
  key: string
): { x: number[]; y: unknown[] } {
  const series = model.series.get(key);
  return series ? { x: series.x, y: series.y } : { x: [], y: [] };
}

describe('LiveChartModel', () => {
  let warn: jest.SpyInstance;

  beforeEach(() => {
    warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  });

  afterEach(() => {
    warn.mockRestore();
  });

  it('is created with the defaults of its traits', () => {
    const { model } = createTestModel(LiveChartModel);
    expect(model).toBeInstanceOf(LiveChartModel);
    expect(model.get('_model_name')).toBe('LiveChartModel');
    expect(model.get('_model_module')).toBe('kernelkeras');
    expect(model.get('metrics')).toEqual([]);
    expect(model.get('titles')).toEqual({});
    expect(model.get('chart_style')).toEqual({});
    expect(model.get('running')).toBe(true);
    expect(model.series.size).toBe(0);
    expect(model.finished).toBe(false);
  });

  it('takes the chart_style and titles traits from a state update', async () => {
    const { model, comm } = chart();
    const style = { batches: { color: 'IPY_MODEL_lookalike', width: 1 } };
    await comm._process_msg({
      content: {
        comm_id: comm.comm_id,
        data: {
          method: 'update',
          state: { chart_style: style, titles: { loss: 'Loss' } },
          buffer_paths: []
        }
      }
    } as any);
    await model.state_change;
    expect(model.get('chart_style')).toEqual(style);
    expect(model.get('titles')).toEqual({ loss: 'Loss' });
  });

  it('accumulates update messages per trace key', () => {
    const { model, comm } = chart();
    const first: ILiveChartUpdate = {
      kind: 'update',
      batch: { x: [0.5, 1], y: { loss: [0.9, 0.7], accuracy: [0.5, 0.6] } },
      epoch: {
        x: [1],
        y: {
          loss: [0.7],
          accuracy: [0.6],
          val_loss: [0.8],
          val_accuracy: [0.55]
        }
      }
    };
    const second: ILiveChartUpdate = {
      kind: 'update',
      batch: { x: [1.5, 2], y: { loss: [0.6, 0.5] } },
      epoch: { x: [2], y: { loss: [0.5], val_loss: [0.65] } }
    };
    void comm.receive(first);
    void comm.receive(second);

    expect(points(model, 'batch:loss')).toEqual({
      x: [0.5, 1, 1.5, 2],
      y: [0.9, 0.7, 0.6, 0.5]
    });
    expect(points(model, 'batch:accuracy')).toEqual({
      x: [0.5, 1],
      y: [0.5, 0.6]
    });
    expect(points(model, 'epoch:loss')).toEqual({ x: [1, 2], y: [0.7, 0.5] });
    expect(points(model, 'epoch:val_loss')).toEqual({
      x: [1, 2],
      y: [0.8, 0.65]
    });
    expect(points(model, 'epoch:accuracy')).toEqual({ x: [1], y: [0.6] });
    expect(points(model, 'epoch:val_accuracy')).toEqual({ x: [1], y: [0.55] });
    expect([...model.series.keys()].sort()).toEqual([
      'batch:accuracy',
      'batch:loss',
      'epoch:accuracy',
      'epoch:loss',
      'epoch:val_accuracy',
      'epoch:val_loss'
    ]);
  });

  it('draws no point for a null value', () => {
    const { model, comm } = chart();
    void comm.receive({
      kind: 'update',
      epoch: {
        x: [1, 2, 3],
        y: { loss: [0.5, null, 0.3], val_loss: [null, null, 0.4] }
      }
    });
    expect(points(model, 'epoch:loss')).toEqual({ x: [1, 3], y: [0.5, 0.3] });
    expect(points(model, 'epoch:val_loss')).toEqual({ x: [3], y: [0.4] });
  });

  it('uses the first min(len(x), len(y)) points of a column', () => {
    const { model, comm } = chart();
    void comm.receive({
      kind: 'update',
      batch: { x: [0.25, 0.5], y: { loss: [1, 0.9, 0.8], accuracy: [0.1] } }
    });
    expect(points(model, 'batch:loss')).toEqual({
      x: [0.25, 0.5],
      y: [1, 0.9]
    });
    expect(points(model, 'batch:accuracy')).toEqual({ x: [0.25], y: [0.1] });
  });

  it('marks a non-finite value once per panel and x', () => {
    const { model, comm } = chart();
    void comm.receive({
      kind: 'update',
      batch: { x: [0.5], y: { loss: [null] } },
      nonfinite: { x: [0.5, 0.5, 1], metric: ['loss', 'loss', 'val_loss'] }
    });
    void comm.receive({
      kind: 'update',
      epoch: { x: [1], y: { loss: [null], val_loss: [null] } },
      nonfinite: { x: [1, 1, 1], metric: ['loss', 'val_loss', 'accuracy'] }
    });
    // val_loss is drawn in the loss panel: one cross at x = 1 for loss and val_loss.
    expect(points(model, 'nonfinite:loss')).toEqual({
      x: [0.5, 1],
      y: [NONFINITE_Y, NONFINITE_Y]
    });
    expect(points(model, 'nonfinite:accuracy')).toEqual({
      x: [1],
      y: [NONFINITE_Y]
    });
    expect(model.series.has('nonfinite:val_loss')).toBe(false);
  });

  it('takes the header of a message, and of the trait', () => {
    const { model, comm } = chart({ header: 'Starting' });
    const data = jest.fn();
    model.on('kk:data', data);
    expect(model.headerText).toBe('Starting');

    void comm.receive({ kind: 'update', header: 'Epoch 1/3 · loss 0.5' });
    expect(model.headerText).toBe('Epoch 1/3 · loss 0.5');
    expect(model.series.size).toBe(0);

    void comm.receive({
      kind: 'update',
      epoch: { x: [1], y: { loss: [0.5] } }
    });
    expect(model.headerText).toBe('Epoch 1/3 · loss 0.5'); // no header: kept

    model.set('header', 'From the trait');
    expect(model.headerText).toBe('From the trait');
    expect(data).toHaveBeenCalledTimes(3);
  });

  it('is finished after a done message, with its header', () => {
    const { model, comm } = chart();
    const done: ILiveChartDone = { kind: 'done', header: 'Trained 3/3 epochs' };
    void comm.receive(done);
    expect(model.finished).toBe(true);
    expect(model.headerText).toBe('Trained 3/3 epochs');
  });

  it.each([
    ['not an object', 'update'],
    ['null', null],
    ['an array', [{ kind: 'update' }]],
    ['an unknown kind', { kind: 'reset' }],
    ['no kind', { header: 'no kind' }],
    ['an extra key', { kind: 'update', header: 'h', points: [] }],
    ['a string x', { kind: 'update', epoch: { x: ['1'], y: { loss: [0.5] } } }],
    ['a null x', { kind: 'update', epoch: { x: [null], y: { loss: [0.5] } } }],
    [
      'a string value',
      { kind: 'update', epoch: { x: [1], y: { loss: ['0.5'] } } }
    ],
    [
      'a boolean value',
      { kind: 'update', batch: { x: [1], y: { loss: [true] } } }
    ],
    ['y not an object', { kind: 'update', batch: { x: [1], y: [[0.5]] } }],
    [
      'a numeric metric',
      { kind: 'update', nonfinite: { x: [1], metric: [0] } }
    ],
    ['done without header', { kind: 'done' }],
    ['done with a numeric header', { kind: 'done', header: 3 }]
  ])('ignores a malformed message (%s) without throwing', (_, message) => {
    const { model, comm } = chart({ header: 'before' });
    const data = jest.fn();
    model.on('kk:data', data);
    expect(() => comm.receive(message)).not.toThrow();
    expect(model.series.size).toBe(0);
    expect(model.headerText).toBe('before');
    expect(model.finished).toBe(false);
    expect(data).not.toHaveBeenCalled();
    expect(warn).toHaveBeenCalledTimes(1);
  });

  it('keeps the points of earlier messages when a malformed one arrives', () => {
    const { model, comm } = chart();
    void comm.receive({
      kind: 'update',
      epoch: { x: [1], y: { loss: [0.5] } }
    });
    void comm.receive({
      kind: 'update',
      epoch: { x: [2], y: { loss: 'bad' } }
    });
    void comm.receive({
      kind: 'update',
      epoch: { x: [3], y: { loss: [0.3] } }
    });
    expect(points(model, 'epoch:loss')).toEqual({ x: [1, 3], y: [0.5, 0.3] });
  });

  describe('requestStop', () => {
    it('sends {event: "stop"} once and interrupts the kernel while running', () => {
      const { model, comm, manager } = chart({ running: true });
      model.requestStop();
      model.requestStop();
      expect(comm.custom).toEqual([{ event: 'stop' }]);
      expect(manager.kernel.interrupt).toHaveBeenCalledTimes(1);
      expect(model.stopRequested).toBe(true);
    });

    it('does not interrupt the kernel when training is not running', () => {
      const { model, comm, manager } = chart({ running: false });
      model.requestStop();
      expect(comm.custom).toEqual([{ event: 'stop' }]);
      expect(manager.kernel.interrupt).not.toHaveBeenCalled();
    });

    it('follows the running trait as it changes', () => {
      const { model, manager } = chart({ running: false });
      model.set('running', true);
      model.requestStop();
      expect(manager.kernel.interrupt).toHaveBeenCalledTimes(1);
    });

    it('sends nothing once the chart is finished', () => {
      const { model, comm, manager } = chart();
      void comm.receive({ kind: 'done', header: 'Trained 3/3 epochs' });
      model.requestStop();
      expect(comm.custom).toEqual([]);
      expect(manager.kernel.interrupt).not.toHaveBeenCalled();
    });

    it('warns, not throws, when the interrupt fails', async () => {
      const { model, manager } = chart();
      manager.kernel.interrupt.mockImplementation(() =>
        Promise.reject(new Error('gone'))
      );
      expect(() => model.requestStop()).not.toThrow();
      await Promise.resolve();
      await Promise.resolve();
      expect(warn).toHaveBeenCalledWith(
        'kernelkeras: could not interrupt the kernel',
        expect.any(Error)
      );
    });

    it('works without a kernel on the manager', () => {
      const { model, comm, manager } = chart();
      (manager as { kernel: unknown }).kernel = undefined;
      expect(() => model.requestStop()).not.toThrow();
      expect(comm.custom).toEqual([{ event: 'stop' }]);
    });
  });
});
