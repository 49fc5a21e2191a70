"""The once-per-session note for an R keras spelling that Keras 3 renamed.

R code of 2017 writes ``optimizer_sgd(lr=0.01, decay=1e-6)``,
``layer_embedding(..., input_length=80)``, ``batch_input_shape=`` and
``callback_model_checkpoint("weights.hdf5")``. kernelkeras translates each one and says
so with a short :class:`RSpellingWarning` naming the Keras 3 spelling, the first time
that spelling is used in the session only: a loop that builds ten optimizers gets one
note. Silence them all with
``warnings.simplefilter("ignore", RSpellingWarning)``.

Example:

>>> optimizer_sgd(lr=0.1)      # RSpellingWarning: optimizer_sgd(lr=): ... learning_rate=
>>> optimizer_sgd(lr=0.1)      # nothing: said once
"""

from __future__ import annotations

import os
import sys
import warnings
from pathlib import Path

_PACKAGE = str(Path(__file__).resolve().parents[1]) + os.sep
_said: set[str] = set()


class RSpellingWarning(UserWarning):
    """An R keras spelling that Keras 3 renamed was translated (said once per spelling)."""


def _stacklevel() -> int:
    """The stack level of the first caller outside kernelkeras (the user's line)."""
    frame = sys._getframe(1)
    level = 1
    while frame is not None and frame.f_code.co_filename.startswith(_PACKAGE):
        frame = frame.f_back  # type: ignore[assignment]
        level += 1
    return level


def say_once(spelling: str, message: str) -> None:
    """Warns ``message`` (an :class:`RSpellingWarning`) the first time ``spelling`` is seen.

    Args:
        spelling: the old spelling, as a key, e.g. ``"lr="``.
        message: what was translated into what.
    """
    if spelling in _said:
        return
    _said.add(spelling)
    warnings.warn(message, RSpellingWarning, stacklevel=_stacklevel())


def said() -> frozenset[str]:
    """The spellings noted so far in this session."""
    return frozenset(_said)


def forget() -> None:
    """Forgets which spellings were noted, so each is said again (for tests)."""
    _said.clear()
