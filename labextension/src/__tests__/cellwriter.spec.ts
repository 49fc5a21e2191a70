// CellWriterModel with a fake notebook tracker and fake NotebookActions: one reply per
// request, in order. @jupyterlab/notebook is never loaded (cellwriter.ts imports only
// its types).

import {
  CellWriterActions,
  CellWriterModel,
  CellWriterView,
  INotebookContext,
  setNotebookContext
} from '../cellwriter';
import { CellWriterReply, isCellWriterReply } from '../protocol';
import { createTestModel, DummyManager, MockComm } from './utils';

/** A fake notebook cell: a DOM node and the bits of a cell model the writer uses. */
class FakeCell {
  node = document.createElement('div');
  source = '';
  model = {
    type: 'code',
    sharedModel: { setSource: (source: string) => (this.source = source) }
  };

  constructor(type = 'code') {
    this.model.type = type;
  }
}

class FakeNotebook {
  widgets: FakeCell[];
  activeCellIndex = 0;
  model = { readOnly: false };

  constructor(cells: number) {
    this.widgets = Array.from({ length: cells }, () => new FakeCell());
  }

  get activeCell(): FakeCell | null {
    return this.widgets[this.activeCellIndex] ?? null;
  }
}

class FakePanel {
  isDisposed = false;
  sessionContext = { name: 'fake session' };

  constructor(public content: FakeNotebook) {}
}

/** The log of what happened, in order: replies sent and cells run. */
let log: string[];

/** NotebookActions, the three functions the writer uses, acting on fake notebooks. */
function fakeActions(defaultType = 'code') {
  return {
    insertBelow: jest.fn((notebook: FakeNotebook) => {
      notebook.widgets.splice(
        notebook.activeCellIndex + 1,
        0,
        new FakeCell(defaultType)
      );
      notebook.activeCellIndex += 1;
    }),
    changeCellType: jest.fn((notebook: FakeNotebook, type: string) => {
      const cell = notebook.activeCell;
      if (cell) {
        cell.model.type = type;
      }
    }),
    runCells: jest.fn(
      (notebook: FakeNotebook, cells: FakeCell[], session: unknown) => {
        log.push(`run ${cells.map(cell => cell.source).join(',')}`);
        return Promise.resolve(true);
      }
    )
  };
}

function fakeContext(panels: FakePanel[], actions = fakeActions()) {
  const tracker = {
    forEach: (fn: (panel: FakePanel) => void) => panels.forEach(fn)
  };
  const context = { tracker, actions } as unknown as INotebookContext;
  return { context, actions };
}

interface IWriter {
  model: CellWriterModel;
  comm: MockComm;
  manager: DummyManager;
}

function writer(): IWriter {
  const created = createTestModel(CellWriterModel);
  const send = created.comm.send.bind(created.comm);
  created.comm.send = (data: any) => {
    if (data?.method === 'custom') {
      log.push(`reply ${JSON.stringify(data.content)}`);
    }
    return send(data);
  };
  return created;
}

/** A rendered view of `model`, put into `cell` (as the output area would). */
async function viewIn(
  { model, manager }: IWriter,
  cell: FakeCell | null
): Promise<CellWriterView> {
  const view = (await manager.create_view(model)) as CellWriterView;
  (cell?.node ?? manager.el).appendChild(view.el);
  return view;
}

/** Runs the writer's queue and timers (it waits up to 2 s for a view). */
async function settle(): Promise<void> {
  await jest.advanceTimersByTimeAsync(5000);
}

function request(code: unknown, run: unknown = false): object {
  return { method: 'insert_cell', code, run };
}

const ok: CellWriterReply = { event: 'inserted', ok: true };

describe('CellWriterModel', () => {
  beforeEach(() => {
    jest.useFakeTimers();
    log = [];
  });

  afterEach(() => {
    setNotebookContext(null);
    jest.useRealTimers();
  });

  it('is created, with no views', () => {
    const { model } = writer();
    expect(model).toBeInstanceOf(CellWriterModel);
    expect(model.get('_view_name')).toBe('CellWriterView');
    expect(model.liveViews).toEqual([]);
  });

  it('renders an invisible view that it knows of until it is removed', async () => {
    const w = writer();
    const view = await viewIn(w, null);
    expect(view).toBeInstanceOf(CellWriterView);
    expect(view.el.classList.contains('kk-cell-writer')).toBe(true);
    expect(w.model.liveViews).toEqual([view]);
    view.remove();
    expect(w.model.liveViews).toEqual([]);
  });

  it('inserts a code cell below the widget cell and replies ok', async () => {
    const notebook = new FakeNotebook(3);
    const { context, actions } = fakeContext([new FakePanel(notebook)]);
    setNotebookContext(context);
    const w = writer();
    await viewIn(w, notebook.widgets[1]);

    void w.comm.receive(request('x = 1'));
    await settle();

    expect(w.comm.custom).toEqual([ok]);
    expect(notebook.widgets).toHaveLength(4);
    expect(notebook.widgets[2].source).toBe('x = 1');
    expect(notebook.widgets[2].model.type).toBe('code');
    expect(notebook.activeCellIndex).toBe(2);
    expect(actions.changeCellType).not.toHaveBeenCalled();
    expect(actions.runCells).not.toHaveBeenCalled();
  });

  it('with run, runs the new cell after replying', async () => {
    const notebook = new FakeNotebook(1);
    const panel = new FakePanel(notebook);
    const { context, actions } = fakeContext([panel]);
    setNotebookContext(context);
    const w = writer();
    await viewIn(w, notebook.widgets[0]);

    void w.comm.receive(request('print(1)', true));
    await settle();

    expect(w.comm.custom).toEqual([ok]);
    expect(log).toEqual([`reply ${JSON.stringify(ok)}`, 'run print(1)']);
    expect(actions.runCells).toHaveBeenCalledWith(
      notebook,
      [notebook.widgets[1]],
      panel.sessionContext
    );
  });

  it('makes the new cell a code cell when the default cell type is markdown', async () => {
    const notebook = new FakeNotebook(1);
    const { context, actions } = fakeContext(
      [new FakePanel(notebook)],
      fakeActions('markdown')
    );
    setNotebookContext(context);
    const w = writer();
    await viewIn(w, notebook.widgets[0]);

    void w.comm.receive(request('y = 2'));
    await settle();

    expect(w.comm.custom).toEqual([ok]);
    expect(actions.changeCellType).toHaveBeenCalledWith(notebook, 'code');
    expect(notebook.widgets[1].model.type).toBe('code');
  });

  it('uses the most recently rendered view in a cell', async () => {
    const first = new FakeNotebook(2);
    const second = new FakeNotebook(4);
    const { context } = fakeContext([
      new FakePanel(first),
      new FakePanel(second)
    ]);
    setNotebookContext(context);
    const w = writer();
    await viewIn(w, first.widgets[0]);
    await viewIn(w, second.widgets[2]);
    await viewIn(w, null); // newest, but in no cell

    void w.comm.receive(request('z = 3'));
    await settle();

    expect(w.comm.custom).toEqual([ok]);
    expect(first.widgets).toHaveLength(2);
    expect(second.widgets[3].source).toBe('z = 3');
  });

  it('waits for a view that renders shortly after the request', async () => {
    const notebook = new FakeNotebook(1);
    const { context } = fakeContext([new FakePanel(notebook)]);
    setNotebookContext(context);
    const w = writer();

    void w.comm.receive(request('late = True'));
    await jest.advanceTimersByTimeAsync(500);
    expect(w.comm.custom).toEqual([]);
    await viewIn(w, notebook.widgets[0]);
    await settle();

    expect(w.comm.custom).toEqual([ok]);
    expect(notebook.widgets[1].source).toBe('late = True');
  });

  it.each<
    [string, (notebook: FakeNotebook, w: IWriter) => Promise<unknown>, string]
  >([
    [
      'not displayed',
      async () => undefined,
      'not in a notebook: the widget is not displayed'
    ],
    [
      'displayed outside a notebook cell',
      async (notebook, w) => viewIn(w, null),
      'not in a notebook: the widget is not displayed in a notebook cell'
    ],
    [
      'its view removed',
      async (notebook, w) => (await viewIn(w, notebook.widgets[0])).remove(),
      'not in a notebook: the widget is not displayed'
    ],
    [
      'the notebook read-only',
      async (notebook, w) => {
        notebook.model.readOnly = true;
        return viewIn(w, notebook.widgets[0]);
      },
      'the notebook is read-only'
    ]
  ])('replies ok: false with %s', async (_, setUp, reason) => {
    const notebook = new FakeNotebook(2);
    const { context, actions } = fakeContext([new FakePanel(notebook)]);
    setNotebookContext(context);
    const w = writer();
    await setUp(notebook, w);

    void w.comm.receive(request('x = 1', true));
    await settle();

    expect(w.comm.custom).toEqual([{ event: 'inserted', ok: false, reason }]);
    expect(notebook.widgets).toHaveLength(2);
    expect(actions.insertBelow).not.toHaveBeenCalled();
    expect(actions.runCells).not.toHaveBeenCalled();
  });

  it('replies ok: false when the front end has no notebook tracker', async () => {
    setNotebookContext(null);
    const w = writer();
    await viewIn(w, null);

    void w.comm.receive(request('x = 1'));
    await settle();

    expect(w.comm.custom).toEqual([
      {
        event: 'inserted',
        ok: false,
        reason: 'not in a notebook: this front end has no notebook tracker'
      }
    ]);
  });

  it.each([
    ['code not a string', request(3), /code must be a string/],
    ['run not a boolean', request('x = 1', 'yes'), /run must be a boolean/],
    ['no code', { method: 'insert_cell', run: false }, /code must be a string/],
    [
      'an extra key',
      { method: 'insert_cell', code: 'x = 1', run: false, below: true },
      /unexpected key\(s\) below/
    ]
  ])(
    'replies ok: false to a malformed request (%s)',
    async (_, message, reason) => {
      const notebook = new FakeNotebook(1);
      const { context, actions } = fakeContext([new FakePanel(notebook)]);
      setNotebookContext(context);
      const w = writer();
      await viewIn(w, notebook.widgets[0]);

      void w.comm.receive(message);
      await settle();

      expect(w.comm.custom).toHaveLength(1);
      const [reply] = w.comm.custom as CellWriterReply[];
      expect(isCellWriterReply(reply)).toBe(true);
      expect(reply.ok).toBe(false);
      expect(reply.ok === false && reply.reason).toMatch(reason);
      expect(actions.insertBelow).not.toHaveBeenCalled();
    }
  );

  it('ignores messages that are not insert_cell requests', async () => {
    const notebook = new FakeNotebook(1);
    const { context, actions } = fakeContext([new FakePanel(notebook)]);
    setNotebookContext(context);
    const w = writer();

    // Before any view exists: ipywidgets' own DOMWidgetView.handle_message reads
    // `content.do` of every custom message, and throws on a null one.
    for (const message of [
      null,
      'insert_cell',
      [],
      { method: 'delete_cell' },
      { code: 'x' }
    ]) {
      void w.comm.receive(message);
    }
    await viewIn(w, notebook.widgets[0]);
    void w.comm.receive({ method: 'insert_cells', code: 'x = 1', run: false });
    await settle();

    expect(w.comm.custom).toEqual([]);
    expect(actions.insertBelow).not.toHaveBeenCalled();
  });

  it('answers several requests one at a time, in order, exactly once each', async () => {
    const notebook = new FakeNotebook(1);
    const { context } = fakeContext([new FakePanel(notebook)]);
    setNotebookContext(context);
    const w = writer();
    await viewIn(w, notebook.widgets[0]);

    void w.comm.receive(request('a = 1', true));
    void w.comm.receive(request(42));
    void w.comm.receive({ method: 'something else' });
    void w.comm.receive(request('b = 2'));
    void w.comm.receive(request('c = 3', true));
    await settle();

    const replies = w.comm.custom as CellWriterReply[];
    expect(replies.every(isCellWriterReply)).toBe(true);
    expect(replies.map(reply => reply.ok)).toEqual([true, false, true, true]);
    // Each insert goes directly below the widget's cell: the newest is on top.
    expect(notebook.widgets.map(cell => cell.source)).toEqual([
      '',
      'c = 3',
      'b = 2',
      'a = 1'
    ]);
    expect(log.filter(entry => entry.startsWith('run'))).toEqual([
      'run a = 1',
      'run c = 3'
    ]);
    expect(log.indexOf('run a = 1')).toBeGreaterThan(0);
    expect(log.indexOf('run c = 3')).toBeGreaterThan(
      log.lastIndexOf(`reply ${JSON.stringify(ok)}`)
    );
  });

  it('replies ok: false when inserting throws', async () => {
    const notebook = new FakeNotebook(1);
    const actions = fakeActions();
    actions.insertBelow.mockImplementation(() => {
      throw new Error('boom');
    });
    const { context } = fakeContext([new FakePanel(notebook)], actions);
    setNotebookContext(context);
    const error = jest
      .spyOn(console, 'error')
      .mockImplementation(() => undefined);
    const w = writer();
    await viewIn(w, notebook.widgets[0]);

    void w.comm.receive(request('x = 1'));
    void w.comm.receive(request('y = 2'));
    await settle();

    expect(w.comm.custom).toEqual([
      {
        event: 'inserted',
        ok: false,
        reason: 'could not insert a cell: Error: boom'
      },
      {
        event: 'inserted',
        ok: false,
        reason: 'could not insert a cell: Error: boom'
      }
    ]);
    error.mockRestore();
  });

  it('takes NotebookActions-shaped functions', () => {
    // A compile-time check that the fakes have the shape of the real functions.
    const actions: CellWriterActions =
      fakeActions() as unknown as CellWriterActions;
    expect(Object.keys(actions).sort()).toEqual([
      'changeCellType',
      'insertBelow',
      'runCells'
    ]);
  });
});
