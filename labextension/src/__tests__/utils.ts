// Adapted from the widget cookiecutter's src/__tests__/utils.ts
// (jupyter-widgets/widget-ts-cookiecutter; Copyright (c) Jupyter Development Team,
// Modified BSD License): a comm that records what the model sends and lets a test
// deliver custom messages as if from the kernel, a widget manager that knows this
// module's classes and carries a mock kernel, and `createTestModel`.

import * as widgets from '@jupyter-widgets/base';
import * as baseManager from '@jupyter-widgets/base-manager';
import type * as services from '@jupyterlab/services';

import { CellWriterModel, CellWriterView } from '../cellwriter';
import { MODULE_NAME } from '../version';
import { LiveChartModel, LiveChartView } from '../widget';

let numComms = 0;

export class MockComm implements widgets.IClassicComm {
  constructor() {
    this.comm_id = `mock-comm-id-${numComms}`;
    numComms += 1;
  }
  on_close(fn: ((x?: any) => void) | null): void {
    this._on_close = fn;
  }
  on_msg(fn: (x?: any) => void): void {
    this._on_msg = fn;
  }
  _process_msg(msg: services.KernelMessage.ICommMsgMsg): void | Promise<void> {
    if (this._on_msg) {
      return this._on_msg(msg);
    } else {
      return Promise.resolve();
    }
  }
  close(): string {
    if (this._on_close) {
      this._on_close();
    }
    return 'dummy';
  }
  /** Records every message, e.g. `{method: 'custom', content: {...}}`. */
  send(data: any): string {
    this.sent.push(data);
    return 'dummy';
  }

  open(): string {
    return 'dummy';
  }

  /** The contents of the custom messages sent so far (`model.send(content)`). */
  get custom(): unknown[] {
    return this.sent
      .filter(data => data?.method === 'custom')
      .map(data => data.content);
  }

  /** Delivers a custom message from the kernel (what `widget.send(content)` does). */
  receive(content: unknown): void | Promise<void> {
    return this._process_msg({
      content: { comm_id: this.comm_id, data: { method: 'custom', content } }
    } as unknown as services.KernelMessage.ICommMsgMsg);
  }

  comm_id: string;
  target_name = 'dummy';
  sent: any[] = [];
  _on_msg: ((x?: any) => void) | null = null;
  _on_close: ((x?: any) => void) | null = null;
}

/** The part of a kernel connection the live chart uses. */
export interface IMockKernel {
  interrupt: jest.Mock<Promise<void>, []>;
}

export class DummyManager extends baseManager.ManagerBase {
  constructor() {
    super();
    this.el = window.document.createElement('div');
    this.kernel = { interrupt: jest.fn(() => Promise.resolve()) };
  }

  display_view(view: widgets.DOMWidgetView): Promise<HTMLElement> {
    return Promise.resolve(view).then(view => {
      this.el.appendChild(view.el);
      return view.el;
    });
  }

  protected loadClass(
    className: string,
    moduleName: string,
    moduleVersion: string
  ): Promise<any> {
    if (moduleName === '@jupyter-widgets/base') {
      if ((widgets as any)[className]) {
        return Promise.resolve((widgets as any)[className]);
      } else {
        return Promise.reject(`Cannot find class ${className}`);
      }
    } else if (moduleName === MODULE_NAME) {
      if (this.testClasses[className]) {
        return Promise.resolve(this.testClasses[className]);
      } else {
        return Promise.reject(`Cannot find class ${className}`);
      }
    } else {
      return Promise.reject(`Cannot find module ${moduleName}`);
    }
  }

  _get_comm_info(): Promise<any> {
    return Promise.resolve({});
  }

  _create_comm(): Promise<any> {
    return Promise.resolve(new MockComm());
  }

  el: HTMLElement;
  /** What `LiveChartModel.requestStop` interrupts (the real manager has the session's kernel). */
  kernel: IMockKernel;

  testClasses: { [key: string]: any } = {
    LiveChartModel,
    LiveChartView,
    CellWriterModel,
    CellWriterView
  };
}

export interface IConstructor<T> {
  new (attributes?: any, options?: any): T;
}

/** A model with its own manager and a `MockComm` (`model.comm`). */
export function createTestModel<T extends widgets.WidgetModel>(
  constructor: IConstructor<T>,
  attributes?: any
): { model: T; comm: MockComm; manager: DummyManager } {
  const id = widgets.uuid();
  const manager = new DummyManager();
  const comm = new MockComm();
  const modelOptions = {
    widget_manager: manager,
    model_id: id,
    comm
  };
  const model = new constructor(attributes, modelOptions);
  return { model, comm, manager };
}
