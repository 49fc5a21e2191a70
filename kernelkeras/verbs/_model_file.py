"""What a ``.keras`` file must be before Keras reads it, checked in one place.

A ``.keras`` file is a zip archive holding ``config.json`` (the architecture, as JSON),
``metadata.json`` and ``model.weights.h5``. :func:`read_model_file` checks the archive
(every member's CRC-32, the declared sizes), then the configuration (its size, that it
is a JSON object with ``class_name`` and ``config``, its nesting) and returns it.
:func:`refuse_code` then refuses, unless the user opted in with ``safe_mode=False``,
anything in it that would run code from the file: a Lambda's bytecode, a ``TFSMLayer``
or ``TorchModuleWrapper``, or a class from a module outside Keras (nothing a file names
is ever imported). Every refusal is a ``ValueError`` naming the file and what it is not.
Legacy HDF5 models (``.h5``) are checked by :mod:`~kernelkeras.verbs._h5_file`, and
their configuration refused by the same :func:`refuse_code`.

Example:

>>> config = read_model_file(Path("mlp.keras"))
>>> refuse_code(config, Path("mlp.keras"), custom_objects={}, safe_mode=True)
"""

from __future__ import annotations

import json
import zipfile
import zlib
from pathlib import Path
from typing import Any, NamedTuple

from kernelkeras._configs import find_code
from kernelkeras._text import shown

#: config.json may hold at most this many bytes (real ones are a few hundred KB).
MAX_CONFIG_BYTES = 16 * 2**20
#: ... and be nested at most this deep (a model inside a model adds about 4).
MAX_DEPTH = 100
#: A member this large must not have been compressed more than 100 times (a zip bomb).
_BOMB_FLOOR, _BOMB_RATIO = 2**28, 100
HDF5_SIGNATURE = b"\x89HDF\r\n\x1a\n"


class Origin(NamedTuple):
    """Who reads a configuration, for messages: the verb, and how to call it again.

    ``call`` is the call without its closing parenthesis, so that an option can follow:
    ``"load_model(path"`` -> ``load_model(path, safe_mode=False)``.
    """

    verb: str = "load_model"
    call: str = "load_model(path"
    hint: str = (
        "A Keras model file is a .keras zip archive written by save_model() or model.save()."
    )


FILE = Origin()


def safe_mode_hint(origin: Origin = FILE) -> str:
    """How to opt in to code from a file or a configuration, for ``origin``."""
    return (
        "kernelkeras runs code from a file only if you opt in: if you trust whoever made "
        f"it, load it with {origin.call}, safe_mode=False)"
    )


SAFE_MODE_HINT = safe_mode_hint()


def refusal(path: Path | str, problem: str, hint: str = "", origin: Origin = FILE) -> ValueError:
    """The error for what is not a readable Keras model: the file (or ``path`` as said), why."""
    hint = hint or origin.hint
    subject = shown(str(path)) if isinstance(path, Path) else path
    return ValueError(f"{origin.verb}(): {subject} {problem}. {hint}")


def _describe(head: bytes) -> str:
    """What a file that is not a zip archive is, from its first bytes."""
    if not head:
        return "it is empty (0 bytes)"
    if head.startswith(b"PK\x03\x04"):
        return "it is a zip archive cut short (truncated?): its table of contents is missing"
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if b'"kernelkeras.history"' in head or head.startswith(b"# kernelkeras.history"):
        return "it is a training history; read it with load_history()"
    if text[:1] in (b"{", b"["):
        return "it is JSON text, not a zip archive"
    try:  # the last 3 bytes may be a character cut in two
        (text[:-3] if len(head) == 512 else text).decode("utf-8")
        binary = b"\0" in text
    except UnicodeDecodeError:
        binary = True
    if binary:
        return f"it is not a zip archive (it starts with {shown(head[:16])})"
    start = text[:40].decode("utf-8", "replace")
    return f"it is text, not a zip archive (it starts with {shown(start)})"


def _check_archive(path: Path, archive: zipfile.ZipFile) -> None:
    names = archive.namelist()
    if "config.json" not in names:
        raise refusal(
            path,
            f"could not be read as a Keras model: it is a zip archive without config.json "
            f"(it holds {shown(names[:5])}{', …' if len(names) > 5 else ''})",
        )
    for info in archive.infolist():
        if info.file_size > _BOMB_FLOOR and info.file_size > _BOMB_RATIO * info.compress_size:
            raise refusal(
                path,
                f"is refused: its member {shown(info.filename)} would expand "
                f"{info.file_size:,} bytes from {info.compress_size:,} (a zip bomb)",
            )
    bad = archive.testzip()  # reads every member: CRC-32 and compressed data
    if bad is not None:
        raise refusal(
            path,
            f"is damaged: its member {shown(bad)} fails its CRC-32 check (its bytes "
            "changed after it was saved), so it could not be read as a Keras model",
            "Save the model again, or copy the file again from where it came from.",
        )


def _read_config(path: Path, archive: zipfile.ZipFile) -> Any:
    def bad(problem: str) -> ValueError:
        return refusal(path, f"could not be read as a Keras model: its config.json {problem}")

    with archive.open("config.json") as member:
        blob = member.read(MAX_CONFIG_BYTES + 1)
    if len(blob) > MAX_CONFIG_BYTES:
        size = archive.getinfo("config.json").file_size
        raise bad(
            f"is {size:,} bytes, more than a model configuration may be ({MAX_CONFIG_BYTES:,})"
        )
    try:
        return json.loads(blob.decode("utf-8"))
    except UnicodeDecodeError:
        raise bad("is not text (UTF-8)") from None
    except json.JSONDecodeError as err:
        raise bad(f"is not JSON ({err.msg} at line {err.lineno} column {err.colno})") from None
    except RecursionError:
        raise bad(f"is nested more than {MAX_DEPTH} levels deep") from None
    except ValueError as err:  # e.g. an integer of more than 4,300 digits
        raise bad(f"is not JSON Keras can read ({shown(str(err))})") from None


def _kind(value: Any) -> str:
    """What a JSON value is, in JSON's words."""
    if isinstance(value, dict):
        return 'an object without "class_name"'
    if value is None or isinstance(value, bool):
        return json.dumps(value)
    kinds = {list: "a list", str: "a string", int: "a number", float: "a number"}
    return kinds.get(type(value), f"a {type(value).__name__}")


def check_config(
    path: Path | str, config: Any, member: str = "config.json", origin: Origin = FILE
) -> None:
    """Checks that ``config`` (read from ``member`` of the file) is a model configuration.

    An object with a ``class_name``, nested at most ``MAX_DEPTH`` levels deep.
    """

    def bad(problem: str) -> ValueError:
        return refusal(
            path, f"could not be read as a Keras model: its {member} {problem}", origin=origin
        )

    if isinstance(config, dict) and config.get("format") == "kernelkeras.history":
        raise bad("is a training history, not a model configuration")
    if not isinstance(config, dict) or not isinstance(config.get("class_name"), str):
        raise bad(
            f"holds {_kind(config)}, not a model configuration (an object with "
            '"class_name" and "config")'
        )
    stack: list[tuple[Any, int]] = [(config, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise bad(f"is nested more than {MAX_DEPTH} levels deep")
        if isinstance(value, dict):
            stack.extend((v, depth + 1) for v in value.values())
        elif isinstance(value, list):
            stack.extend((v, depth + 1) for v in value)


def read_model_file(path: Path) -> dict[str, Any]:
    """Checks that ``path`` is an intact ``.keras`` archive; returns its configuration.

    Raises:
        ValueError: naming the file and what it is not (empty, not a zip archive,
            truncated, a damaged member, no or a malformed ``config.json``).
    """
    with path.open("rb") as file:
        head = file.read(512)
    if not zipfile.is_zipfile(path):
        raise refusal(path, f"is not a Keras model file: {_describe(head)}")
    try:
        with zipfile.ZipFile(path) as archive:
            _check_archive(path, archive)
            config = _read_config(path, archive)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as err:
        raise refusal(
            path,
            f"is damaged: its zip archive cannot be read ({shown(str(err))}), so it could "
            "not be read as a Keras model",
            "Save the model again, or copy the file again from where it came from.",
        ) from None
    check_config(path, config)
    if path.suffix != ".keras":
        raise refusal(
            path,
            "is a Keras model archive, but its name does not end in .keras",
            f"Rename it to {shown(path.with_suffix('.keras').name)}; Keras reads only that name.",
        )
    return config


def _layer_of(layer: str | None) -> str:
    return f"layer {shown(layer)}" if layer else "the model"


def refuse_code(
    config: Any,
    path: Path | str,
    custom_objects: dict[str, Any],
    safe_mode: bool,
    member: str = "config.json",
    origin: Origin = FILE,
) -> None:
    """Refuses a configuration that would run code from the file, or import what it names.

    Classes from modules outside Keras are refused whatever ``safe_mode`` (unless they are
    in ``custom_objects``); code (a lambda's bytecode, a layer of ``CODE_LAYERS``) unless
    ``safe_mode`` is ``False``. The check is ``_configs.find_code``, shared with the
    model builder.

    Raises:
        ValueError: naming the file, the layer, what the code is and how to opt in.
    """
    found = find_code(config, allowed=custom_objects, code=safe_mode)
    if found is None:
        return
    if found.kind == "lambda":
        raise refusal(
            path,
            f"is refused: it holds Python code (the bytecode of a lambda, in "
            f"{_layer_of(found.layer)} of its {member})",
            safe_mode_hint(origin) + ".",
            origin,
        )
    if found.kind == "code layer":
        raise refusal(
            path,
            f"is refused: its {_layer_of(found.layer)} is a {found.class_name}, which loads "
            "code from outside the file",
            safe_mode_hint(origin) + ".",
            origin,
        )
    raise unknown_class(path, found.class_name, found.module or "", member, origin)


def unknown_class(
    path: Path | str,
    cls: str,
    module: str = "",
    member: str = "config.json",
    origin: Origin = FILE,
) -> ValueError:
    """The error for a class or function Keras does not know: pass it in ``custom_objects``."""
    where = f" from module {shown(module)} (kernelkeras imports nothing a file names)"
    return refusal(
        path,
        f"could not be read as a Keras model: its {member} names a class or function "
        f"that is not part of Keras, {shown(cls)}{where if module else ''}",
        f"If it is your own, pass it: {origin.call}, custom_objects="
        f"{{{shown(cls)}: {cls if cls.isidentifier() else 'YourClass'}}}).",
        origin,
    )
