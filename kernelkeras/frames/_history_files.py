"""Training histories in files: JSON or CSV, read and written as plain data.

Both formats round-trip exactly: the same metric names in the same order, the same
epochs and bit-identical values (floats are written with Python's shortest exact
``repr``; NaN as ``null`` in JSON and as an empty cell in CSV).

JSON holds everything (settings included). CSV is the wide table of
``as_data_frame(history, wide=True)`` between a comment line that carries the
settings and an end line (so a file cut short is noticed); a CSV written by Keras'
``CSVLogger`` (``callback_csv_logger``) loads too.

This module knows the formats, not :class:`~kernelkeras.frames.TrainingHistory`: it
reads and writes :class:`HistoryData`, which the history is built from.

Example:

>>> write_history("run.json", HistoryData({"loss": [0.5, 0.4]}, [0, 1], {"epochs": 2}))
>>> read_history("run.json").metrics
{'loss': [0.5, 0.4]}
"""

from __future__ import annotations

import csv
import io
import json
import math
from pathlib import Path
from typing import Any, NamedTuple


class HistoryData(NamedTuple):
    """A history's content: metric name -> values per epoch, 0-based epochs, settings."""

    metrics: dict[str, list[float]]
    epoch: list[int]
    params: dict[str, Any]


FORMAT = "kernelkeras.history"
VERSION = 1
_CSV_MARK = "# kernelkeras.history "
_CSV_END = "# end of history"
_MISSING = {"", "na", "nan", "none", "null"}


def _suffix(path: Path, verb: str) -> str:
    suffix = path.suffix.lower()
    if suffix not in (".json", ".csv"):
        raise ValueError(
            f"{verb}(): {str(path)!r} should end in .json or .csv (the format is chosen by "
            "the suffix), e.g. 'history.json'."
        )
    return suffix


def _number(value: float) -> str:
    return "" if math.isnan(value) else repr(value)


def write_history(path: str | Path, history: HistoryData) -> None:
    """Writes ``history`` to ``path``, as JSON or CSV by the suffix (``TrainingHistory.save``)."""
    path = Path(path)
    suffix = _suffix(path, "save")
    params = {k: v for k, v in history.params.items() if isinstance(v, (int, float, str, bool))}
    if suffix == ".json":
        document = {
            "format": FORMAT,
            "version": VERSION,
            "params": params,
            "epoch": history.epoch,
            "metrics": {
                name: [None if math.isnan(v) else v for v in values]
                for name, values in history.metrics.items()
            },
        }
        path.write_text(json.dumps(document, indent=1, allow_nan=False) + "\n")
        return
    header = {"version": VERSION, "params": params, "rows": len(history.epoch)}
    out = io.StringIO()
    out.write(_CSV_MARK + json.dumps(header) + "\n")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["epoch", *history.metrics])
    for i, epoch in enumerate(history.epoch):
        writer.writerow([epoch + 1, *(_number(v[i]) for v in history.metrics.values())])
    out.write(_CSV_END + "\n")  # a file cut short lacks it
    path.write_text(out.getvalue())


def _bad(path: Path, problem: str) -> ValueError:
    return ValueError(
        f"load_history(): {str(path)!r} is not a training history file: {problem}. "
        "Histories are written by history.save('name.json' or 'name.csv'); Keras' "
        "CSVLogger files load too."
    )


def _float(text: str, path: Path, where: str) -> float:
    if text.strip().lower() in _MISSING:
        return math.nan
    try:
        return float(text)
    except ValueError:
        raise _bad(path, f"{where} holds {text!r}, not a number") from None


def _load_json(path: Path, text: str) -> HistoryData:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as err:
        raise _bad(path, f"it is not complete JSON ({err.msg} at line {err.lineno})") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise _bad(path, 'the JSON has no "format": "kernelkeras.history" field')
    metrics, epoch = document.get("metrics"), document.get("epoch")
    if not isinstance(metrics, dict) or not isinstance(epoch, list):
        raise _bad(path, 'the JSON lacks its "metrics" or "epoch" entries')
    history = {
        name: [math.nan if v is None else float(v) for v in values]
        for name, values in metrics.items()
    }
    if any(len(values) != len(epoch) for values in history.values()):
        raise _bad(path, "its metrics do not have one value per epoch (truncated?)")
    return HistoryData(history, epoch, document.get("params") or {})


def _load_csv(path: Path, text: str) -> HistoryData:
    lines = text.splitlines()
    header: dict[str, Any] = {}
    offset = 0  # CSVLogger files count epochs from 0, ours from 1
    if lines and lines[0].startswith(_CSV_MARK):
        try:
            header = json.loads(lines[0][len(_CSV_MARK) :])
        except json.JSONDecodeError:
            raise _bad(path, "its first line is a damaged kernelkeras header") from None
        if not lines or lines[-1] != _CSV_END:
            raise _bad(path, "it ends before its last line (truncated?)")
        lines, offset = lines[1:-1], 1
    rows = list(csv.reader(lines))
    if not rows or "epoch" not in rows[0]:
        raise _bad(path, "the CSV has no 'epoch' column")
    columns = rows[0]
    body = [row for row in rows[1:] if row]
    if "rows" in header and len(body) != header["rows"]:
        raise _bad(path, f"it has {len(body)} epochs of the {header['rows']} it was saved with")
    if any(len(row) != len(columns) for row in body):
        raise _bad(path, "a row has a different number of cells than the header (truncated?)")
    at = columns.index("epoch")
    epoch = []
    for n, row in enumerate(body, start=2):
        value = _float(row[at], path, f"line {n}, column 'epoch',")
        if math.isnan(value) or value != int(value):
            raise _bad(path, f"line {n} has epoch {row[at]!r}, not a whole number")
        epoch.append(int(value) - offset)
    history = {
        name: [_float(row[i], path, f"column {name!r}") for row in body]
        for i, name in enumerate(columns)
        if i != at
    }
    if not header:  # a CSVLogger file: it lists val_ columns even without validation
        history = {k: v for k, v in history.items() if not all(math.isnan(x) for x in v)}
    return HistoryData(history, epoch, header.get("params") or {})


def read_history(path: str | Path) -> HistoryData:
    """Reads a history file (``.json`` or ``.csv``, by the suffix); see ``load_history``.

    Raises:
        FileNotFoundError: no such file.
        ValueError: the file is not a history, or is truncated (the message says which).
    """
    path = Path(path)
    suffix = _suffix(path, "load_history")
    if not path.is_file():
        raise FileNotFoundError(f"load_history(): no file at {str(path)!r}.")
    try:
        text = path.read_text()
    except UnicodeDecodeError:
        raise _bad(path, "it is not text") from None
    return _load_json(path, text) if suffix == ".json" else _load_csv(path, text)
