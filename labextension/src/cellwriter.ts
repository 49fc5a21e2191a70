/**
 * The cell writer: `CellWriterModel` and `CellWriterView`, an invisible widget that
 * lets Python insert (and run) a new code cell in the notebook that shows it.
 *
 * Python (kernelkeras/frontend/_cell_writer.py) sends one custom message:
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
 * The messages are `ICellWriterRequest` and `CellWriterReply` (protocol.ts). A message
 * with `method: "insert_cell"` that the guard refuses (a missing or extra key, `code`
 * not a string, ...) is answered with `ok: false` too; other messages are ignored.
 *
 * The view is an empty div without height: it only has to be in the page, so that
 * the model can find the cell around it.
 *
 * What the model needs from JupyterLab's notebook (the tracker and three of
 * `NotebookActions`' functions) is handed to it by the plugin (`setNotebookContext`),
 * so this module imports only types from `@jupyterlab/notebook` (and the unit tests can
 * pass fakes without loading JupyterLab).
 */
import { DOMWidgetModel, DOMWidgetView } from '@jupyter-widgets/base';
import type {
  INotebookTracker,
  NotebookActions,
  NotebookPanel
} from '@jupyterlab/notebook';

import { CellWriterReply, isCellWriterRequest } from './protocol';
import { MODULE_NAME, MODULE_VERSION } from './version';

/** How long a request waits for a view in a cell (`display(w); w.insert(...)` in one cell). */
const VIEW_WAIT_MS = 2000;
const VIEW_POLL_MS = 50;

/** The functions of `NotebookActions` that the cell writer calls. */
export type CellWriterActions = Pick<
  typeof NotebookActions,
  'insertBelow' | 'changeCellType' | 'runCells'
>;

/** What the cell writer needs from the front end's notebooks. */
export interface INotebookContext {
  tracker: INotebookTracker;
  actions: CellWriterActions;
}

let notebookContext: INotebookContext | null = null;

/**
 * Hands the application's notebook tracker and `NotebookActions` to the cell writers
 * (the plugin calls it; `null` when the front end has no notebooks).
 */
export function setNotebookContext(context: INotebookContext | null): void {
  notebookContext = context;
}

/** A notebook panel and the index of one of its cells. */
interface ICellPlace {
  panel: NotebookPanel;
  index: number;
}

/** The notebook panel and cell index whose cell contains `el`, or null. */
export function findCell(
  tracker: INotebookTracker,
  el: HTMLElement
): ICellPlace | null {
  let found: ICellPlace | null = null;
  tracker.forEach(panel => {
    if (found !== null || panel.isDisposed) {
      return;
    }
    const index = panel.content.widgets.findIndex(cell =>
      cell.node.contains(el)
    );
    if (index >= 0) {
      found = { panel, index };
    }
  });
  return found;
}

function failure(reason: string): CellWriterReply {
  return { event: 'inserted', ok: false, reason };
}

/** A message meant as a request (`method: "insert_cell"`), well-formed or not. */
function isInsertCell(content: unknown): content is { [key: string]: unknown } {
  return (
    typeof content === 'object' &&
    content !== null &&
    (content as { method?: unknown }).method === 'insert_cell'
  );
}

/** Why an `insert_cell` message is not an `ICellWriterRequest`. */
function malformed(message: { [key: string]: unknown }): string {
  const extra = Object.keys(message).filter(
    key => !['method', 'code', 'run'].includes(key)
  );
  const problems = [
    ...(typeof message.code === 'string' ? [] : ['code must be a string']),
    ...(typeof message.run === 'boolean' ? [] : ['run must be a boolean']),
    ...(extra.length === 0 ? [] : [`unexpected key(s) ${extra.join(', ')}`])
  ];
  return `malformed insert_cell request: ${problems.join('; ')}`;
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
      if (!isInsertCell(content)) {
        return;
      }
      this.queue = this.queue
        .then(() =>
          isCellWriterRequest(content)
            ? this.insertCell(content.code, content.run)
            : this.send(failure(malformed(content)))
        )
        .catch(err => {
          console.error('kernelkeras: could not insert a cell', err);
          this.send(failure(`could not insert a cell: ${String(err)}`));
        });
    });
  }

  /** The newest view that sits in a notebook cell, waiting briefly for one to render. */
  private async place(tracker: INotebookTracker): Promise<ICellPlace | null> {
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
  private async insertCell(code: string, run: boolean): Promise<void> {
    const { reply, start } = await this.makeCell(code);
    // The reply goes first, so that Python's callbacks run before the new cell does.
    this.send(reply);
    if (run && start !== null) {
      void start();
    }
  }

  /** Inserts the cell; the reply and what runs the new cell. */
  private async makeCell(code: string): Promise<{
    reply: CellWriterReply;
    start: (() => Promise<boolean>) | null;
  }> {
    const fail = (reason: string) => ({ reply: failure(reason), start: null });
    const context = notebookContext;
    if (context === null) {
      return fail('not in a notebook: this front end has no notebook tracker');
    }
    const { tracker, actions } = context;
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
    actions.insertBelow(notebook);
    if (notebook.activeCell?.model.type !== 'code') {
      // insertBelow makes the configured default cell type (markdown for some users).
      actions.changeCellType(notebook, 'code');
    }
    const cell = notebook.activeCell;
    if (cell === null || notebook.activeCellIndex !== index + 1) {
      return fail('the new cell could not be made');
    }
    cell.model.sharedModel.setSource(code);
    return {
      reply: { event: 'inserted', ok: true },
      start: () => actions.runCells(notebook, [cell], panel.sessionContext)
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
