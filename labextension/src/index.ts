/**
 * The JupyterLab plugin: registers the `kernelkeras` widget module with the
 * ipywidgets manager (@jupyter-widgets/jupyterlab-manager).
 */
import { IJupyterWidgetRegistry } from '@jupyter-widgets/base';

import { MODULE_NAME, MODULE_VERSION } from './version';
import { LiveChartModel, LiveChartView } from './widget';

const plugin = {
  id: 'kernelkeras:plugin',
  description: 'The live training chart of kernelkeras (an ipywidgets widget).',
  requires: [IJupyterWidgetRegistry],
  autoStart: true,
  activate: (_app: unknown, registry: IJupyterWidgetRegistry): void => {
    registry.registerWidget({
      name: MODULE_NAME,
      version: MODULE_VERSION,
      exports: { LiveChartModel, LiveChartView }
    });
  }
};

export default plugin;
