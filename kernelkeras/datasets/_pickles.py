"""Pickled NumPy arrays read without running any code from the file.

Two of Keras' dataset formats hold Python pickles: CIFAR's batches (a pickled dict
of a ``uint8`` array and lists of labels) and the ragged ``dtype=object`` arrays in
``imdb.npz`` and ``reuters.npz``. A pickle is a program: its ``GLOBAL``/``REDUCE``
opcodes import and call any function by name, so ``pickle.load`` of a hostile file
runs that file's code. :func:`read_pickle` uses Python's unpickler only as a parser:

- every name the stream imports goes through :meth:`_Reader.find_class`, which never
  imports anything. It answers only for the names NumPy's own pickles use (its array
  and dtype reconstructors, scalar and buffer helpers) and the two Python 3 writes for
  bytes in old protocols (``_codecs.encode``, ``bytes``), each with *kernelkeras' own*
  small function below, which checks its arguments and builds plain arrays with
  ``np.frombuffer`` or ``np.empty``. Any other name (``os.system``, ``builtins.eval``,
  ``numpy.load``, ...) raises :class:`UnsafePickleError` before anything is called;
- ``INST``, ``OBJ``, ``NEWOBJ`` and the extension registry all resolve their classes
  through ``find_class`` too, and persistent ids are refused, so no other callable
  can be reached: the stream can only build builtins (numbers, strings, bytes,
  lists, tuples, dicts) and the placeholders these functions return;
- :func:`resolved` then turns the placeholders into arrays and refuses any left over.

Example:

>>> read_pickle(pickle.dumps({"data": np.arange(3, dtype="uint8")}), "batch")["data"]
array([0, 1, 2], dtype=uint8)
"""

from __future__ import annotations

import io
import math
import pickle
from typing import Any, Literal

import numpy as np

#: The dtypes a dataset array may have (kind and size): bool, integers, floats, objects.
_KINDS = {"b": (1,), "i": (1, 2, 4, 8), "u": (1, 2, 4, 8), "f": (2, 4, 8), "O": (4, 8)}
#: At most this many items in one array (CIFAR-100's training data is 153.6 million).
MAX_ITEMS = 1 << 30


class UnsafePickleError(ValueError):
    """A pickle that asks for something other than plain arrays and Python values."""


class _Ndarray:
    """Stands for ``numpy.ndarray``; only :func:`_reconstruct` accepts it."""


class _Dtype:
    """A dtype named in the stream (``numpy.dtype('u1', False, True)``), checked."""

    def __init__(self, spec: Any, align: Any = False, copy: Any = False) -> None:
        name = spec.decode("ascii", "replace") if isinstance(spec, bytes) else spec
        if not isinstance(name, str) or len(name) < 2 or name[0] not in _KINDS:
            raise UnsafePickleError(f"a dtype {name!r:.40} that datasets do not use")
        if not name[1:].isdigit() or int(name[1:]) not in _KINDS[name[0]]:
            raise UnsafePickleError(f"a dtype {name!r:.40} that datasets do not use")
        self.dtype = np.dtype(name)

    def __setstate__(self, state: Any) -> None:
        if not isinstance(state, tuple) or len(state) < 2:
            raise UnsafePickleError("a dtype with a malformed state")
        order = state[1].decode("ascii", "replace") if isinstance(state[1], bytes) else state[1]
        if any(part is not None for part in state[2:5]) or order not in ("<", ">", "|", "="):
            raise UnsafePickleError("a structured or unusual dtype")
        if order in "<>" and self.dtype.itemsize > 1:
            self.dtype = self.dtype.newbyteorder("<" if order == "<" else ">")


def _dtype_of(value: Any) -> np.dtype:
    if isinstance(value, _Dtype):
        return value.dtype
    raise UnsafePickleError(f"an array whose dtype is a {type(value).__name__}")


def _shape_of(value: Any) -> Any:
    ok = isinstance(value, tuple) and all(type(d) is int and d >= 0 for d in value)
    if not ok or len(value) > 8 or math.prod(value) > MAX_ITEMS:
        raise UnsafePickleError(f"an array of shape {value!r:.60}")
    return value


def _filled(shape: Any, dtype: Any, data: Any, fortran: Any) -> np.ndarray:
    """The array of ``shape``/``dtype`` holding ``data`` (raw bytes, or a list of objects)."""
    shape, dtype = _shape_of(shape), _dtype_of(dtype)
    order: Literal["C", "F"] = "F" if fortran else "C"
    count = math.prod(shape)
    if dtype.kind == "O":
        if not isinstance(data, list) or len(data) != count:
            raise UnsafePickleError(f"an object array of {count} items without them")
        flat = np.empty(count, dtype=object)
        for i, item in enumerate(data):  # one by one: a list item stays a list
            flat[i] = item
        return flat.reshape(shape, order=order)
    if not isinstance(data, (bytes, bytearray)) or len(data) != count * dtype.itemsize:
        raise UnsafePickleError(f"an array of shape {shape} whose data has another size")
    return np.frombuffer(data, dtype=dtype).reshape(shape, order=order).copy()


class _Array:
    """What ``_reconstruct`` returns; the stream's ``BUILD`` gives it its contents."""

    def __init__(self) -> None:
        self.array: np.ndarray | None = None

    def __setstate__(self, state: Any) -> None:
        if not isinstance(state, tuple) or len(state) not in (4, 5) or self.array is not None:
            raise UnsafePickleError("an array with a malformed state")
        shape, dtype, fortran, data = state[-4:]
        self.array = _filled(shape, dtype, data, fortran)


def _reconstruct(cls: Any, shape: Any = (0,), dtype: Any = b"b") -> _Array:
    if cls is not _Ndarray:
        raise UnsafePickleError(f"an array of class {type(cls).__name__}")
    return _Array()


def _frombuffer(buffer: Any, dtype: Any, shape: Any, order: Any) -> np.ndarray:
    return _filled(
        shape, dtype, buffer if isinstance(buffer, bytes) else bytes(buffer), order == "F"
    )


def _scalar(dtype: Any, data: Any = b"") -> Any:
    dtype = _dtype_of(dtype)
    if dtype.kind == "O":
        raise UnsafePickleError("an object scalar")
    return _filled((), _DtypeOf(dtype), data, False)[()]


class _DtypeOf(_Dtype):
    def __init__(self, dtype: np.dtype) -> None:
        self.dtype = dtype


def _encode(text: Any, encoding: Any = "latin1") -> bytes:
    if not isinstance(text, str) or encoding not in ("latin1", "latin-1"):
        raise UnsafePickleError("a call of _codecs.encode that is not bytes in latin-1")
    return text.encode("latin-1")


_ALLOWED: dict[tuple[str, str], Any] = {("numpy", "ndarray"): _Ndarray, ("numpy", "dtype"): _Dtype}
for _core in ("numpy.core", "numpy._core"):
    _ALLOWED[(f"{_core}.multiarray", "_reconstruct")] = _reconstruct
    _ALLOWED[(f"{_core}.multiarray", "scalar")] = _scalar
    _ALLOWED[(f"{_core}.numeric", "_frombuffer")] = _frombuffer


def _bytes(*args: Any) -> bytes:
    if args:  # Python 3 writes b"" as bytes() in protocols 0 to 2; nothing else
        raise UnsafePickleError("a call of bytes() with arguments")
    return b""


_ALLOWED[("_codecs", "encode")] = _encode
_ALLOWED[("__builtin__", "bytes")] = _ALLOWED[("builtins", "bytes")] = _bytes


class _Reader(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        found = _ALLOWED.get((module, name))
        if found is None:
            raise UnsafePickleError(
                f"it asks for {module}.{name}; a dataset file only needs NumPy arrays"
            )
        return found

    def persistent_load(self, pid: Any) -> Any:
        raise UnsafePickleError("it refers to an outside object (a persistent id)")


def resolved(value: Any, depth: int = 0) -> Any:
    """``value`` with each placeholder replaced by its array (dicts, lists, tuples walked)."""
    if isinstance(value, _Array):
        if value.array is None:
            raise UnsafePickleError("an array without contents")
        return value.array
    if isinstance(value, (_Dtype, _Ndarray)) or value is _Ndarray:
        raise UnsafePickleError("a bare dtype or class where data belongs")
    if depth > 2:  # deeper values (a review's word list) are checked by their loader
        return value
    if isinstance(value, dict):
        return {key: resolved(item, depth + 1) for key, item in value.items()}
    if isinstance(value, list):
        return [resolved(item, depth + 1) for item in value]
    return value


def read_pickle(blob: bytes, what: str) -> Any:
    """The values in the pickle ``blob`` (arrays and Python values), built without its code.

    Raises:
        UnsafePickleError: (a ``ValueError``) the stream names anything else, or is damaged;
            the message says what it asked for, with ``what`` for the file.
    """
    try:
        value = _Reader(io.BytesIO(blob), encoding="bytes").load()
        return resolved(value)
    except UnsafePickleError as err:
        raise UnsafePickleError(f"{what} was not read: {err}. Nothing in it was run.") from None
    except (pickle.UnpicklingError, EOFError, TypeError, ValueError, AttributeError) as err:
        raise UnsafePickleError(
            f"{what} is not a readable pickle ({type(err).__name__})."
        ) from None
