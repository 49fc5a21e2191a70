/**
 * The JupyterLab plugin: registers the `kernelkeras` widget module with the
 * ipywidgets manager (@jupyter-widgets/jupyterlab-manager), and hands the notebook
 * tracker and `NotebookActions` (when the front end has notebooks) to the cell writer.
 */
import { IJupyterWidgetRegistry } from '@jupyter-widgets/base';
import { INotebookTracker, NotebookActions } from '@jupyterlab/notebook';

import {
  CellWriterModel,
  CellWriterView,
  setNotebookContext
} from './cellwriter';
import { MODULE_NAME, MODULE_VERSION } from './version';
import { LiveChartModel, LiveChartView } from './widget';

const plugin = {
  id: 'kernelkeras:plugin',
  description:
    'The widgets of kernelkeras: the live training chart and the cell writer (ipywidgets).',
  requires: [IJupyterWidgetRegistry],
  optional: [INotebookTracker],
  autoStart: true,
  activate: (
    _app: unknown,
    registry: IJupyterWidgetRegistry,
    tracker: INotebookTracker | null
  ): void => {
    setNotebookContext(tracker ? { tracker, actions: NotebookActions } : null);
    registry.registerWidget({
      name: MODULE_NAME,
      version: MODULE_VERSION,
      exports: {
        LiveChartModel,
        LiveChartView,
        CellWriterModel,
        CellWriterView
      }
    });
  }
};

export default plugin;
