"""The fields of a history file, checked one by one: numbers, epochs and settings.

A history file comes from someone else as often as not, so every field is checked for
its type and range before a :class:`~kernelkeras.frames.TrainingHistory` is built, and
a wrong one gives a ``ValueError`` naming the file and the field (``metrics["loss"][2]``,
``line 4, column 'loss'``), quoting at most ~200 characters of the value.

Non-finite numbers: JSON has no NaN or infinity, so NaN is written as ``null`` (what
JavaScript's ``JSON.stringify`` writes too) and ±infinity as ``1e999`` / ``-1e999``,
standard JSON numbers too large for a double, which Python, pandas, JavaScript and R
read as ±infinity. Reading accepts those, the ``NaN``/``Infinity``/``-Infinity``
tokens Python's ``json`` writes by default, and the strings ``"NaN"``, ``"Infinity"``
and ``"-Infinity"`` (protobuf's JSON convention).

Example:

>>> json_number(float("inf")), json_number(float("nan")), json_number(0.1)
('1e999', 'null', '0.1')
>>> number("Infinity", Path("h.json"), 'metrics["loss"][0]')
inf
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

from kernelkeras._text import shown

#: Settings that count something: a whole number >= 0 (or null: unknown).
COUNTS = ("epochs", "steps", "samples", "validation_samples", "batch_size")
#: Epochs are 0-based and below this.
MAX_EPOCH = 2**31
_NON_FINITE = {"NaN": math.nan, "Infinity": math.inf, "-Infinity": -math.inf}


def bad(path: Path, problem: str) -> ValueError:
    """The error for a file that is not a readable history: the file, then why."""
    return ValueError(
        f"load_history(): {shown(str(path))} is not a training history file: {problem}. "
        "Histories are written by history.save('name.json' or 'name.csv'); Keras' "
        "CSVLogger files load too."
    )


def kind(value: Any) -> str:
    """What a JSON value is, in JSON's words: ``a list``, ``null``, ``a string``..."""
    if value is None or isinstance(value, bool):
        return json.dumps(value)
    kinds = {dict: "an object", list: "a list", str: "a string", int: "a number"}
    return kinds.get(type(value), "a number" if isinstance(value, float) else "a value")


def described(value: Any) -> str:
    """A value for a message: ``true``, ``null``, ``a string 'abc'``, ``1.5``, ``a list``."""
    if value is None or isinstance(value, (bool, list, dict)):
        return kind(value)
    if isinstance(value, str):
        return f"a string {shown(value)}"
    return shown(value)


def json_number(value: float) -> str:
    """``value`` as standard JSON: ``null`` for NaN, ``1e999``/``-1e999`` for ±infinity."""
    if math.isnan(value):
        return "null"
    if math.isinf(value):
        return "1e999" if value > 0 else "-1e999"
    return repr(float(value))


def json_value(value: Any) -> str:
    """A setting (str, int, float, bool or None) as standard JSON."""
    if isinstance(value, float):
        return json_number(value)
    return json.dumps(value)


def number(value: Any, path: Path, field: str) -> float:
    """A JSON metric value as a float; ``null`` is NaN."""
    if value is None:
        return math.nan
    if isinstance(value, str) and value in _NON_FINITE:
        return _NON_FINITE[value]
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise bad(path, f"{field} holds {described(value)}, not a number")
    try:
        return float(value)
    except OverflowError:  # an integer of hundreds of digits
        return math.inf if value > 0 else -math.inf


def whole(value: Any, path: Path, field: str, low: int = 0, high: int = MAX_EPOCH) -> int:
    """A whole number from ``low`` to below ``high`` (``3`` or ``3.0``; not ``True``)."""
    ok = isinstance(value, int) or (isinstance(value, float) and value.is_integer())
    if isinstance(value, bool) or not ok:
        raise bad(path, f"{field} holds {described(value)}, not a whole number")
    if value < low:
        raise bad(path, f"{field} is {shown(value)}, below {low}")
    if value >= high:
        raise bad(path, f"{field} is {shown(value)}, above {high - 1:,}")
    return int(value)


def settings(value: Any, path: Path, field: str = '"params"') -> dict[str, Any]:
    """The run's settings: single values, counts where ``params`` has counts."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise bad(path, f"{field} holds {kind(value)}, not an object of settings")
    for key, item in value.items():
        where = f"{field}[{shown(key)}]"
        if key in COUNTS and item is not None:
            whole(item, path, where, high=2**63)
        elif not (item is None or isinstance(item, (str, int, float, bool))):
            raise bad(path, f"{where} holds {kind(item)}; a setting is a single value")
    return dict(value)


def version(value: Any, path: Path, current: int, field: str = '"version"') -> int:
    """The format version: a whole number this kernelkeras can read."""
    found = whole(value, path, field, low=1, high=2**31)
    if found > current:
        raise bad(
            path,
            f"{field} is {found}, newer than this kernelkeras reads (up to {current}); "
            "upgrade kernelkeras to read it",
        )
    return found
