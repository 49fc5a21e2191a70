// jsdom has no DragEvent, which @lumino/dragdrop (loaded by @jupyter-widgets/base)
// subclasses when it is loaded; JupyterLab's own test setup shims it the same way.
if (typeof globalThis.DragEvent === 'undefined') {
  globalThis.DragEvent = class DragEvent extends MouseEvent {
    constructor(type, init = {}) {
      super(type, init);
      this.dataTransfer = init.dataTransfer ?? null;
    }
  };
}
