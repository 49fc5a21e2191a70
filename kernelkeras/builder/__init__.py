"""The visual model builder: ``model_builder()``, an ipywidgets view over a widget-free state.

:class:`BuilderState` (``_state.py``) holds the rows, checks every edit, keeps
undo/redo and computes shapes and problems symbolically; rows, parameters and the
palette are derived from Keras' classes (``_rows.py``, ``_params.py``,
``_palette.py``); ``_code.py`` writes code and JSON. The widgets (``_widget.py``,
``_form.py``, ``_panels.py``, ``_train.py``) only call the state's Python API and
redraw from it: data flows state -> widgets.
"""

from kernelkeras.builder._state import BuilderState
from kernelkeras.builder._widget import ModelBuilder, model_builder

__all__ = ["BuilderState", "ModelBuilder", "model_builder"]
