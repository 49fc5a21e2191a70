"""Training histories in files: JSON or CSV, read and written as plain data.

Both formats round-trip exactly: the same metric names in the same order, the same
epochs and bit-identical values, NaN and ±infinity included (floats are written with
Python's shortest exact ``repr``). The JSON is standard JSON: NaN is ``null`` and
±infinity ``1e999``/``-1e999`` (see :mod:`~kernelkeras.frames._history_fields`); in
CSV, NaN is an empty cell and ±infinity ``inf``/``-inf``.

JSON holds everything (settings included). CSV is the wide table of
``as_data_frame(history, wide=True)`` between a comment line that carries the
settings and an end line (so a file cut short is noticed); a CSV written by Keras'
``CSVLogger`` (``callback_csv_logger``) loads too.

Reading checks the file before its fields: a path (str or ``Path``) ending in ``.json``
or ``.csv``, a file (not a folder) of at most :data:`MAX_BYTES`, UTF-8 text; then every
field (:mod:`~kernelkeras.frames._history_fields`). Each refusal is a ``ValueError``
naming the file and the field.

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
import os
from pathlib import Path
from typing import Any, NamedTuple

from kernelkeras._text import shown
from kernelkeras.frames._history_fields import (
    bad,
    json_number,
    json_value,
    kind,
    number,
    settings,
    version,
    whole,
)


class HistoryData(NamedTuple):
    """A history's content: metric name -> values per epoch, 0-based epochs, settings."""

    metrics: dict[str, list[float]]
    epoch: list[int]
    params: dict[str, Any]


FORMAT = "kernelkeras.history"
VERSION = 1
#: A history file may be at most this large (one row per epoch: real ones are KBs).
MAX_BYTES = 16 * 2**20
_CSV_MARK = "# kernelkeras.history "
_CSV_END = "# end of history"
_MISSING = {"", "na", "nan", "none", "null"}


def history_path(value: Any, verb: str) -> Path:
    """``value`` as the path of a history file: a str or Path ending in .json or .csv."""
    if not isinstance(value, (str, os.PathLike)) or isinstance(value, bytes):
        raise TypeError(
            f"{verb}(): the path should be a str or pathlib.Path ending in .json or .csv; "
            f"got {type(value).__name__} {shown(value)}."
        )
    text = os.fspath(value)
    if not isinstance(text, str) or "\0" in text:
        raise ValueError(f"{verb}(): {shown(text)} is not a usable file path.")
    path = Path(text)
    if path.suffix.lower() not in (".json", ".csv"):
        raise ValueError(
            f"{verb}(): {shown(text)} should end in .json or .csv (the format is chosen by "
            "the suffix), e.g. 'history.json'."
        )
    return path


def _cell(value: float) -> str:
    return "" if math.isnan(value) else repr(float(value))


def write_history(path: str | Path, history: HistoryData) -> None:
    """Writes ``history`` to ``path``, as JSON or CSV by the suffix (``TrainingHistory.save``)."""
    path = history_path(path, "history.save")
    params = {
        k: v for k, v in history.params.items() if v is None or isinstance(v, (int, float, str))
    }
    params_json = "{" + ", ".join(f"{json.dumps(k)}: {json_value(v)}" for k, v in params.items())
    if path.suffix.lower() == ".json":
        metrics = ",\n".join(
            f"  {json.dumps(name)}: [{', '.join(json_number(v) for v in values)}]"
            for name, values in history.metrics.items()
        )
        document = (
            f'{{\n "format": "{FORMAT}",\n "version": {VERSION},\n "params": {params_json}}},\n'
            f' "epoch": {json.dumps([int(e) for e in history.epoch])},\n'
            f' "metrics": {{\n{metrics}\n }}\n}}\n'
        )
        path.write_text(document, encoding="utf-8")
        return
    if "epoch" in history.metrics:
        raise ValueError(
            f"history.save(): {shown(str(path))}: the history has a metric named 'epoch', "
            "which a CSV file cannot hold beside its own 'epoch' column; save it as .json "
            f"(e.g. {shown(path.with_suffix('.json').name)})."
        )
    header = f'{{"version": {VERSION}, "params": {params_json}}}, "rows": {len(history.epoch)}}}'
    out = io.StringIO()
    out.write(_CSV_MARK + header + "\n")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["epoch", *history.metrics])
    for i, epoch in enumerate(history.epoch):
        writer.writerow([epoch + 1, *(_cell(v[i]) for v in history.metrics.values())])
    out.write(_CSV_END + "\n")  # a file cut short lacks it
    path.write_text(out.getvalue(), encoding="utf-8")


def _load_json(path: Path, text: str) -> HistoryData:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as err:
        end = text.rstrip()
        cut = end[:1] in ("{", "[") and (err.pos >= len(end) or not end.endswith(("}", "]")))
        what = "complete JSON (cut short?)" if cut else "JSON"
        where = f"line {err.lineno}, column {err.colno}"
        raise bad(path, f"it is not {what}: {err.msg} ({where})") from None
    except RecursionError:
        raise bad(path, "it is JSON nested too deeply to be a history") from None
    except ValueError as err:  # e.g. an integer of more than 4,300 digits
        raise bad(path, f"it holds JSON a history cannot ({shown(str(err))})") from None
    if not isinstance(document, dict):
        raise bad(path, f'it holds {kind(document)}, not a JSON object with "format": "{FORMAT}"')
    if "format" not in document:
        raise bad(path, f'the JSON has no "format": "{FORMAT}" field')
    if document["format"] != FORMAT:
        raise bad(path, f'its "format" is {shown(document["format"])}, not "{FORMAT}"')
    version(document.get("version"), path, VERSION)
    epoch, metrics = document.get("epoch"), document.get("metrics")
    if not isinstance(epoch, list):
        raise bad(path, f'"epoch" holds {kind(epoch)}, not a list of epoch numbers')
    if not isinstance(metrics, dict):
        raise bad(path, f'"metrics" holds {kind(metrics)}, not an object of metrics')
    epochs = [whole(e, path, f'"epoch"[{i}]') for i, e in enumerate(epoch)]
    history = {}
    for name, values in metrics.items():
        field = f'"metrics"[{shown(name)}]'
        if not isinstance(values, list):
            raise bad(path, f"{field} holds {kind(values)}, not a list of numbers")
        if len(values) != len(epochs):
            raise bad(
                path,
                f"{field} has {len(values)} values for {len(epochs)} epochs; a history has "
                "one value per epoch (truncated?)",
            )
        history[name] = [number(v, path, f"{field}[{i}]") for i, v in enumerate(values)]
    return HistoryData(history, epochs, settings(document.get("params"), path))


def _header(path: Path, line: str) -> dict[str, Any]:
    """The settings line of a kernelkeras CSV: ``# kernelkeras.history {...}``."""
    try:
        header = json.loads(line[len(_CSV_MARK) :])
    except (ValueError, RecursionError):
        header = None
    if not isinstance(header, dict):
        raise bad(path, f"its first line is a damaged kernelkeras header: {shown(line)}")
    version(header.get("version"), path, VERSION, "the header's version")
    header["params"] = settings(header.get("params"), path, "the header's params")
    if "rows" in header:
        header["rows"] = whole(header["rows"], path, "the header's rows", high=2**63)
    return header


def _float(text: str, path: Path, where: str) -> float:
    if text.strip().lower() in _MISSING:
        return math.nan
    try:
        if "_" in text:  # float() takes 1_000; no CSV writer does
            raise ValueError(text)
        return float(text)
    except ValueError:
        raise bad(path, f"{where} holds {shown(text)}, not a number") from None


def _rows(path: Path, lines: list[str], first: int) -> list[tuple[int, list[str]]]:
    """The CSV rows that are not empty, with the line each starts on (1-based)."""
    reader = csv.reader(lines)
    rows = []
    try:
        start = reader.line_num
        for row in reader:
            if row:
                rows.append((first + start, row))
            start = reader.line_num
    except csv.Error as err:
        raise bad(path, f"line {first + reader.line_num - 1} is not CSV ({err})") from None
    return rows


def _load_csv(path: Path, text: str) -> HistoryData:
    # Lines end at \n, \r or \r\n only, and keep their ends: a quoted metric name may
    # hold a line break (or a character str.splitlines() would break at) and round-trips.
    lines = io.StringIO(text, newline="").readlines()
    header: dict[str, Any] = {}
    offset = 0  # CSVLogger files count epochs from 0, ours from 1
    if lines and lines[0].startswith(_CSV_MARK):
        header = _header(path, lines[0].rstrip("\r\n"))
        if lines[-1].rstrip("\r\n") != _CSV_END:
            raise bad(path, "it ends before its last line (truncated?)")
        lines, offset = lines[1:-1], 1
    elif lines and lines[0].startswith("#"):
        raise bad(
            path,
            f"its first line is a comment in no format kernelkeras knows: "
            f"{shown(lines[0].rstrip())} (kernelkeras' own start with {_CSV_MARK.strip()!r})",
        )
    rows = _rows(path, lines, offset + 1)
    if not rows or "epoch" not in rows[0][1]:
        raise bad(path, "the CSV has no 'epoch' column")
    columns = rows[0][1]
    twice = sorted({c for c in columns if columns.count(c) > 1})
    if twice:
        raise bad(path, f"its column {shown(twice[0])} appears twice")
    body = rows[1:]
    if "rows" in header and len(body) != header["rows"]:
        raise bad(path, f"it has {len(body)} epochs of the {header['rows']} it was saved with")
    for line, row in body:
        if len(row) != len(columns):
            raise bad(
                path,
                f"line {line} has a different number of cells than the header ({len(row)}, "
                f"not {len(columns)}; truncated?)",
            )
    at = columns.index("epoch")
    epoch = []
    for line, row in body:
        where = f"line {line}, column 'epoch',"
        value = _float(row[at], path, where)
        epoch.append(whole(value, path, where.rstrip(","), low=offset) - offset)
    history = {
        name: [_float(row[i], path, f"line {line}, column {shown(name)}") for line, row in body]
        for i, name in enumerate(columns)
        if i != at
    }
    if not header:  # a CSVLogger file: it lists val_ columns even without validation
        history = {k: v for k, v in history.items() if not all(math.isnan(x) for x in v)}
    return HistoryData(history, epoch, header.get("params") or {})


def read_history(path: str | Path) -> HistoryData:
    """Reads a history file (``.json`` or ``.csv``, by the suffix); see ``load_history``.

    Raises:
        TypeError: ``path`` is not a str or Path.
        FileNotFoundError: no such file.
        ValueError: the file is not a history, or is truncated (the message names the
            file and the field).
    """
    path = history_path(path, "load_history")
    if not path.exists():
        raise FileNotFoundError(f"load_history(): no file at {shown(str(path))}.")
    if not path.is_file():
        raise bad(path, "it is a folder (or a device), not a file")
    with path.open("rb") as file:
        blob = file.read(MAX_BYTES + 1)
    if len(blob) > MAX_BYTES:
        size = path.stat().st_size
        raise bad(path, f"it is {size:,} bytes, more than a history file may be ({MAX_BYTES:,})")
    if not blob.strip():
        raise bad(path, f"it is empty ({len(blob)} bytes)")
    try:
        text = blob.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise bad(path, "it is not text (UTF-8)") from None
    return _load_json(path, text) if path.suffix.lower() == ".json" else _load_csv(path, text)
