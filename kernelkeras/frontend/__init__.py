"""The Python half of kernelkeras' JupyterLab extension: its two widgets.

:class:`LiveChart` is the live training chart, :class:`CellWriter` inserts code cells
into the notebook. ``labextension/src/`` is the other half; the messages between the
two are declared on both sides (``kernelkeras/_protocols.py`` and
``labextension/src/protocol.ts``).
"""

from kernelkeras.frontend._cell_writer import CellWriter
from kernelkeras.frontend._live_chart import LiveChart

__all__ = ["CellWriter", "LiveChart"]
