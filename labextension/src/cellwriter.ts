/**
 * The cell writer: `CellWriterModel` and `CellWriterView`, an invisible widget that
 * lets Python insert (and run) a new code cell in the notebook that shows it.
 *
 * Python (kernelkeras/_cell_writer.py) sends one custom message:
 *
 *   {method: "insert_cell", code: str, run: bool}
 *
 * and the front end answers each with one custom message:
 *
 *   {event: "inserted", ok: true}
 *   {event: "inserted", ok: false, reason: str}
 *
 * Where the cell goes: directly below the notebook cell whose output shows the widget
 * (the cell that holds this view's element). When several views of the widget are in
 * notebook cells, the most recently rendered one wins. The new cell becomes the active
 * cell; with `run` it is executed at once with the notebook's kernel session. If no
 * view of the widget is inside a notebook cell (not displayed, displayed outside a
 * notebook, or no notebook tracker in this front end), nothing is inserted and the
 * reply says why (`ok: false`).
 *
 * The view is an empty div without height: it only has to be in the page, so that
 * the model can find the cell around it.
 */
import { DOMWidgetModel, DOMWidgetView } from '@jupyter-widgets/base';
import type { INotebookTracker, NotebookPanel } from '@jupyterlab/notebook';
import { NotebookActions } from '@jupyterlab/notebook';

import { MODULE_NAME, MODULE_VERSION } from './version';

/** How long a request waits for a view in a cell (`display(w); w.insert(...)` in one cell). */
const VIEW_WAIT_MS = 2000;
const VIEW_POLL_MS = 50;

let notebookTracker: INotebookTracker | null = null;

/** Hands the application's notebook tracker to the cell writers (the plugin calls it). */
export function setNotebookTracker(tracker: INotebookTracker | null): void {
  notebookTracker = tracker;
}

/** A reply to Python. */
type Reply = { event: 'inserted'; ok: true } | { event: 'inserted'; ok: false; reason: string };

/** A notebook panel and the index of one of its cells. */
interface CellPlace {
  panel: NotebookPanel;
  index: number;
}

/** The notebook panel and cell index whose cell contains `el`, or null. */
export function findCell(tracker: INotebookTracker, el: HTMLElement): CellPlace | null {
  let found: CellPlace | null = null;
  tracker.forEach(panel => {
    if (found !== null || panel.isDisposed) {
      return;
    }
    const index = panel.content.widgets.findIndex(cell => cell.node.contains(el));
    if (index >= 0) {
      found = { panel, index };
    }
  });
  return found;
}

function failure(reason: string): Reply {
  return { event: 'inserted', ok: false, reason };
}

export class CellWriterModel extends DOMWidgetModel {
  static model_name = 'CellWriterModel';
  static model_module = MODULE_NAME;
  static model_module_version = MODULE_VERSION;
  static view_name = 'CellWriterView';
  static view_module = MODULE_NAME;
  static view_module_version = MODULE_VERSION;

  /** The rendered views, oldest first (front-end only). */
  liveViews!: CellWriterView[];
  /** Requests are handled one at a time, in arrival order. */
  private queue!: Promise<void>;

  defaults(): ReturnType<DOMWidgetModel['defaults']> {
    return {
      ...super.defaults(),
      _model_name: CellWriterModel.model_name,
      _model_module: CellWriterModel.model_module,
      _model_module_version: CellWriterModel.model_module_version,
      _view_name: CellWriterModel.view_name,
      _view_module: CellWriterModel.view_module,
      _view_module_version: CellWriterModel.view_module_version
    };
  }

  initialize(
    attributes: Parameters<DOMWidgetModel['initialize']>[0],
    options: Parameters<DOMWidgetModel['initialize']>[1]
  ): void {
    super.initialize(attributes, options);
    // Set here, not as class fields: Backbone calls initialize() from its constructor.
    this.liveViews = [];
    this.queue = Promise.resolve();
    this.on('msg:custom', (content: unknown) => {
      const message = content as { method?: unknown; code?: unknown; run?: unknown } | null;
      if (message?.method !== 'insert_cell') {
        return;
      }
      this.queue = this.queue
        .then(() => this.insertCell(message.code, message.run))
        .catch(err => {
          console.error('kernelkeras: could not insert a cell', err);
          this.send(failure(`could not insert a cell: ${String(err)}`));
        });
    });
  }

  /** The newest view that sits in a notebook cell, waiting briefly for one to render. */
  private async place(tracker: INotebookTracker): Promise<CellPlace | null> {
    const deadline = Date.now() + VIEW_WAIT_MS;
    for (;;) {
      for (const view of [...this.liveViews].reverse()) {
        const place = findCell(tracker, view.el);
        if (place !== null) {
          return place;
        }
      }
      if (Date.now() >= deadline) {
        return null;
      }
      await new Promise(resolve => setTimeout(resolve, VIEW_POLL_MS));
    }
  }

  /** Handles one request and sends its reply. */
  private async insertCell(code: unknown, run: unknown): Promise<void> {
    const { reply, start } = await this.makeCell(code);
    // The reply goes first, so that Python's callbacks run before the new cell does.
    this.send(reply);
    if (run === true && start !== null) {
      void start();
    }
  }

  /** Inserts the cell; the reply and what runs the new cell. */
  private async makeCell(
    code: unknown
  ): Promise<{ reply: Reply; start: (() => Promise<boolean>) | null }> {
    const fail = (reason: string) => ({ reply: failure(reason), start: null });
    if (typeof code !== 'string') {
      return fail('code must be a string');
    }
    const tracker = notebookTracker;
    if (tracker === null) {
      return fail('not in a notebook: this front end has no notebook tracker');
    }
    const place = await this.place(tracker);
    if (place === null) {
      return fail(
        this.liveViews.length === 0
          ? 'not in a notebook: the widget is not displayed'
          : 'not in a notebook: the widget is not displayed in a notebook cell'
      );
    }
    const { panel, index } = place;
    const notebook = panel.content;
    if (!notebook.model || notebook.model.readOnly) {
      return fail('the notebook is read-only');
    }
    notebook.activeCellIndex = index;
    NotebookActions.insertBelow(notebook);
    if (notebook.activeCell?.model.type !== 'code') {
      // insertBelow makes the configured default cell type (markdown for some users).
      NotebookActions.changeCellType(notebook, 'code');
    }
    const cell = notebook.activeCell;
    if (cell === null || notebook.activeCellIndex !== index + 1) {
      return fail('the new cell could not be made');
    }
    cell.model.sharedModel.setSource(code);
    return {
      reply: { event: 'inserted', ok: true },
      start: () => NotebookActions.runCells(notebook, [cell], panel.sessionContext)
    };
  }
}

export class CellWriterView extends DOMWidgetView {
  declare model: CellWriterModel;

  render(): void {
    this.el.classList.add('kk-cell-writer');
    this.model.liveViews.push(this);
  }

  remove(): void {
    const views = this.model.liveViews;
    const at = views.indexOf(this);
    if (at >= 0) {
      views.splice(at, 1);
    }
    super.remove();
  }
}
