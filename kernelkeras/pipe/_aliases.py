"""R keras' other names for layer functions: wrappers and RNN cells.

R keras writes the wrappers without ``layer_`` (``time_distributed(object, layer)``,
``bidirectional(object, layer, merge_mode=)``), and R keras3 names the RNN cells
``rnn_cell_lstm``, ``rnn_cell_gru``, ``rnn_cell_simple`` and ``rnn_cells_stack``.
Each is the ``layer_*`` function it names (same arguments, object first), so
``layer_lstm_cell`` and ``rnn_cell_lstm`` make the same ``keras.layers.LSTMCell``.

Example:

>>> model >> bidirectional(layer_lstm(units=64), merge_mode="sum")
>>> model >> time_distributed(layer_dense(units=1))
>>> layer_rnn(cell=rnn_cells_stack(rnn_cell_lstm(units=8), rnn_cell_gru(units=4)))
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

from kernelkeras._backend import keras

#: R's name -> the layer function it is another name for.
R_ALIASES = {
    "time_distributed": "layer_time_distributed",
    "bidirectional": "layer_bidirectional",
    "rnn_cell_lstm": "layer_lstm_cell",
    "rnn_cell_gru": "layer_gru_cell",
    "rnn_cell_simple": "layer_simple_rnn_cell",
}


def make_alias(name: str, target: Callable[..., Any]) -> Callable[..., Any]:
    """``target`` under R's ``name``: same arguments, signature and Keras class."""

    def alias(*args: Any, **kwargs: Any) -> Any:
        return target(*args, **kwargs)

    alias.__name__ = alias.__qualname__ = name
    alias.__module__ = "kernelkeras"
    alias.__doc__ = f"R keras' name for ``{target.__name__}``.\n\n{target.__doc__ or ''}"
    alias.__signature__ = inspect.signature(target)  # type: ignore[attr-defined]
    alias.keras_class = target.keras_class  # type: ignore[attr-defined]
    return alias


def make_cells_stack(target: Callable[..., Any]) -> Callable[..., Any]:
    """``rnn_cells_stack(cells, ...)``: R keras3's StackedRNNCells; a list of cells or each."""

    def rnn_cells_stack(*cells: Any, **kwargs: Any) -> Any:
        listed: list[Any] = []
        for cell in cells:
            listed += list(cell) if isinstance(cell, (list, tuple)) else [cell]
        if "cells" in kwargs:
            given = kwargs.pop("cells")
            listed = list(given) if isinstance(given, (list, tuple)) else [given]
        return target(cells=listed, **kwargs)

    rnn_cells_stack.__qualname__ = "rnn_cells_stack"
    rnn_cells_stack.__module__ = "kernelkeras"
    rnn_cells_stack.__doc__ = (
        "R keras3's name for ``layer_stacked_rnn_cells``: RNN cells stacked into one "
        "cell, given as a list or one by one.\n\n"
        ">>> layer_rnn(cell=rnn_cells_stack(rnn_cell_lstm(units=8), rnn_cell_lstm(units=4)))"
        f"\n\n{target.__doc__ or ''}"
    )
    params = inspect.signature(target).parameters
    rnn_cells_stack.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [
            inspect.Parameter("cells", inspect.Parameter.VAR_POSITIONAL),
            *[p for n, p in params.items() if n not in ("object", "cells")],
        ]
    )
    rnn_cells_stack.keras_class = keras.layers.StackedRNNCells  # type: ignore[attr-defined]
    return rnn_cells_stack


def build_aliases(functions: dict[str, Callable[..., Any]]) -> dict[str, Callable[..., Any]]:
    """Every R alias, from the generated ``layer_*`` ``functions`` (those Keras has)."""
    aliases = {
        name: make_alias(name, functions[target])
        for name, target in R_ALIASES.items()
        if target in functions
    }
    if "layer_stacked_rnn_cells" in functions:
        aliases["rnn_cells_stack"] = make_cells_stack(functions["layer_stacked_rnn_cells"])
    return aliases
